/** Words of `xltv env`: the detected CI, every value that would be sent, and its origin. */
import type { CiAdapter, Metadata } from '@xltv/core';
import type { Origins } from '../flags.js';
import { table } from './format.js';
import type { Style } from './style.js';

/**
 * Core's origin of each metadata value in the CLI's words (docs/cli.md "Machine-readable
 * output": a variable, a formula, `flag`, `meta-file`, `api`).
 * @param options where the CLI took each option from (`flag` or a variable)
 */
export function cliOrigins(
  origins: Readonly<Record<string, string>>,
  options: Origins,
): Record<string, string> {
  const words: Readonly<Record<string, string>> = {
    meta: 'flag',
    metaFile: 'meta-file',
    buildResult: options.buildResult ?? 'flag',
    'adapter "none"': '--ci none',
  };
  return Object.fromEntries(
    Object.entries(origins).map(([key, origin]) => [key, words[origin] ?? origin]),
  );
}

/** The human report on stdout. */
export function renderEnvReport(
  input: {
    adapter: CiAdapter | undefined;
    generic: boolean;
    chosen: string | undefined;
    metadata: Metadata;
    origins: Readonly<Record<string, string>>;
  },
  style: Style,
): string {
  const { adapter, metadata, origins } = input;
  const how = input.chosen && input.chosen !== 'none' ? 'chosen with --ci / XLTV_CI' : 'detected';
  const headline = adapter
    ? `CI: ${style.bold(adapter.name)} (${adapter.id}, ${how})`
    : input.chosen === 'none'
      ? 'CI: none (--ci none): no CI metadata is sent'
      : input.generic
        ? 'CI: not detected; described by the XLTV_CI_* variables'
        : 'CI: not detected (source "local"). Pass --ci <id>, or set XLTV_CI_* variables for a CI without an adapter.';
  const rows = Object.entries(metadata).map(([key, value]) => [
    key,
    typeof value === 'string' ? value : JSON.stringify(value),
    style.dim(`← ${origins[key] ?? '?'}`),
  ]);
  const lines = [headline, ''];
  if (rows.length === 0) lines.push('  (no metadata)');
  else lines.push(...table(rows).map((line) => `  ${line}`));
  if (adapter) {
    lines.push('', style.dim(`Variables ${adapter.name} reads: ${adapter.envVars.join(', ')}`));
    lines.push(style.dim(`Docs: ${adapter.docsUrl}`));
  }
  return lines.join('\n');
}
