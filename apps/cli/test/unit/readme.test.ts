/**
 * The README documents what the code defines: every option of every command, every
 * environment variable, every generic XLTV_CI_* variable, every adapter in registry order,
 * every exit code. A new option or adapter without docs fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CI_PROPERTY_KEYS, GENERIC_ENV_VARS, genericVariableName } from '@xltv/core';
import { createProgram } from '../../src/program.js';
import { OPTION_ENV } from '../../src/flags.js';
import { ADAPTERS } from '../../src/registry.js';
import type { CliIo } from '../../src/reporter.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const io: CliIo = { env: {}, stdout: { write: () => true }, stderr: { write: () => true } };

describe('README.md', () => {
  it('documents every option of every command', () => {
    const program = createProgram(io, () => undefined);
    expect(program.commands.map((command) => command.name())).toEqual([
      'upload',
      'inspect',
      'env',
      'check',
      'flush',
      'specs',
    ]);
    for (const command of program.commands) {
      expect(readme, command.name()).toContain(`xltv ${command.name()}`);
      for (const option of command.options) {
        expect(readme, `${command.name()} ${option.long}`).toContain(`\`${option.long}`);
      }
    }
  });

  it('names every environment variable of the options', () => {
    for (const name of Object.values(OPTION_ENV)) expect(readme).toContain(`\`${name}\``);
  });

  it('lists every XLTV_CI_* variable with its key', () => {
    expect(GENERIC_ENV_VARS).toHaveLength(CI_PROPERTY_KEYS.length);
    for (const key of CI_PROPERTY_KEYS) {
      expect(readme).toMatch(new RegExp(`\\| \`${genericVariableName(key)}\` +\\| \`${key}\``));
    }
  });

  it('lists every supported CI in detection order, linking its docs', () => {
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const positions = ADAPTERS.map((adapter) =>
      readme.search(
        new RegExp(
          `\\| \`${escape(adapter.id)}\` +\\| \\[${escape(adapter.name)}\\]\\(${escape(adapter.docsUrl)}\\)`,
        ),
      ),
    );
    for (const [index, position] of positions.entries())
      expect(position, ADAPTERS[index]?.id).toBeGreaterThan(0);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('documents every exit code', () => {
    for (const code of ['0', '1', '2', '3', '130 / 143'])
      expect(readme).toMatch(new RegExp(`\\| ${code} +\\|`));
  });
});
