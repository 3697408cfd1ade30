#!/usr/bin/env node
// Scaffold a CI adapter package from templates/adapter:
//   pnpm new:adapter <id> --name "Human Name" [--docs <url>] [--marker <ENV_VAR>]
// It also adds the adapter to the CLI's ordered registry and dependencies. Then follow
// CONTRIBUTING.md: map the variables, add fixtures, the README snippet, and a changeset.
import {
  copyFileSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    docs: { type: 'string', default: 'https://example.com/docs/ci-variables' },
    marker: { type: 'string' },
  },
});
const id = positionals[0];
if (!id || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
  console.error(
    'usage: pnpm new:adapter <id> --name "Human Name" [--docs <url>] [--marker <ENV_VAR>]',
  );
  console.error('  <id> is lower-case words joined by "-", e.g. "gitea-actions"');
  process.exit(2);
}
const target = join(root, 'packages', 'adapters', id);
if (existsSync(target)) {
  console.error(`packages/adapters/${id} exists already`);
  process.exit(2);
}
const name = values.name ?? id;
const camel = id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const marker = values.marker ?? `${id.toUpperCase().replace(/-/g, '_')}`;
const replacements = {
  __ID__: id,
  __NAME__: name,
  __CAMEL__: camel,
  __DOCS_URL__: values.docs,
  __MARKER__: marker,
};

cpSync(join(root, 'templates', 'adapter'), target, { recursive: true });
const fill = (dir) => {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) fill(path);
    else {
      let text = readFileSync(path, 'utf8');
      for (const [key, value] of Object.entries(replacements)) text = text.replaceAll(key, value);
      writeFileSync(path, text);
    }
  }
};
fill(target);
// Published packages carry the repository's LICENSE verbatim (npm packs it; check-repo.mjs
// compares it with the root one). The template holds a copy; the root file wins when present.
const license = join(root, 'LICENSE');
if (existsSync(license)) copyFileSync(license, join(target, 'LICENSE'));

// The registry line: imported with the others, and placed before Jenkins (which must stay
// late, see the comments in registry.ts). Move it if the new CI's markers collide.
const registryFile = join(root, 'apps', 'cli', 'src', 'registry.ts');
let registry = readFileSync(registryFile, 'utf8');
const importLine = `import { ${camel} } from '@xltv/${id}';`;
const imports = [...registry.matchAll(/^import \{ \w+ \} from '@xltv\/[a-z0-9-]+';$/gm)];
const lastImport = imports.at(-1);
if (!lastImport)
  throw new Error(`${registryFile}: no adapter import found to add ${importLine} after`);
const afterImports = lastImport.index + lastImport[0].length;
registry = `${registry.slice(0, afterImports)}\n${importLine}${registry.slice(afterImports)}`;
const anchor = registry.search(/^ {2}\/\/ Jenkins comes late/m);
const entry = `  // ${name}: detected by its own markers; placed before Jenkins (see CONTRIBUTING.md).\n  ${camel},\n`;
const at = anchor === -1 ? registry.lastIndexOf('];') : anchor;
registry = `${registry.slice(0, at)}${entry}${registry.slice(at)}`;
writeFileSync(registryFile, registry);

// The CLI bundles every adapter, so it lists each as a (dev) dependency.
const cliPackageFile = join(root, 'apps', 'cli', 'package.json');
const cliPackage = JSON.parse(readFileSync(cliPackageFile, 'utf8'));
cliPackage.devDependencies = Object.fromEntries(
  Object.entries({ ...cliPackage.devDependencies, [`@xltv/${id}`]: 'workspace:*' }).sort(
    ([a], [b]) => a.localeCompare(b),
  ),
);
writeFileSync(cliPackageFile, `${JSON.stringify(cliPackage, null, 2)}\n`);

console.log(
  `Created packages/adapters/${id} (@xltv/${id}), registered it in apps/cli/src/registry.ts`,
);
console.log('and apps/cli/package.json. Next: `pnpm install`, then CONTRIBUTING.md "Adding a CI":');
console.log('map the variables, fixtures, README snippet, registry position, changeset.');
