/**
 * `xltv upload` on a terminal: colours and the progress bar. `script` (util-linux) gives the
 * run a terminal.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { baseEnv, BUILT_CLI, NODE, workspaceAndReceiver } from './helpers.js';

const setup = workspaceAndReceiver();

/** Quote for the shell `script -c` runs. */
const quote = (word: string): string => `'${word.replaceAll("'", "'\\''")}'`;

describe.runIf(process.platform === 'linux')('xltv upload on a terminal', () => {
  it('colours its output and draws the progress bar', async () => {
    const command = [NODE, BUILT_CLI, 'upload', 'results/**/*.xml', '--url', setup.server.url]
      .concat(['--test-spec', 'on-a-terminal'])
      .map(quote)
      .join(' ');
    // Not spawnSync: the receiver answers from this process.
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: setup.ws,
      env: { ...baseEnv(), TERM: 'xterm-256color' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let terminal = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (terminal += text));
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code, terminal).toBe(0);
    // Green for the imported summary, and the bar redrawn in place on stderr.
    expect(terminal).toContain('\u001b[32m');
    expect(terminal).toMatch(/\rUploading \[.*\] +100%/);
    expect(setup.server.imports.at(-1)?.target.testSpecificationId).toBe('on-a-terminal');
  });
});
