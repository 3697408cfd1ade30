/**
 * Every secret this process knows, so that each line it prints can be passed through core's
 * `redactSecrets`: the password (flag or env), credentials inside the server and proxy URLs,
 * and the CI tokens an adapter may use for API calls.
 */
import type { Env } from '@xltv/core';

/** Variables whose values are secrets whenever they are set. */
export const SECRET_ENV_VARS: readonly string[] = [
  'XLTV_PASSWORD',
  'XLTV_GITLAB_TOKEN',
  'CI_JOB_TOKEN',
  'GITLAB_TOKEN',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'SYSTEM_ACCESSTOKEN',
  'BUILDKITE_AGENT_ACCESS_TOKEN',
  'CIRCLE_TOKEN',
];

const PROXY_ENV_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/** The user name and password inside a URL, raw and decoded. */
export function urlCredentials(value: string | undefined): string[] {
  if (!value) return [];
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^@/]*)@/i.exec(value);
  if (!match?.[1]) return [];
  const userinfo = match[1];
  const colon = userinfo.indexOf(':');
  // A user name alone in a URL (https://token@host) is a token: treat it as a secret.
  const parts = colon < 0 ? [userinfo] : [userinfo.slice(colon + 1)];
  const out: string[] = [];
  for (const part of parts) {
    if (part === '') continue;
    out.push(part);
    try {
      const decoded = decodeURIComponent(part);
      if (decoded !== part) out.push(decoded);
    } catch {
      // Malformed escapes: the raw form is enough.
    }
  }
  return out;
}

/** The secrets to redact from all output. */
export function collectSecrets(
  env: Env,
  known: { password?: string | undefined; url?: string | undefined; proxy?: string | undefined },
): string[] {
  const secrets = new Set<string>();
  const add = (value: string | undefined) => {
    if (value !== undefined && value !== '') secrets.add(value);
  };
  add(known.password);
  for (const name of SECRET_ENV_VARS) add(env[name]);
  for (const value of [known.url, known.proxy, ...PROXY_ENV_VARS.map((name) => env[name])]) {
    for (const secret of urlCredentials(value)) add(secret);
  }
  return [...secrets];
}
