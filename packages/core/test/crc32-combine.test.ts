import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32Combine } from '../src/zip/crc32-combine.js';

describe('crc32Combine', () => {
  it('gives the CRC-32 of the joined bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
        const joined = Buffer.concat([a, b]);
        expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(joined));
      }),
    );
  });

  it('holds for block-sized runs', () => {
    for (const [a, b] of [
      [1, 1024 * 1024],
      [1024 * 1024, 3 * 1024 * 1024 + 17],
    ] as const) {
      const first = randomBytes(a);
      const second = randomBytes(b);
      expect(crc32Combine(crc32(first), crc32(second), b)).toBe(
        crc32(Buffer.concat([first, second])),
      );
    }
  });
});
