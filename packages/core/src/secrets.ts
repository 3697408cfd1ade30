/**
 * Keeping secrets out of output: every URL, error message and error detail core produces
 * passes through these functions before anyone can print it.
 */

/** What a redacted secret is replaced with. */
export const REDACTED = '***';

/**
 * Scheme, `//`, then the userinfo: everything up to the LAST `@` before the authority ends
 * (`/`, `?`, `#`), the same way WHATWG URL parsing finds it, so `u:p@ss@host` loses `u:p@ss@`.
 */
const USERINFO_PATTERN = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/?#]*@/;

/**
 * Remove `user:password@` (or a lone `token@`) from a URL string of any scheme, keeping the
 * scheme, host, port, path, query and fragment exactly as written. A string that is not a
 * URL is returned unchanged.
 * @example redactUrl('https://u:p@host:6516/xltest') === 'https://host:6516/xltest'
 */
export function redactUrl(url: string): string {
  return url.replace(USERINFO_PATTERN, '$1');
}

/** Options of {@link redactSecrets}. */
export interface RedactOptions {
  /**
   * User names that may have been paired with the secrets in an `Authorization: Basic`
   * header: `base64(user ":" secret)` is redacted for each user and each secret. User names
   * themselves are not secret and stay visible.
   */
  readonly basicUsers?: readonly (string | undefined)[];
}

/** Every textual form in which `secret` can leak. */
function formsOf(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const encodedComponent = encodeURIComponent(secret);
  forms.add(encodedComponent);
  // application/x-www-form-urlencoded writes spaces as '+'.
  forms.add(encodedComponent.replace(/%20/g, '+'));
  forms.add(encodeURI(secret));
  return [...forms];
}

function basicToken(user: string, secret: string): string {
  return Buffer.from(`${user}:${secret}`, 'utf8').toString('base64');
}

/**
 * Replace every occurrence of each secret by `***`: the secret itself, its URL-encoded forms,
 * and the base64 Basic token of every `user:secret` pair that can be derived — each ordered
 * pair of the given secrets (a user name passed as a secret) and each of `basicUsers` with
 * each secret. Empty and undefined secrets are ignored.
 */
export function redactSecrets(
  text: string,
  secrets: readonly (string | undefined)[],
  options: RedactOptions = {},
): string {
  const present = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  if (present.length === 0 || text.length === 0) return text;
  const forms = new Set<string>();
  for (const secret of present) for (const form of formsOf(secret)) forms.add(form);
  const users = [
    ...present,
    ...(options.basicUsers ?? []).filter((u): u is string => typeof u === 'string'),
  ];
  for (const user of users) {
    for (const secret of present) forms.add(basicToken(user, secret));
  }
  // Longest first, so a secret that contains another is removed whole, not half-masked.
  const ordered = [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
  let result = text;
  for (const form of ordered) {
    if (result.includes(form)) result = result.split(form).join(REDACTED);
  }
  return result;
}

/**
 * Deep-copy `value`, redacting every string in it with {@link redactSecrets} and every
 * string that looks like a URL with {@link redactUrl}. Used for error details.
 */
export function redactValue<T>(
  value: T,
  secrets: readonly (string | undefined)[],
  options: RedactOptions = {},
): T {
  return redactDeep(value, secrets, options, 0) as T;
}

function redactDeep(
  value: unknown,
  secrets: readonly (string | undefined)[],
  options: RedactOptions,
  depth: number,
): unknown {
  if (typeof value === 'string') return redactSecrets(redactUrl(value), secrets, options);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets, options, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    copy[key] = redactDeep(v, secrets, options, depth + 1);
  }
  return copy;
}
