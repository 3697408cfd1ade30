/**
 * Keeping secrets out of output: every URL, error message and error detail core produces
 * passes through these functions before anyone can print it.
 */

/** What a redacted secret is replaced with. */
export const REDACTED = '***';

/** A URL's scheme and user-info: up to the LAST `@` before the host ends, as URL parsers read it. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#\s]*)@/gi;

/**
 * A scheme URL whose password holds an unencoded `/`, `?`, `#` or backslash (`http://u:pa/ss@host`):
 * parsers end the authority there and reject the URL, so it is echoed in error messages.
 */
const BROKEN_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s"'<>`/?#\\@:]*:[^\s"'<>`]*)@/gi;

/**
 * `user:password@host` without a scheme: a user name, a colon, then up to the last `@` that
 * a host name (and a port) follows. Image references such as `nginx:1.2@sha256:…` and
 * addresses such as `mailto:a@b.c` stay.
 */
const BARE_USERINFO =
  /(^|[\s"'<>`=(,])(?!(?:mailto|sips?|xmpp|acct|urn):)([^\s"'<>`=(,@:/?#\\]+):(?!\/\/)([^\s"'<>`]*)@(?=(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]*\])(?::\d+)?(?:[/?#\s"'<>`),;]|\.?$|\.\s))/gi;

/**
 * Remove the user-info (`user:password@`, a lone `token@`) of every `scheme://…@` URL in
 * `text`, keeping everything else as written. `ssh://git@host` (and `git+ssh://`) keeps a
 * plain user name: with ssh the secret is a key, never the user. The user-info of what only
 * looks like such a URL (no scheme, or a password no parser accepts) is replaced by `***`,
 * so that an error about the value can still show it.
 * @example stripCredentials('https://u:p@host:6516/xltest') === 'https://host:6516/xltest'
 * @example stripCredentials('http://u:pa/ss@host') === 'http://***@host'
 * @example stripCredentials('u:pass@host:1') === '***@host:1'
 */
export function stripCredentials(text: string): string {
  const strip = (input: string): string =>
    input.replace(USERINFO, (whole, scheme: string, userinfo: string) =>
      (/(^|\+)ssh(\+|:)/i.test(scheme) && !/[:@]/.test(userinfo)) || userinfo === REDACTED
        ? whole
        : scheme,
    );
  // Removing one user-info can expose another (`https://a@https://b:c@host`): repeat.
  let current = text;
  for (let next = strip(current); next !== current; next = strip(current)) current = next;
  return current
    .replace(BROKEN_USERINFO, (whole, scheme: string, userinfo: string) =>
      looksLikeCredentials(userinfo) ? `${scheme}${REDACTED}@` : whole,
    )
    .replace(BARE_USERINFO, (_whole, before: string) => `${before}${REDACTED}@`);
}

/**
 * Whether the user-info candidate of a URL the parser rejects holds a password: a colon in
 * what a parser takes for the authority, followed by something other than a port.
 */
function looksLikeCredentials(userinfo: string): boolean {
  const authority = userinfo.split(/[/?#\\]/, 1)[0] ?? '';
  return authority !== userinfo && !/:\d*$/.test(authority);
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
 * string that looks like a URL with {@link stripCredentials}. Used for error details.
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
  if (typeof value === 'string') return redactSecrets(stripCredentials(value), secrets, options);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets, options, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    copy[key] = redactDeep(v, secrets, options, depth + 1);
  }
  return copy;
}

/** Shorter values are not masked in free text: masking every "b" would destroy the output and protect nothing. */
const MIN_SECRET_LENGTH = 4;

/** Variables that hold a proxy URL, which may carry credentials. */
const PROXY_ENV_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/** The password (or lone token) inside a URL's user-info, raw and decoded. */
export function urlCredentials(value: string | undefined): string[] {
  if (!value) return [];
  const userinfo =
    /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#\s]*)@/i.exec(value)?.[1] ?? brokenUserinfo(value.trim());
  if (!userinfo) return [];
  const colon = userinfo.indexOf(':');
  // A user name alone (https://token@host) is a token: a secret.
  const secret = colon < 0 ? userinfo : userinfo.slice(colon + 1);
  if (secret === '') return [];
  try {
    const decoded = decodeURIComponent(secret);
    return decoded === secret ? [secret] : [secret, decoded];
  } catch {
    return [secret];
  }
}

/**
 * The user-info of a URL no parser accepts but that holds credentials (`http://u:pa/ss@host`,
 * `u:pa/ss@host`), as {@link stripCredentials} masks it: up to the last `@`.
 */
function brokenUserinfo(value: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)?([^\s/?#\\@:]*:\S*)@/i.exec(value);
  const userinfo = match?.[2];
  if (userinfo === undefined) return undefined;
  return match?.[1] === undefined || looksLikeCredentials(userinfo) ? userinfo : undefined;
}

/** What {@link knownSecrets} looks at. */
export interface SecretSources {
  readonly password?: string | undefined;
  readonly url?: string | undefined;
  readonly proxy?: string | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Adapters whose `secretEnvVars` hold tokens. */
  readonly adapters?: readonly { readonly secretEnvVars?: readonly string[] }[];
}

/**
 * Every secret a call with these options knows, to mask in whatever it writes: the password,
 * the credentials in the server and proxy URLs (the proxy variables of `env` too), and the
 * values of the adapters' secret variables.
 */
export function knownSecrets(sources: SecretSources): string[] {
  const env = sources.env ?? {};
  const found = new Set<string>();
  const add = (value: string | undefined): void => {
    if (value !== undefined && value.length >= MIN_SECRET_LENGTH) found.add(value);
  };
  add(sources.password);
  add(env.XLTV_PASSWORD);
  for (const adapter of sources.adapters ?? []) {
    for (const name of adapter.secretEnvVars ?? []) add(env[name]);
  }
  for (const secret of [...urlCredentials(sources.url), ...proxySecrets(sources.proxy, env)]) {
    add(secret);
  }
  return [...found];
}

/** The credentials in the proxy URLs a client may use: the explicit one and the environment's. */
export function proxySecrets(
  proxy: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  return [proxy, ...PROXY_ENV_VARS.map((name) => env[name])].flatMap(urlCredentials);
}
