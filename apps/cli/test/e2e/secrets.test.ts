/**
 * Credentials given by flag, by environment and inside the URL never appear in stdout,
 * stderr, the receipt file, the saved request or anything the server stored (its records
 * keep only the Authorization scheme); on a 401 the message names the user only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receiver } from '@xltv/receiver';
import {
  receiptOf,
  receiver,
  removeDir,
  runXltv,
  tempDir,
  workspaceWithExamples,
  type CliRun,
} from './helpers.js';

const USER = 'alice';
const PASSWORD = 'S3cret:p@ss/w%rd!';
const GITLAB_TOKEN = 'glpat-e2eFAKEtoken-1234567890';
const PROXY_PASSWORD = 'proxy-Pa55word';

let ws: string;
let out: string;
let server: Receiver;

beforeAll(async () => {
  ws = workspaceWithExamples();
  out = tempDir('secrets');
  server = await receiver({ user: USER, password: PASSWORD });
});
afterAll(async () => {
  await server.close();
  removeDir(ws);
  removeDir(out);
});

/** Every textual form of the secrets that must never surface. */
function forbidden(): string[] {
  const forms = new Set<string>();
  for (const secret of [PASSWORD, GITLAB_TOKEN, PROXY_PASSWORD]) {
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
  }
  forms.add(Buffer.from(`${USER}:${PASSWORD}`).toString('base64'));
  return [...forms];
}

function expectClean(label: string, text: string): void {
  for (const secret of forbidden())
    expect(text.includes(secret), `${label} contains ${secret}`).toBe(false);
}

function urlWithCredentials(password = PASSWORD): string {
  const url = new URL(server.url);
  return `${url.protocol}//${encodeURIComponent(USER)}:${encodeURIComponent(password)}@${url.host}`;
}

const env = {
  XLTV_GITLAB_TOKEN: GITLAB_TOKEN,
  HTTPS_PROXY: `http://proxyuser:${PROXY_PASSWORD}@127.0.0.1:9`,
  HTTP_PROXY: `http://proxyuser:${PROXY_PASSWORD}@127.0.0.1:9`,
  NO_PROXY: '127.0.0.1,localhost',
};

const ways: [string, (name: string) => { args: string[]; env: Record<string, string> }][] = [
  [
    'flag',
    () => ({ args: ['--url', server.url, '--username', USER, '--password', PASSWORD], env }),
  ],
  [
    'environment',
    () => ({
      args: ['--url', server.url],
      env: { ...env, XLTV_USERNAME: USER, XLTV_PASSWORD: PASSWORD },
    }),
  ],
  ['URL', () => ({ args: ['--url', urlWithCredentials()], env })],
];

describe.each(ways)('credentials given by %s', (way, given) => {
  const runs: CliRun[] = [];
  const files: string[] = [];

  it('upload succeeds with them, and nothing it writes shows them', async () => {
    const { args, env: extra } = given(way);
    const receiptFile = join(out, `${way}-receipt.json`);
    const requestFile = join(out, `${way}-request.bin`);
    files.push(receiptFile, requestFile);
    const before = server.imports.length;
    const json = await runXltv(
      [
        'upload',
        'results/junit/*.xml',
        ...args,
        '--test-spec',
        `spec-${way}`,
        '--json',
        '--verbose',
        '--receipt',
        receiptFile,
        '--save-request',
        requestFile,
      ],
      { cwd: ws, env: extra },
    );
    runs.push(json);
    expect(json.code, json.stderr).toBe(0);
    expect(receiptOf(json).status).toBe('imported');
    const stored = server.imports[before];
    expect(stored?.request.user).toBe(USER);
    expect(String(stored?.request.headers.authorization)).toMatch(/^Basic\b/);

    const human = await runXltv(
      ['upload', 'results/surefire/*.xml', ...args, '--test-spec', `spec-${way}`, '--verbose'],
      {
        cwd: ws,
        env: extra,
      },
    );
    runs.push(human);
    expect(human.code, human.stderr).toBe(0);
  });

  it('a wrong password fails with 401 naming the user, never a password', async () => {
    const { args, env: extra } = given(way);
    const wrong = 'Wrong-Passw0rd-xyz';
    const swapped = args.map((arg) =>
      arg === PASSWORD ? wrong : arg === urlWithCredentials() ? urlWithCredentials(wrong) : arg,
    );
    const wrongEnv = extra.XLTV_PASSWORD ? { ...extra, XLTV_PASSWORD: wrong } : extra;
    const run = await runXltv(
      ['upload', 'results/**/*.xml', ...swapped, '--test-spec', 'denied', '--json'],
      { cwd: ws, env: wrongEnv },
    );
    runs.push(run);
    expect(run.code).toBe(1);
    expect(receiptOf(run).error).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    expect(run.stderr).toContain(`user "${USER}"`);
    expect(run.stdout + run.stderr).not.toContain(wrong);
    expect(run.stdout + run.stderr).not.toContain(encodeURIComponent(wrong));
  });

  it('env, check and specs show no secret either', async () => {
    const { args, env: extra } = given(way);
    for (const command of [
      ['env', '--verbose'],
      ['env', '--json'],
      ['check', ...args, '--test-spec', `spec-${way}`, '--verbose'],
      ['specs', ...args, '--json'],
    ]) {
      const run = await runXltv(command, {
        cwd: ws,
        env: { ...extra, GITLAB_CI: 'true', CI_JOB_TOKEN: GITLAB_TOKEN },
      });
      runs.push(run);
      expect(run.code, `${command.join(' ')}\n${run.stderr}`).toBe(0);
    }
  });

  it('no output, receipt, saved request or server record contains a secret', () => {
    expect(runs.length).toBeGreaterThanOrEqual(7);
    for (const run of runs) {
      expectClean('stdout', run.stdout);
      expectClean('stderr', run.stderr);
    }
    for (const file of files) expectClean(file, readFileSync(file, 'latin1'));
    expectClean('receiver records', JSON.stringify(server.imports));
    for (const stored of server.imports) expectClean('stored metadata', stored.metadataText);
  });
});
