// Compile-time constants for src/meta.ts, shared by tsup.config.ts and vitest.config.ts.
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
  bugs?: string | { url?: string };
  homepage?: string;
};

/** `define` entries: the version and the crash-report URL. */
export const PACKAGE_DEFINES: Record<string, string> = {
  __XLTV_VERSION__: JSON.stringify(manifest.version),
  __XLTV_REPORT_URL__: JSON.stringify(
    (typeof manifest.bugs === 'string' ? manifest.bugs : manifest.bugs?.url) ??
      manifest.homepage ??
      'https://www.npmjs.com/package/@xltv/cli',
  ),
};
