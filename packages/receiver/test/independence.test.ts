/**
 * The receiver must be an independent implementation of the protocol: if it shared the
 * client's encoder (or any other @xltv code), a bug there would be mirrored here and tests
 * against the receiver would pass anyway. The one exception is `@xltv/results`, the reader of
 * test result files: it knows nothing of the protocol, and the receiver uses it to count what
 * XL TestView would read, as a product server would use its own parsers.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_DIR } from './helpers.js';

const SRC = path.join(PACKAGE_DIR, 'src');
/** Every runtime dependency the receiver's sources may import, besides node: built-ins. */
const ALLOWED_PACKAGES = new Set(['yauzl', '@xltv/results']);
/** The only @xltv package the receiver may use (see above). */
const RESULTS_PACKAGE = '@xltv/results';
/** Module names of @xltv/core's client side (packages/core/src). */
const CLIENT_MODULES = [
  'metadata',
  'files',
  'zip',
  'secrets',
  'client',
  'adapter',
  'adapter-kit',
  'properties',
  'errors',
];

async function sources(): Promise<{ file: string; text: string }[]> {
  const names = (await readdir(SRC, { recursive: true })).filter((name) => name.endsWith('.ts'));
  return Promise.all(
    names.map(async (name) => ({
      file: path.join(SRC, name),
      text: await readFile(path.join(SRC, name), 'utf8'),
    })),
  );
}

/** Every module specifier of static imports, re-exports and dynamic imports. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g))
    found.push(match[1] ?? '');
  for (const match of text.matchAll(/(?:^|\s)import\s*['"]([^'"]+)['"]/g))
    found.push(match[1] ?? '');
  for (const match of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push(match[1] ?? '');
  for (const match of text.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push(match[1] ?? '');
  return found;
}

describe('independence from the client', () => {
  it('the sources import only node: built-ins, yauzl, @xltv/results and each other', async () => {
    const all = await sources();
    expect(all.length).toBeGreaterThan(5);
    let checked = 0;
    for (const { file, text } of all) {
      const found = specifiers(text);
      checked += found.length;
      for (const specifier of found) {
        if (specifier !== RESULTS_PACKAGE) expect(specifier, file).not.toMatch(/@xltv\//);
        if (specifier.startsWith('node:')) continue;
        if (specifier.startsWith('.')) {
          const target = path.resolve(path.dirname(file), specifier);
          expect(target.startsWith(SRC + path.sep), `${file} imports ${specifier}`).toBe(true);
          continue;
        }
        expect(ALLOWED_PACKAGES.has(specifier), `${file} imports ${specifier}`).toBe(true);
      }
    }
    // The server module alone imports a dozen modules: the scan does see imports.
    expect(checked).toBeGreaterThan(40);
  });

  it('no source mentions @xltv/ packages (but @xltv/results) or the core package’s files', async () => {
    for (const { file, text } of await sources()) {
      expect(text, file).not.toMatch(/from\s+['"]@xltv\/(?!results['"])/);
      expect(text, file).not.toMatch(/packages\/core|\.\.\/\.\.\/core|apps\/cli/);
      for (const name of CLIENT_MODULES) {
        expect(text, file).not.toMatch(new RegExp(`['"][^'"]*core[^'"]*/${name}(\\.js)?['"]`));
      }
    }
  });

  it('package.json declares no @xltv dependency of any kind but @xltv/results', async () => {
    const manifest = JSON.parse(
      await readFile(path.join(PACKAGE_DIR, 'package.json'), 'utf8'),
    ) as Record<string, unknown>;
    for (const field of [
      'dependencies',
      'devDependencies',
      'peerDependencies',
      'optionalDependencies',
    ]) {
      const deps = Object.keys((manifest[field] as Record<string, string> | undefined) ?? {});
      expect(
        deps.filter((name) => name.startsWith('@xltv/') && name !== RESULTS_PACKAGE),
        field,
      ).toEqual([]);
    }
    expect(Object.keys(manifest.dependencies as Record<string, string>).sort()).toEqual([
      RESULTS_PACKAGE,
      'yauzl',
    ]);
  });

  it('the scan detects a forbidden import (the check can fail)', () => {
    expect(specifiers("import { createBoundary } from '@xltv/core';")).toEqual(['@xltv/core']);
    expect(specifiers("export * from '../../core/src/multipart.js';")).toEqual([
      '../../core/src/multipart.js',
    ]);
    expect(specifiers("const m = await import('@xltv/core/multipart');")).toEqual([
      '@xltv/core/multipart',
    ]);
  });
});
