/**
 * References in text and attribute values: the five predefined entities and character
 * references. Nothing else is ever expanded (a DTD is never read), so a declared entity is
 * an undefined one here.
 */

/** Whether `cp` is an XML 1.0 `Char`. */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** What `&body;` stands for, or undefined when it is not a predefined entity or valid character. */
export function resolveReference(body: string): string | undefined {
  switch (body) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
  }
  if (body.charCodeAt(0) !== 0x23 /* # */) return undefined;
  let cp = NaN;
  if (/^#x[0-9a-fA-F]+$/.test(body)) cp = parseInt(body.slice(2), 16);
  else if (/^#[0-9]+$/.test(body)) cp = parseInt(body.slice(1), 10);
  return isXmlChar(cp) ? String.fromCodePoint(cp) : undefined;
}
