#!/usr/bin/env node
// Scaffold a CI adapter package from templates/adapter:
//   pnpm new:adapter <id> --name "Human Name" [--docs <url>] [--marker <ENV_VAR>]
// Then follow CONTRIBUTING.md: map the variables, add fixtures, the README snippet, the
// registry line in apps/cli/src/registry.ts, and a changeset.
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
console.log(`Created packages/adapters/${id} (@xltv/${id}).`);
console.log('Next: see CONTRIBUTING.md — map, fixtures, README snippet, registry line, changeset.');
