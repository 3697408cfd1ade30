/**
 * Facts about this package, read from its manifest: `../package.json` both from src/ and from
 * the built dist/ (the tarball has the manifest at its root).
 */
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
  bugs?: { url?: string };
};

/** This CLI's version. */
export const VERSION: string = manifest.version;

/** Where users report a crash: the package's `bugs` URL, else its npm page. */
export const REPORT_URL: string = manifest.bugs?.url ?? 'https://www.npmjs.com/package/@xltv/cli';
