/**
 * The package version and the User-Agent core sends.
 */
import packageJson from '../package.json' with { type: 'json' };

/** Version of `@xltv/core` (from its package.json; bundlers inline it). */
export const CORE_VERSION: string = packageJson.version;

/** Parts of {@link buildUserAgent}. */
export interface UserAgentParts {
  /** Product version (the CLI passes its own); default {@link CORE_VERSION}. */
  readonly version?: string;
  /** Detected CI id, e.g. `gitlab`; default `local`. */
  readonly ci?: string | undefined;
}

/** `xltv/<version> node/<node version> (<ci id or "local">)`, as docs/protocol.md §2 specifies. */
export function buildUserAgent(parts: UserAgentParts = {}): string {
  const ci = parts.ci !== undefined && parts.ci.length > 0 ? parts.ci : 'local';
  return `xltv/${parts.version ?? CORE_VERSION} node/${process.version} (${ci})`;
}
