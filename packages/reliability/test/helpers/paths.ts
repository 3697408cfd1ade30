import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Repository root (packages/reliability/test/helpers → ../../../..). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
/** The built CLI, as users run it (turbo builds it before this suite: test dependsOn ^build). */
export const CLI_BIN = path.join(REPO_ROOT, 'apps/cli/dist/xltv.js');
/** The built receiver bin. */
export const RECEIVER_BIN = path.join(REPO_ROOT, 'packages/receiver/dist/bin.js');
