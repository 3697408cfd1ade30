// The CLI version the native CI wrappers (apps/* but apps/cli) pin: they install
// `@xltv/cli@<version>` or bundle it, and are private packages that changesets does not
// version, so this keeps them on the CLI's version. Used by check-wrappers.mjs (CI) and
// sync-wrapper-pins.mjs (the release).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** `@xltv/cli@<spec>`: an exact version, a range or a tag (a `<placeholder>` is not a pin). */
const PIN = /@xltv\/cli@([0-9A-Za-z.^~*+-]+)/g;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.turbo', 'coverage']);
/** Larger files are data, not wrapper sources. */
const MAX_BYTES = 1024 * 1024;

/** The CLI's version: apps/cli/package.json. */
export function cliVersion(root) {
  return JSON.parse(readFileSync(join(root, 'apps', 'cli', 'package.json'), 'utf8')).version;
}

/** Every wrapper folder (apps/<name> but the CLI), relative to the root. */
export function wrapperDirs(root) {
  return readdirSync(join(root, 'apps'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'cli')
    .map((entry) => join('apps', entry.name))
    .sort();
}

/** Every text file of a wrapper, relative to the root. */
export function wrapperFiles(root, dir) {
  const files = [];
  const walk = (relativeDir) => {
    for (const entry of readdirSync(join(root, relativeDir), { withFileTypes: true })) {
      const path = join(relativeDir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path);
      } else if (entry.isFile() && statSync(join(root, path)).size <= MAX_BYTES) {
        const text = readFileSync(join(root, path), 'utf8');
        if (!text.includes('\u0000')) files.push(path);
      }
    }
  };
  walk(dir);
  return files.sort();
}

/** The pins of `@xltv/cli` in a text: `{ line, spec, index }`, a sentence's full stop left out. */
export function pinsIn(text) {
  return [...text.matchAll(PIN)].map((match) => {
    const spec = match[1].replace(/\.+$/, '');
    return {
      spec,
      index: match.index,
      line: text.slice(0, match.index).split('\n').length,
    };
  });
}

/** `text` with every pin of another spec set to `version`. */
export function withPins(text, version) {
  return text.replace(PIN, (whole, spec) => {
    const trailing = /\.+$/.exec(spec)?.[0] ?? '';
    return `@xltv/cli@${version}${trailing}`;
  });
}

/** What disagrees with the CLI's version, one `{ file, message }` each. */
export function pinProblems(root) {
  const version = cliVersion(root);
  const problems = [];
  for (const dir of wrapperDirs(root)) {
    const manifest = join(dir, 'package.json');
    try {
      const own = JSON.parse(readFileSync(join(root, manifest), 'utf8')).version;
      if (own !== version) {
        problems.push({ file: manifest, message: `version ${own}, the CLI is ${version}` });
      }
    } catch {
      problems.push({ file: manifest, message: 'missing or not JSON' });
    }
    for (const file of wrapperFiles(root, dir)) {
      for (const pin of pinsIn(readFileSync(join(root, file), 'utf8'))) {
        if (pin.spec !== version) {
          problems.push({
            file: `${file}:${pin.line}`,
            message: `pins @xltv/cli@${pin.spec}, the CLI is ${version}`,
          });
        }
      }
    }
  }
  return problems;
}
