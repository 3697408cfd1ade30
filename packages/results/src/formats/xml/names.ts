/**
 * XML 1.0 (fifth edition) `Name` characters: a table for ASCII, where almost every name in a
 * result file lives, and the standard's code point ranges for the rest.
 */

/** Bit 1: may start a name; bit 2: may continue one. */
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  if (letter || c === 0x3a || c === 0x5f) ASCII[c] = 3;
  else if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e) ASCII[c] = 2;
}

/** Whether code point `cp` may start a name. */
export function isNameStart(cp: number): boolean {
  if (cp < 0x80) return (ASCII[cp]! & 1) !== 0;
  return (
    (cp >= 0xc0 && cp <= 0xd6) ||
    (cp >= 0xd8 && cp <= 0xf6) ||
    (cp >= 0xf8 && cp <= 0x2ff) ||
    (cp >= 0x370 && cp <= 0x37d) ||
    (cp >= 0x37f && cp <= 0x1fff) ||
    cp === 0x200c ||
    cp === 0x200d ||
    (cp >= 0x2070 && cp <= 0x218f) ||
    (cp >= 0x2c00 && cp <= 0x2fef) ||
    (cp >= 0x3001 && cp <= 0xd7ff) ||
    (cp >= 0xf900 && cp <= 0xfdcf) ||
    (cp >= 0xfdf0 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0xeffff)
  );
}

/** Whether code point `cp` may appear in a name after its first character. */
function isNameChar(cp: number): boolean {
  if (cp < 0x80) return ASCII[cp] !== 0;
  return (
    isNameStart(cp) || cp === 0xb7 || (cp >= 0x300 && cp <= 0x36f) || cp === 0x203f || cp === 0x2040
  );
}

/**
 * The index just past the name characters of `text` from `from` (not past `limit`); the
 * first character is not checked as a start. A surrogate pair is taken whole or not at all.
 */
export function nameCharsEnd(text: string, from: number, limit: number): number {
  let i = from;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (ASCII[c] === 0) return i;
      i++;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      if (i + 1 >= limit || !isNameChar(text.codePointAt(i)!)) return i;
      i += 2;
    } else {
      if (!isNameChar(c)) return i;
      i++;
    }
  }
  return i;
}

/** Whether `text` is a whole XML name. */
export function isName(text: string): boolean {
  return (
    text.length > 0 &&
    isNameStart(text.codePointAt(0)!) &&
    nameCharsEnd(text, 0, text.length) === text.length
  );
}
