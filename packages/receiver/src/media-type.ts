/**
 * Parsing of `Content-Type` and `Content-Disposition` header values (RFC 9110 §8.3,
 * RFC 6266): a type and `;`-separated parameters whose values may be quoted strings.
 */

/** A parsed header value: lower-cased type and lower-cased parameter names. */
export interface ParsedHeaderValue {
  /** `type/subtype` for Content-Type, the disposition type for Content-Disposition. */
  readonly type: string;
  /** Parameter values, unquoted; names lower-cased. */
  readonly params: ReadonlyMap<string, string>;
}

/**
 * Parse `type; a=b; c="d e"`. Returns undefined when the value is not well-formed
 * (an empty type, an unterminated quoted string, a parameter without `=`).
 */
export function parseHeaderValue(value: string): ParsedHeaderValue | undefined {
  let index = value.indexOf(';');
  const type = (index === -1 ? value : value.slice(0, index)).trim().toLowerCase();
  if (type === '') return undefined;
  const params = new Map<string, string>();
  if (index === -1) return { type, params };
  index += 1;
  while (index < value.length) {
    while (index < value.length && isWhitespace(value[index])) index += 1;
    if (index >= value.length) break;
    if (value[index] === ';') {
      index += 1;
      continue;
    }
    const equals = value.indexOf('=', index);
    if (equals === -1) return undefined;
    const name = value.slice(index, equals).trim().toLowerCase();
    if (name === '' || /[\s;"]/.test(name)) return undefined;
    index = equals + 1;
    let paramValue: string;
    if (value[index] === '"') {
      index += 1;
      paramValue = '';
      let closed = false;
      while (index < value.length) {
        const char = value[index] as string;
        if (char === '\\' && index + 1 < value.length) {
          paramValue += value[index + 1];
          index += 2;
        } else if (char === '"') {
          index += 1;
          closed = true;
          break;
        } else {
          paramValue += char;
          index += 1;
        }
      }
      if (!closed) return undefined;
      while (index < value.length && isWhitespace(value[index])) index += 1;
      if (index < value.length && value[index] !== ';') return undefined;
    } else {
      const end = value.indexOf(';', index);
      paramValue = (end === -1 ? value.slice(index) : value.slice(index, end)).trim();
      index = end === -1 ? value.length : end;
    }
    // RFC 2231 / RFC 8187 extended values (`filename*=UTF-8''a%20b.zip`).
    if (name.endsWith('*')) {
      const decoded = decodeExtendedValue(paramValue);
      if (decoded !== undefined) params.set(name.slice(0, -1), decoded);
      continue;
    }
    if (!params.has(name)) params.set(name, paramValue);
  }
  return { type, params };
}

function isWhitespace(char: string | undefined): boolean {
  return char === ' ' || char === '\t';
}

function decodeExtendedValue(value: string): string | undefined {
  const match = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (!match || (match[1] ?? '').toLowerCase() !== 'utf-8') return undefined;
  try {
    return decodeURIComponent(match[2] ?? '');
  } catch {
    return undefined;
  }
}

/** Characters RFC 2046 §5.1.1 allows in a boundary (`bchars`), space only inside. */
const BOUNDARY_PATTERN = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/** Whether `boundary` is a valid RFC 2046 boundary (1–70 characters of `bchars`). */
export function isValidBoundary(boundary: string): boolean {
  return BOUNDARY_PATTERN.test(boundary);
}
