// What the CLI prints, found wrong by users: a password echoed from a URL that does not parse,
// terminal escape sequences from CI variables written raw, a 404 hint with the endpoint as
// --url, core's option names in messages, and an upload to a test specification set.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { expectOrderlyExit, runCli } from './helpers/cli.js';
import { registerSecret, useLeakGuard } from './helpers/evidence.js';
import { closeReceivers, startTestReceiver } from './helpers/receiver.js';
import { removeTempDirs } from './helpers/tmp.js';
import { SPEC_ID, resultsWorkspace, uploadArgs } from './helpers/upload.js';

useLeakGuard();
afterEach(closeReceivers);
afterAll(removeTempDirs);

/** Control characters a terminal acts on: C0 but line feed, DEL and C1. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('a URL with credentials that does not parse', () => {
  const password = (): string => {
    const value = `Pw-${randomBytes(6).toString('hex')}/x`;
    registerSecret(value);
    registerSecret(value.split('/')[0]!);
    return value;
  };
  const urls = [
    { label: 'without a scheme', make: (pw: string) => `ci-bot:${pw}@127.0.0.1:1` },
    { label: 'with an unencoded /', make: (pw: string) => `http://ci-bot:${pw}@127.0.0.1:1` },
  ];
  const commands = [
    { command: 'upload', args: ['results/**', '--test-spec', SPEC_ID, '--ci', 'none', '--json'] },
    { command: 'check', args: [] },
    { command: 'specs', args: ['--json'] },
  ];

  for (const { label, make } of urls) {
    for (const { command, args } of commands) {
      for (const via of ['--url', 'XLTV_URL'] as const) {
        it(`${label}: ${command} with ${via} masks the user-info (exit 2)`, async () => {
          const secret = password();
          const url = make(secret);
          const run = await runCli(
            [command, ...(via === '--url' ? ['--url', url] : []), ...args, '--verbose'],
            { env: via === 'XLTV_URL' ? { XLTV_URL: url } : {} },
          );
          expectOrderlyExit(run, command === 'upload');
          expect(run.code).toBe(2);
          const output = `${run.stdout}\n${run.stderr}`;
          expect(output).not.toContain(secret.split('/')[0]);
          expect(output).not.toContain(encodeURIComponent(secret));
          expect(run.stderr).toContain('***@127.0.0.1:1');
          if (run.receipt) expect(run.receipt.error?.code).toBe('INVALID_URL');
        });
      }
    }
  }
});

describe('control characters from CI variables', () => {
  const hostile = '7\u001b[2J\u009b31m\u0007\u007f';
  const jenkins = {
    JENKINS_URL: 'https://jenkins.example.com/',
    BUILD_NUMBER: hostile,
    JOB_NAME: 'job\rFAKE LINE',
  };

  it('xltv env shows them escaped; xltv env --json keeps the exact value', async () => {
    const human = await runCli(['env', '--ci', 'jenkins'], { env: jenkins });
    expect(human.code).toBe(0);
    expect(human.stdout).not.toMatch(RAW_CONTROL);
    expect(human.stderr).not.toMatch(RAW_CONTROL);
    expect(human.stdout).toContain('7\\x1b[2J\\x9b31m\\x07\\x7f');
    expect(human.stdout).toContain('job\\x0dFAKE LINE');

    const json = await runCli(['env', '--ci', 'jenkins', '--json'], { env: jenkins });
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout) as { metadata: Record<string, unknown> };
    expect(document.metadata.ciBuildNumber).toBe(hostile);
    expect(document.metadata.ciJobName).toBe(jenkins.JOB_NAME);
  });

  it('xltv upload writes no raw control character to stderr or stdout, coloured or not', async () => {
    const { dir } = await resultsWorkspace('control-characters');
    for (const colour of [{ NO_COLOR: '1' }, { NO_COLOR: undefined, FORCE_COLOR: '1' }]) {
      const run = await runCli(
        ['upload', 'results/**', '--dry-run', '--ci', 'jenkins', '--verbose'],
        {
          cwd: dir,
          env: { ...jenkins, ...colour },
        },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain('\\x1b[2J');
      // Colour stays: only the CLI's own style sequences are left raw.
      const unstyled = (text: string): string =>
        // eslint-disable-next-line no-control-regex
        text.replace(/\u001b\[(?:1|2|22|31|32|33|36|39)m/g, '');
      expect(unstyled(run.stderr)).not.toMatch(RAW_CONTROL);
      expect(unstyled(run.stdout)).not.toMatch(RAW_CONTROL);
    }
  });
});

describe('messages a new user reads', () => {
  it('the 404 hint suggests xltv specs with the base URL, not the endpoint', async () => {
    const receiver = await startTestReceiver({ specs: [{ id: 'other-spec' }] });
    const { dir } = await resultsWorkspace('not-found-hint');
    const run = await runCli(
      uploadArgs(receiver.url).filter((arg) => arg !== '--json'),
      {
        cwd: dir,
      },
    );
    expect(run.code).toBe(1);
    const suggested = /xltv specs --url (\S+)/.exec(run.stderr)?.[1];
    expect(suggested, run.stderr).toBe(receiver.url);
  });

  it('INVALID_OPTION messages name the flags, never core option names or rule codes', async () => {
    const receiver = await startTestReceiver();
    const { dir } = await resultsWorkspace('flag-names');
    const notPem = path.join(dir, 'not-a-cert.txt');
    await writeFile(notPem, 'no certificate here\n');
    const runs = [
      {
        flag: '--base-dir',
        run: await runCli(uploadArgs(receiver.url, ['--base-dir', notPem]), { cwd: dir }),
      },
      {
        flag: '--ca-cert',
        run: await runCli(uploadArgs(receiver.url, ['--ca-cert', notPem]), { cwd: dir }),
      },
      {
        flag: '--ca-cert',
        run: await runCli(['check', '--url', receiver.url, '--ca-cert', notPem], { cwd: dir }),
      },
    ];
    for (const { flag, run } of runs) {
      const shown = `${run.stderr}\n${run.stdout}\n${run.receipt?.error?.message ?? ''}`;
      expect(shown, shown).toContain(flag);
      expect(shown).not.toMatch(/caCertFile|baseDir|not-a-directory|another value/);
    }
    expect(runs[0]!.run.stderr).toContain('is not a directory');
    expect(runs[1]!.run.stderr).toContain('holds no PEM certificate');
  });
});

describe('an upload to a test specification set', () => {
  const specs = [
    { id: 'all-suites', title: 'All suites', type: 'xlt.TestSpecificationSet' },
    { id: SPEC_ID, title: 'Reliability' },
  ];

  it('is refused before anything is sent: TARGET_IS_SET, exit 2', async () => {
    const receiver = await startTestReceiver({ specs });
    const { dir } = await resultsWorkspace('set-target');
    const args = uploadArgs(receiver.url).map((arg) => (arg === SPEC_ID ? 'all-suites' : arg));
    const run = await runCli(args, { cwd: dir });
    expectOrderlyExit(run);
    expect(run.code).toBe(2);
    expect(run.receipt?.error?.code).toBe('TARGET_IS_SET');
    expect(run.receipt?.attempts).toBe(0);
    expect(run.stderr).toContain('a set cannot receive uploads');
    expect(receiver.imports).toHaveLength(0);
    expect(receiver.logLines.filter((line) => line.startsWith('POST'))).toEqual([]);
  });

  it('a failing listing does not block the upload: one attempt at it, then the import', async () => {
    const receiver = await startTestReceiver({ specs });
    receiver.inject({ type: 'fail', status: 500, scope: 'api', count: 1 });
    const { dir } = await resultsWorkspace('set-listing-fails');
    const run = await runCli(uploadArgs(receiver.url), { cwd: dir });
    expectOrderlyExit(run);
    expect(run.code, run.stderr).toBe(0);
    expect(receiver.imports).toHaveLength(1);
    expect(receiver.logLines[0]).toMatch(
      /^GET \S*\/api\/internal\/testspecifications\/extended → 500/,
    );
    expect(run.receipt?.attempts).toBe(1);
  });
});
