/**
 * `check`, `specs`, help and version of the built CLI, and the startup rule: the entry
 * chunk and what it imports statically hold no HTTP, zip or GitLab API code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receiver } from '@xltv/receiver';
import { BUILT_CLI, receiver, runXltv } from './helpers.js';

const SPECS = [
  {
    id: 'unit',
    title: 'Unit tests',
    project: { id: 'shop', title: 'Shop' },
    testTool: { name: 'xlt.JUnit' },
  },
  {
    id: 'all',
    title: 'Everything',
    type: 'xlt.TestSpecificationSet',
    project: { id: 'shop', title: 'Shop' },
  },
];

let server: Receiver;
beforeAll(async () => {
  server = await receiver({
    user: 'alice',
    password: 'check-password',
    specs: SPECS,
    contextRoot: '/xltest',
  });
});
afterAll(() => server.close());

const auth = ['--username', 'alice'];
const authEnv = { XLTV_PASSWORD: 'check-password' };

describe('xltv check', () => {
  it('reports server version, credentials, licence and the target: exit 0', async () => {
    const run = await runXltv(
      ['check', '--url', `${server.url}/`, ...auth, '--test-spec', 'unit'],
      { env: authEnv },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/✓ server\s+.*answers: .*1\.4\.4/);
    expect(run.stdout).toMatch(/✓ credentials\s+accepted for user "alice"/);
    expect(run.stdout).toMatch(/✓ licence\s+valid/);
    expect(run.stdout).toMatch(
      /✓ target\s+test specification "unit" \(title "Unit tests", project "Shop", xlt\.JUnit\) exists and accepts uploads/,
    );
  });

  it('fails (exit 1) on wrong credentials, naming the user', async () => {
    const run = await runXltv(['check', '--url', server.url, ...auth], {
      env: { XLTV_PASSWORD: 'nope-nope' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /✗ credentials\s+The server rejected the credentials of user "alice"/,
    );
  });

  it('fails (exit 1) on a test specification set or an unknown id', async () => {
    const set = await runXltv(['check', '--url', server.url, ...auth, '--test-spec', 'all'], {
      env: authEnv,
    });
    expect(set.code).toBe(1);
    expect(set.stdout).toMatch(/✗ target\s+"all" is a set of test specifications/);
    const unknown = await runXltv(['check', '--url', server.url, ...auth, '--test-spec', 'nope'], {
      env: authEnv,
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain('xltv specs');
  });

  it('fails (exit 1) on a server without licence, and on a wrong context root', async () => {
    const unlicensed = await receiver({ licensed: false });
    try {
      const run = await runXltv(['check', '--url', unlicensed.url]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/✗ licence\s+.*no valid licence/);
    } finally {
      await unlicensed.close();
    }
    const wrongRoot = await runXltv(
      ['check', '--url', server.url.replace('/xltest', '/wrong'), ...auth],
      { env: authEnv },
    );
    expect(wrongRoot.code).toBe(1);
  });

  it('is a usage error (exit 2) without a URL', async () => {
    const run = await runXltv(['check']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--url (XLTV_URL)');
  });
});

describe('xltv specs', () => {
  it('prints a table of id, project, title, test tool and default pattern', async () => {
    const run = await runXltv(['specs', ...auth], { env: { ...authEnv, XLTV_URL: server.url } });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+PROJECT\s+TITLE\s+TEST TOOL\s+DEFAULT PATTERN$/);
    expect(run.stdout).toMatch(/unit\s+Shop\s+Unit tests\s+xlt\.JUnit\s+\*\*\/TEST-\*\.xml/);
    expect(run.stdout).toMatch(/all\s+Shop\s+Everything\s+\(set: no uploads\)/);
  });

  it('prints the list as JSON with --json', async () => {
    const run = await runXltv(['specs', '--json', ...auth], {
      env: { ...authEnv, XLTV_URL: server.url },
    });
    expect(run.code).toBe(0);
    const specs = run.json as { id: string; project?: { title?: string } }[];
    expect(specs.map((spec) => spec.id).sort()).toEqual(['all', 'unit']);
  });
});

describe('help, version and startup', () => {
  it('prints the version, and help with worked examples for each CI', async () => {
    const version = await runXltv(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await runXltv(['upload', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/jenkins\s+post \{ always/);
    expect(help.stdout).toMatch(/github-actions\s+if: always\(\)/);
    expect(help.stdout).toContain('Exit codes: 0');
  });

  it('is a usage error (exit 2) with help on stderr when no command is given', async () => {
    const run = await runXltv([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: xltv');
  });

  it('loads no network-client, zlib or fs/promises built-in for --help and --version', () => {
    // process.moduleLoadList names every built-in module loaded so far.
    const probe = join(mkdtempSync(join(tmpdir(), 'xltv-startup-')), 'loaded.mjs');
    writeFileSync(
      probe,
      "process.on('exit', () => process.stderr.write(`\\nLOADED ${process.moduleLoadList.join(',')}\\n`));\n",
    );
    try {
      for (const args of [['--help'], ['--version'], ['upload', '--help']]) {
        const run = spawnSync(
          process.execPath,
          ['--import', pathToFileURL(probe).href, BUILT_CLI, ...args],
          {
            encoding: 'utf8',
          },
        );
        expect(run.status, args.join(' ')).toBe(0);
        const loaded = (/^LOADED (.*)$/m.exec(run.stderr)?.[1] ?? '').split(',');
        expect(loaded, 'the probe ran').toContain('NativeModule fs');
        for (const builtin of ['http', 'https', 'tls', 'zlib', 'fs/promises']) {
          expect(loaded, `${args.join(' ')} loads ${builtin}`).not.toContain(
            `NativeModule ${builtin}`,
          );
        }
      }
    } finally {
      rmSync(dirname(probe), { recursive: true, force: true });
    }
  });

  it('loads no HTTP, zip or GitLab code before a command needs it', () => {
    const seen = new Set<string>();
    const visit = (file: string): string => {
      if (seen.has(file)) return '';
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      // Static imports; dynamic ones (`import("./upload-….js")`) load when a command runs.
      const imports = [...text.matchAll(/^import\s[^;]*?from\s+"(\.\/[^"]+)";/gms)].map(
        (match) => match[1] ?? '',
      );
      return text + imports.map((path) => visit(join(dirname(file), path))).join('');
    };
    const eager = visit(BUILT_CLI);
    for (const heavy of [
      'node_modules/undici/',
      'node_modules/archiver/',
      '@gitbeaker',
      'node_modules/tinyglobby/',
    ]) {
      expect(eager, heavy).not.toContain(heavy);
    }
  });
});
