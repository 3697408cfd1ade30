/**
 * The order of strings by their UTF-8 bytes, without encoding them. Internal to the package
 * (the selection's sort); not exported from the index.
 */

/**
 * Compare `a` and `b` as `Buffer.compare` compares their UTF-8 encodings, for well-formed
 * strings, without the garbage of encoding both names at every comparison of a sort. UTF-16
 * code units order like code points, and code points like their UTF-8 bytes, except that
 * surrogates (U+D800–U+DFFF, the halves of a character beyond U+FFFF) come before
 * U+E000–U+FFFF: ranking them above U+FFFF gives code point order. A lone surrogate (which
 * `Buffer.from` encodes as U+FFFD) sorts as a character beyond U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x !== y) return codeUnitRank(x) - codeUnitRank(y);
  }
  return a.length - b.length;
}

function codeUnitRank(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit;
}
