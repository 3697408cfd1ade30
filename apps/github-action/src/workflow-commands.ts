/**
 * What the runner reads from the step: workflow commands on stdout (`::add-mask::`,
 * `::error::`, `::warning::`), and the files it names for outputs and the step summary.
 * Docs: https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
 */
import { appendFileSync } from 'node:fs';
import type { Env } from '@xltv/core';

/** A command's message: `%`, CR and LF are percent-encoded, so text never starts a command of its own. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command's property value: as {@link escapeData}, plus `:` and `,`. */
function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::add-mask::` for each line of the secret: the runner masks line by line. */
export function maskCommands(secret: string): string[] {
  return secret
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => `::add-mask::${escapeData(line)}`);
}

/** `::error title=…::message` (an annotation; the step fails only by its exit code). */
export function errorCommand(title: string, message: string): string {
  return `::error title=${escapeProperty(title)}::${escapeData(message)}`;
}

/** `::warning title=…::message`. */
export function warningCommand(title: string, message: string): string {
  return `::warning title=${escapeProperty(title)}::${escapeData(message)}`;
}

/**
 * Append `name=value` to the `GITHUB_OUTPUT` file (nothing without one: not in a runner).
 * Values are single lines: ids, a status word, a path.
 */
export function setOutput(env: Env, name: string, value: string): void {
  const file = env['GITHUB_OUTPUT'];
  if (file === undefined || file === '') return;
  if (/[\r\n]/.test(value)) throw new Error(`output ${name} must be one line`);
  appendFileSync(file, `${name}=${value}\n`);
}

/** Append Markdown to the step summary file (nothing without one). */
export function appendSummary(env: Env, markdown: string): void {
  const file = env['GITHUB_STEP_SUMMARY'];
  if (file === undefined || file === '') return;
  appendFileSync(file, markdown);
}
