/**
 * scripts/check-wrappers.mjs fails when a wrapper pins another CLI version or has another
 * version of its own, and scripts/sync-wrapper-pins.mjs (the release's step) makes it pass;
 * both run on a repository tree of their own in a temporary directory, then on this one.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPTS = fileURLToPath(new URL('../../../scripts/', import.meta.url));
/** Built, so that the check does not read this file's own pins. */
const CLI = '@xltv/cli';

function script(name: string, root?: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [join(SCRIPTS, name), ...(root ? [root] : [])], {
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function tree(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'xltv-wrappers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const manifest = (name: string, version: string): string =>
  `${JSON.stringify({ name, version, private: true }, null, 2)}\n`;

describe('the wrapper pins', () => {
  it('fail the check when they differ from the CLI, and the release sync fixes them', () => {
    const root = tree({
      'apps/cli/package.json': manifest('@xltv/cli', '0.2.0'),
      'apps/cli/README.md': `npx ${CLI}@0.1.0 is the CLI's own business\n`,
      'apps/docker/package.json': manifest('@xltv/docker', '0.1.0'),
      'apps/docker/Dockerfile': `RUN npm install -g ${CLI}@0.1.0\n`,
      'apps/orb/package.json': manifest('@xltv/orb', '0.2.0'),
      'apps/orb/src/upload.yml': `default: ${CLI}@0.1.0\nsee ${CLI}@<version>\n`,
      'apps/orb/README.md': `Uses ${CLI}@0.2.0. Or ${CLI}@latest.\n`,
      'apps/orb/node_modules/x/index.js': `${CLI}@0.0.1\n`,
    });

    const failed = script('check-wrappers.mjs', root);
    expect(failed.status).toBe(1);
    expect(failed.output).toContain('apps/docker/package.json: version 0.1.0, the CLI is 0.2.0');
    expect(failed.output).toContain(`apps/docker/Dockerfile:1: pins ${CLI}@0.1.0`);
    expect(failed.output).toContain(`apps/orb/src/upload.yml:1: pins ${CLI}@0.1.0`);
    expect(failed.output).toContain(`apps/orb/README.md:1: pins ${CLI}@latest`);
    expect(failed.output).not.toMatch(
      /apps\/cli\/|node_modules|README\.md:1: pins @xltv\/cli@0\.2\.0/,
    );

    expect(script('sync-wrapper-pins.mjs', root).status).toBe(0);
    const passed = script('check-wrappers.mjs', root);
    expect(passed.output).toContain(`Every wrapper pins ${CLI}@0.2.0.`);
    expect(passed.status).toBe(0);
    const read = (path: string): string => readFileSync(join(root, path), 'utf8');
    expect(read('apps/docker/Dockerfile')).toBe(`RUN npm install -g ${CLI}@0.2.0\n`);
    expect(JSON.parse(read('apps/docker/package.json'))).toMatchObject({ version: '0.2.0' });
    expect(read('apps/orb/src/upload.yml')).toBe(`default: ${CLI}@0.2.0\nsee ${CLI}@<version>\n`);
    expect(read('apps/orb/README.md')).toBe(`Uses ${CLI}@0.2.0. Or ${CLI}@0.2.0.\n`);
    expect(read('apps/orb/node_modules/x/index.js')).toBe(`${CLI}@0.0.1\n`);
    expect(read('apps/cli/README.md')).toContain(`${CLI}@0.1.0`);
  });

  it('agree with the CLI in this repository', () => {
    const check = script('check-wrappers.mjs');
    expect(check.output).toContain('Every wrapper pins');
    expect(check.status).toBe(0);
  });
});
