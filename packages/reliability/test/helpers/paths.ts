import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Repository root (packages/reliability/test/helpers → ../../../..). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
/**
 * The built CLI, as users run it (turbo builds it before this suite: test dependsOn ^build).
 * `XLTV_RELIABILITY_CLI` points the suite at another build of the same bin (e.g. an installed
 * tarball's `xltv.js`).
 */
export const CLI_BIN =
  process.env.XLTV_RELIABILITY_CLI ?? path.join(REPO_ROOT, 'apps/cli/dist/xltv.js');
/** The built receiver bin. */
export const RECEIVER_BIN = path.join(REPO_ROOT, 'packages/receiver/dist/bin.js');
