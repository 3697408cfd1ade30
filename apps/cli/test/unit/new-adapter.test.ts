import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** Every file below `dir`, recursively. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

describe('pnpm new:adapter <id>', () => {
  let root: string;
  const scaffold = (...args: string[]) =>
    spawnSync(process.execPath, [join(root, 'scripts', 'new-adapter.mjs'), ...args], {
      encoding: 'utf8',
    });

  beforeEach(() => {
    // A copy of just what the scaffolder reads and writes, so the real tree is untouched.
    root = mkdtempSync(join(tmpdir(), 'xltv-new-adapter-'));
    cpSync(join(repo, 'scripts'), join(root, 'scripts'), { recursive: true });
    cpSync(join(repo, 'templates'), join(root, 'templates'), { recursive: true });
    mkdirSync(join(root, 'packages', 'adapters'), { recursive: true });
    mkdirSync(join(root, 'apps', 'cli', 'src'), { recursive: true });
    cpSync(
      join(repo, 'apps', 'cli', 'src', 'registry.ts'),
      join(root, 'apps', 'cli', 'src', 'registry.ts'),
    );
    cpSync(join(repo, 'apps', 'cli', 'package.json'), join(root, 'apps', 'cli', 'package.json'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('scaffolds the package and registers it in the CLI registry and dependencies', () => {
    const run = scaffold(
      'acme-ci',
      '--name',
      'Acme CI',
      '--docs',
      'https://acme.example/vars',
      '--marker',
      'ACME_CI',
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);

    const dir = join(root, 'packages', 'adapters', 'acme-ci');
    for (const file of filesBelow(dir)) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/__[A-Z_]+__/);
    }
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name).toBe('@xltv/acme-ci');
    const source = readFileSync(join(dir, 'src', 'index.ts'), 'utf8');
    expect(source).toContain('export const acmeCi = {');
    expect(source).toContain("id: 'acme-ci'");
    expect(source).toContain("anySet(env, 'ACME_CI')");

    const registry = readFileSync(join(root, 'apps', 'cli', 'src', 'registry.ts'), 'utf8');
    expect(registry).toContain("import { acmeCi } from '@xltv/acme-ci';");
    // Registered before Jenkins, which must stay late in the detection order.
    expect(registry.indexOf('  acmeCi,')).toBeGreaterThan(
      registry.indexOf('export const ADAPTERS'),
    );
    expect(registry.indexOf('  acmeCi,')).toBeLessThan(registry.indexOf('  jenkins,'));

    const cli = JSON.parse(readFileSync(join(root, 'apps', 'cli', 'package.json'), 'utf8'));
    expect(cli.devDependencies['@xltv/acme-ci']).toBe('workspace:*');
  });

  it('refuses an id that is not lower-case words joined by "-", and an existing package', () => {
    const bad = scaffold('Acme_CI');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/lower-case words/);

    expect(scaffold('acme-ci', '--name', 'Acme CI').status).toBe(0);
    const again = scaffold('acme-ci', '--name', 'Acme CI');
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/exists already/);
  });
});
