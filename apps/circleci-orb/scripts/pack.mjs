/**
 * Packs src/ into one orb.yml as `circleci orb pack` does: `@orb.yml` is the root, each
 * directory (commands, jobs, executors, examples) becomes a key holding one entry per file,
 * named after the file, and a value `<<include(path)>>` is replaced by that file of src/.
 *
 *   node scripts/pack.mjs [--out dist/orb.yml]
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const INCLUDE = /^<<\s*include\(([^)]+)\)\s*>>$/;

/** Replaces every `<<include(path)>>` value below `node`; any other use of it is an error. */
function inline(node, srcDir, where) {
  if (typeof node === 'string') {
    const match = INCLUDE.exec(node.trim());
    if (match) {
      const file = resolve(srcDir, match[1].trim());
      // An include reads only files of src/, as the CircleCI CLI does.
      if (relative(srcDir, file).startsWith('..'))
        throw new Error(`${where}: ${match[1]} is outside src/`);
      return readFileSync(file, 'utf8');
    }
    if (node.includes('<<include('))
      throw new Error(`${where}: <<include(…)>> must be the whole value`);
    return node;
  }
  if (Array.isArray(node)) return node.map((item, i) => inline(item, srcDir, `${where}[${i}]`));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, inline(value, srcDir, `${where}.${key}`)]),
    );
  }
  return node;
}

/** The packed orb of `srcDir`, as an object. */
export function packOrb(srcDir) {
  const orb = parse(readFileSync(join(srcDir, '@orb.yml'), 'utf8')) ?? {};
  for (const dir of readdirSync(srcDir).sort()) {
    const path = join(srcDir, dir);
    if (!statSync(path).isDirectory() || dir === 'scripts') continue;
    const entries = {};
    for (const file of readdirSync(path).sort()) {
      if (!['.yml', '.yaml'].includes(extname(file))) continue;
      const name = file.slice(0, -extname(file).length);
      entries[name] = parse(readFileSync(join(path, file), 'utf8'));
    }
    if (orb[dir] !== undefined) throw new Error(`@orb.yml already has a key ${dir}`);
    orb[dir] = entries;
  }
  return inline(orb, resolve(srcDir), 'orb');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const at = process.argv.indexOf('--out');
  const out = resolve(at > 0 ? process.argv[at + 1] : join(root, 'dist', 'orb.yml'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, stringify(packOrb(join(root, 'src')), { lineWidth: 0 }));
  console.log(relative(process.cwd(), out).split(sep).join('/'));
}
