import { randomBytes } from 'node:crypto';
import { createDeflateRaw, createInflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RawDeflater, RawInflater, type ZlibStreamInternals } from '../src/raw-deflate.js';

/** Inputs from tiny to 1 MiB, compressible and not (random bytes grow a little when deflated). */
function inputs(): Buffer[] {
  const xml = Buffer.from('<testcase classname="a.B" name="works" time="0.001"/>\n'.repeat(20_000));
  return [
    Buffer.from('x'),
    xml.subarray(0, 200),
    xml.subarray(0, 50_000),
    randomBytes(70_000),
    xml.subarray(0, 1024 * 1024),
    randomBytes(1024 * 1024),
    xml.subarray(0, 10),
  ];
}

/**
 * A real zlib stream whose handle counts its synchronous calls: the reused stream, not the
 * fallback, is what does the work.
 */
function counted(stream: ZlibStreamInternals, count: () => void): ZlibStreamInternals {
  const handle = stream._handle!;
  const writeSync = handle.writeSync!.bind(handle);
  handle.writeSync = (...args) => {
    count();
    writeSync(...args);
  };
  return stream;
}

describe('RawDeflater', () => {
  it("gives deflateRawSync()'s bytes, one input after another through one stream", () => {
    for (const level of [1, 6, 9]) {
      let handleCalls = 0;
      const deflater = new RawDeflater(level, (zlibLevel) =>
        counted(
          createDeflateRaw({ level: zlibLevel }) as unknown as ZlibStreamInternals,
          () => handleCalls++,
        ),
      );
      for (const input of inputs()) {
        // A copy: the result is a view of a buffer the next call reuses.
        const ours = Buffer.from(deflater.deflate(input));
        expect(ours.equals(deflateRawSync(input, { level })), `${input.length} B at ${level}`).toBe(
          true,
        );
        expect(inflateRawSync(ours).equals(input)).toBe(true);
      }
      expect(handleCalls).toBe(inputs().length);
      deflater.close();
    }
  });

  it("falls back to deflateRawSync() when the zlib stream's internals are not there", () => {
    let created = 0;
    const deflater = new RawDeflater(1, () => {
      created++;
      return { destroyed: false, close: () => undefined };
    });
    for (const input of inputs()) {
      expect(Buffer.from(deflater.deflate(input)).equals(deflateRawSync(input, { level: 1 }))).toBe(
        true,
      );
    }
    expect(created).toBe(1);
  });
});

describe('RawInflater', () => {
  it('gives back what was deflated, one input after another through one stream', () => {
    let handleCalls = 0;
    const inflater = new RawInflater(() =>
      counted(createInflateRaw() as unknown as ZlibStreamInternals, () => handleCalls++),
    );
    const all = inputs();
    for (const level of [1, 9]) {
      for (const input of all) {
        const inflated = inflater.inflate(deflateRawSync(input, { level }), input.length);
        expect(Buffer.from(inflated).equals(input), `${input.length} B at ${level}`).toBe(true);
      }
    }
    expect(handleCalls).toBe(all.length * 2);
    inflater.close();
  });

  it("falls back to inflateRawSync() when the zlib stream's internals are not there", () => {
    const inflater = new RawInflater(() => ({ destroyed: false, close: () => undefined }));
    for (const input of inputs()) {
      const inflated = inflater.inflate(deflateRawSync(input, { level: 1 }), input.length);
      expect(Buffer.from(inflated).equals(input)).toBe(true);
    }
  });
});
