/**
 * HTTP Basic authentication (RFC 7617), the only scheme the product has (docs/protocol.md §2).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** The challenge every 401 carries. */
export const WWW_AUTHENTICATE = 'Basic realm="XL TestView"';

/** Credentials taken from an `Authorization` header. */
export interface BasicCredentials {
  readonly user: string;
  readonly password: string;
}

/**
 * Decode `Basic base64(user ":" password)`. The pair is read as UTF-8 (RFC 7617's charset);
 * bytes that are not valid UTF-8 are read as ISO-8859-1, which is what the Jenkins plugin
 * (OkHttp 2.5) sends. Undefined for a missing or malformed header.
 */
export function parseBasicAuthorization(header: string | undefined): BasicCredentials | undefined {
  const match =
    header === undefined ? null : /^Basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i.exec(header);
  if (!match) return undefined;
  const bytes = Buffer.from(match[1] ?? '', 'base64');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = bytes.toString('latin1');
  }
  const colon = text.indexOf(':');
  if (colon === -1) return undefined;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** Compare two secrets without leaking where they differ through timing. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** Request headers for storage: `authorization` and `proxy-authorization` keep their scheme only. */
export function redactHeaders(
  headers: NodeJS.Dict<string | string[]>,
): Record<string, string | string[]> {
  const redacted: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (name === 'authorization' || name === 'proxy-authorization' || name === 'cookie') {
      const first = Array.isArray(value) ? (value[0] ?? '') : value;
      const scheme = name === 'cookie' ? '' : (first.split(/[ \t]/)[0] ?? '');
      redacted[name] = scheme === '' ? '[redacted]' : `${scheme} [redacted]`;
      continue;
    }
    redacted[name] = value;
  }
  return redacted;
}
