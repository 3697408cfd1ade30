import { describe, expect, it } from 'vitest';
import { endRecords } from '../src/zip/records.js';

const ZIP64_END = 0x06064b50;
const END = 0x06054b50;

describe('endRecords', () => {
  it('writes the classic end record alone while every field fits', () => {
    const end = endRecords({ entries: 0xfffe, size: 0xfffffffe, offset: 0 });
    expect(end.length).toBe(22);
    expect(end.readUInt32LE(0)).toBe(END);
    expect(end.readUInt16LE(8)).toBe(0xfffe);
  });

  it('adds the Zip64 records when a field reaches its magic value, which means "see Zip64"', () => {
    for (const directory of [
      { entries: 0xffff, size: 100, offset: 100 },
      { entries: 1, size: 0xffffffff, offset: 100 },
      { entries: 1, size: 100, offset: 0xffffffff },
    ]) {
      const end = endRecords(directory);
      expect(end.length, JSON.stringify(directory)).toBe(56 + 20 + 22);
      expect(end.readUInt32LE(0)).toBe(ZIP64_END);
      expect(end.readBigUInt64LE(32)).toBe(BigInt(directory.entries));
      expect(end.readBigUInt64LE(40)).toBe(BigInt(directory.size));
      expect(end.readBigUInt64LE(48)).toBe(BigInt(directory.offset));
      expect(end.readUInt32LE(76)).toBe(END);
      expect(end.readUInt16LE(76 + 8)).toBe(0xffff);
    }
  });
});
