/**
 * The XML declaration (`<?xml version="1.0" encoding="UTF-8"?>`), checked as saxes checked
 * it: only at the very start of the file, its pseudo-attributes in their order.
 */

const QUESTION = 0x3f;
const GT = 0x3e;
const EQUALS = 0x3d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

/** The pseudo-attributes of an XML declaration, in their order, and their values. */
const DECLARATION: readonly (readonly [string, RegExp])[] = [
  ['version', /^1\.[0-9]+$/],
  ['encoding', /^[A-Za-z][A-Za-z0-9._-]*$/],
  ['standalone', /^(yes|no)$/],
];

/**
 * The XML declaration's pseudo-attributes from `text[from]` (just past `<?xml`) to its `?>`:
 * the index past it, undefined, or `-1 - i` for an error at `text[i]`. A `?` ends it wherever it
 * is, and each error is where saxes reports it.
 */
export function xmlDeclaration(text: string, from: number, limit: number): number | undefined {
  let next = 0;
  let i = from;
  const at = (k: number): number => (k < limit ? text.charCodeAt(k) : -1);
  for (;;) {
    let c = at(i);
    if (c === QUESTION) break;
    if (c < 0) return undefined;
    if (!isSpace(c)) return -1 - i;
    while (isSpace(c)) c = at(++i);
    if (c === QUESTION) break;
    const nameAt = i;
    while (c >= 0 && c !== QUESTION && c !== EQUALS && !isSpace(c)) c = at(++i);
    if (c < 0) return undefined;
    if (c === QUESTION) return -1 - i;
    const name = text.slice(nameAt, i);
    let expected = next;
    while (expected < DECLARATION.length && DECLARATION[expected]![0] !== name) expected++;
    if (expected === DECLARATION.length || (next === 0 && expected !== 0)) return -1 - i;
    while (isSpace(c)) c = at(++i);
    if (c !== EQUALS) return c < 0 ? undefined : -1 - i;
    c = at(++i);
    while (isSpace(c)) c = at(++i);
    if (c !== DQUOTE && c !== SQUOTE) return c < 0 ? undefined : -1 - i;
    const valueAt = i + 1;
    const quote = c;
    do c = at(++i);
    while (c >= 0 && c !== quote && c !== QUESTION);
    if (c !== quote) return c < 0 ? undefined : -1 - i;
    if (!DECLARATION[expected]![1].test(text.slice(valueAt, i))) return -1 - i;
    next = expected + 1;
    i++;
  }
  const c = at(i + 1);
  if (c !== GT) return c < 0 ? undefined : -1 - (i + 1);
  // The version is required.
  return next === 0 ? -1 - (i + 1) : i + 2;
}
