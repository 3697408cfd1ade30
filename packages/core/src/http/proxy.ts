/**
 * Proxy selection: an explicit proxy, else HTTPS_PROXY / HTTP_PROXY, with NO_PROXY applied
 * to both. Matching follows undici's EnvHttpProxyAgent (and curl): lower-case variables win
 * over upper-case ones; an https target falls back to the HTTP proxy when no HTTPS proxy is
 * set; NO_PROXY is a comma/space list of host names (a leading `.` or `*.` is ignored,
 * subdomains match), optionally with `:port`, or `*` for everything.
 */
import { XltvError } from '../errors.js';
import { stripCredentials } from '../secrets.js';
import type { Env } from '../adapter/contract.js';

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

function variable(env: Env, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}

/** True when NO_PROXY-style `noProxy` exempts `target` from the proxy. */
export function isNoProxy(target: URL, noProxy: string | undefined): boolean {
  if (noProxy === undefined) return false;
  const value = noProxy.trim();
  if (value === '*') return true;
  const hostname = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = Number.parseInt(target.port, 10) || DEFAULT_PORTS[target.protocol] || 0;
  for (const raw of value.split(/[,\s]+/)) {
    if (raw === '') continue;
    const withPort = /^(.+):(\d+)$/.exec(raw);
    const entryHost = (withPort ? withPort[1]! : raw)
      .replace(/^\*?\./, '')
      .replace(/^\[|\]$/g, '')
      .toLowerCase();
    const entryPort = withPort ? Number.parseInt(withPort[2]!, 10) : 0;
    if (entryPort !== 0 && entryPort !== port) continue;
    if (hostname === entryHost || hostname.endsWith(`.${entryHost}`)) return true;
  }
  return false;
}

/** Parse a proxy URL; a bare `host:port` (common in environment variables) means http. */
export function parseProxyUrl(value: string, source: string): URL {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new XltvError('INVALID_URL', `invalid proxy URL in ${source}`, {
      url: stripCredentials(value),
      option: source,
      reason: 'unparsable',
    });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new XltvError('INVALID_URL', `proxy URL in ${source} must be http(s)`, {
      url: stripCredentials(value),
      option: source,
      reason: 'scheme',
    });
  }
  return parsed;
}

/** Variables whose proxy URL undici may be handed (the explicit proxy aside). */
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/**
 * What a proxy's credentials look like on the wire, to redact: `user:password` as written
 * and decoded, and the `Proxy-Authorization: Basic` token undici builds from them (a proxy
 * may echo the request head in an error page).
 */
export function proxyAuthorizationSecrets(proxy: string | undefined, env: Env): string[] {
  const secrets = new Set<string>();
  for (const value of [proxy, ...PROXY_VARIABLES.map((name) => env[name])]) {
    if (value === undefined || value.trim() === '') continue;
    let url: URL;
    try {
      url = parseProxyUrl(value.trim(), 'proxy');
    } catch {
      continue;
    }
    if (url.username === '' && url.password === '') continue;
    const raw = `${url.username}:${url.password}`;
    let decoded = raw;
    try {
      decoded = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    } catch {
      // A malformed escape: undici fails on it too, so no token is ever sent.
    }
    // Without a password the user name is the secret, already redacted on its own.
    if (url.password !== '') {
      secrets.add(raw);
      secrets.add(decoded);
    }
    secrets.add(Buffer.from(decoded, 'utf8').toString('base64'));
  }
  return [...secrets];
}

/** The proxy chosen for `target`, with where it came from. */
export interface ProxyChoice {
  readonly url: URL;
  /** `proxy` (the explicit option) or the variable's name. */
  readonly source: string;
}

/**
 * Choose the proxy for `target`: the explicit `proxy` or the environment's, unless NO_PROXY
 * exempts the target. Returns undefined for a direct connection.
 * @throws {XltvError} `INVALID_URL` for an unparsable or non-http(s) proxy URL
 */
export function chooseProxy(
  target: URL,
  proxy: string | undefined,
  env: Env,
): ProxyChoice | undefined {
  let value: string | undefined;
  let source: string;
  if (proxy !== undefined && proxy.trim() !== '') {
    value = proxy.trim();
    source = 'proxy';
  } else if (target.protocol === 'https:' && variable(env, 'https_proxy') !== undefined) {
    value = variable(env, 'https_proxy');
    source = env.https_proxy?.trim() ? 'https_proxy' : 'HTTPS_PROXY';
  } else {
    value = variable(env, 'http_proxy');
    source = env.http_proxy?.trim() ? 'http_proxy' : 'HTTP_PROXY';
  }
  if (value === undefined) return undefined;
  if (isNoProxy(target, variable(env, 'no_proxy'))) return undefined;
  return { url: parseProxyUrl(value, source), source };
}
