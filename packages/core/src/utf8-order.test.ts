import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareUtf8 } from './utf8-order.js';

const byBytes = (a: string, b: string): number =>
  Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** Characters around the edges where UTF-16 and UTF-8 order differ, and plain ones. */
const edgeCharacter = fc.constantFrom(
  'a',
  'B',
  '/',
  '\u00e9',
  '\u07ff',
  '\u0800',
  '\ud7ff',
  '\ue000',
  '\uff5e',
  '\uffff',
  '\u{10000}',
  '\u{1f600}',
  '\u{10ffff}',
);
const edgeString = fc.array(edgeCharacter, { maxLength: 6 }).map((chars) => chars.join(''));
const anyString = fc.string({ unit: 'binary', maxLength: 12 });

describe('compareUtf8', () => {
  it('orders like Buffer.compare of the UTF-8 bytes', () => {
    for (const strings of [edgeString, anyString]) {
      fc.assert(
        fc.property(strings, strings, (a, b) => {
          expect(Math.sign(compareUtf8(a, b))).toBe(Math.sign(byBytes(a, b)));
        }),
        { numRuns: 5000 },
      );
    }
  });

  it('puts a character beyond U+FFFF after U+E000–U+FFFF, unlike UTF-16 order', () => {
    const names = ['\u{1f600}.xml', '\uff5e.xml', '\ue000.xml', 'z.xml'];
    expect([...names].sort(compareUtf8)).toEqual([
      'z.xml',
      '\ue000.xml',
      '\uff5e.xml',
      '\u{1f600}.xml',
    ]);
    expect([...names].sort()).not.toEqual([...names].sort(compareUtf8));
  });

  it('puts a prefix first and finds equal strings equal', () => {
    expect(compareUtf8('a', 'ab')).toBeLessThan(0);
    expect(compareUtf8('ab', 'a')).toBeGreaterThan(0);
    expect(compareUtf8('\u{1f600}', '\u{1f600}')).toBe(0);
  });
});
