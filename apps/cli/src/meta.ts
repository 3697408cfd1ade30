/** Facts about this package, read from its package.json at build time. */
import packageJson from '../package.json' with { type: 'json' };

interface PackageFacts {
  readonly version: string;
  readonly bugs?: string | { readonly url?: string };
  readonly homepage?: string;
}

const facts = packageJson as PackageFacts;

/** This CLI's version. */
export const VERSION: string = facts.version;

/** Where users report a crash: the package's `bugs` URL, else its npm page. */
export const REPORT_URL: string =
  (typeof facts.bugs === 'string' ? facts.bugs : facts.bugs?.url) ??
  facts.homepage ??
  'https://www.npmjs.com/package/@xltv/cli';

/** `xltv/<version> node/<version> (<ci id or local>)`, the User-Agent of every request. */
export function userAgent(source: string): string {
  return `xltv/${VERSION} node/${process.version} (${source})`;
}
