/**
 * Base URL handling (docs/protocol.md §1): context roots, trailing slashes, credentials in the URL.
 */
import { XltvError } from '../errors.js';
import { stripCredentials } from '../secrets.js';

/** A parsed server base URL. */
export interface BaseUrl {
  /** `scheme://host[:port][/context-root]`: no credentials, no trailing `/`. */
  readonly base: string;
  /** The parsed form of {@link BaseUrl.base}. */
  readonly url: URL;
  /** User name taken from the URL (`https://user:pass@host`), decoded. */
  readonly username?: string;
  /** Password taken from the URL, decoded. */
  readonly password?: string;
}

function decode(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}

/**
 * Parse a server base URL. Every trailing `/` is stripped from the path so joining never
 * produces `//api`; credentials are moved out of it.
 * @throws {XltvError} `INVALID_URL` with details `{ url (redacted), reason }`: unparsable,
 *   not http(s), or carrying a query or fragment.
 */
export function parseBaseUrl(input: string): BaseUrl {
  const text = input.trim();
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new XltvError('INVALID_URL', `not a URL: ${stripCredentials(text)}`, {
      url: stripCredentials(text),
      reason: 'unparsable',
    });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new XltvError('INVALID_URL', `server URL must be http(s): ${stripCredentials(text)}`, {
      url: stripCredentials(text),
      reason: 'scheme',
    });
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new XltvError('INVALID_URL', `server URL must not have a query or fragment`, {
      url: stripCredentials(text),
      reason: 'query or fragment',
    });
  }
  const username = parsed.username === '' ? undefined : decode(parsed.username);
  const password = parsed.password === '' ? undefined : decode(parsed.password);
  const base = `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  return {
    base,
    url: new URL(base),
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}

/** `base` + `/` + each segment percent-encoded as one path segment (`encodeURIComponent`). */
export function joinPath(base: string, ...segments: readonly string[]): string {
  return [base.replace(/\/+$/, ''), ...segments.map((s) => encodeURIComponent(s))].join('/');
}
