#!/usr/bin/env node
// CI check: every native CI wrapper (apps/* but apps/cli) has the CLI's version and pins
// `@xltv/cli` at exactly that version. `node scripts/check-wrappers.mjs [root]`.
import { resolve } from 'node:path';
import { root as repoRoot } from './lib/workspace.mjs';
import { cliVersion, pinProblems } from './lib/wrapper-pins.mjs';

const root = resolve(process.argv[2] ?? repoRoot);
const problems = pinProblems(root);
if (problems.length > 0) {
  for (const { file, message } of problems) console.error(`${file}: ${message}`);
  console.error(
    `\n${problems.length} wrapper pin(s) differ from @xltv/cli ${cliVersion(root)}.` +
      '\nRun `node scripts/sync-wrapper-pins.mjs` (the release runs it after `changeset version`).',
  );
  process.exit(1);
}
console.log(`Every wrapper pins @xltv/cli@${cliVersion(root)}.`);
