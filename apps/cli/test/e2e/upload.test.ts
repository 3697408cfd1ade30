/**
 * `xltv upload` end to end: the built CLI against a real receiver. Every exit code, the
 * receipt, what the server stored (metadata, entries byte for byte), spool vs stream,
 * dry runs with the saved request, retries, 304s and --soft-fail.
 */
import { readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Receiver } from '@xltv/receiver';
import {
  filesUnder,
  receiptOf,
  receiver,
  removeDir,
  runXltv,
  splitMultipart,
  tempDir,
  workspaceWithExamples,
} from './helpers.js';

let ws: string;
let server: Receiver;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(() => {
  ws = workspaceWithExamples();
});
afterAll(() => removeDir(ws));
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function freshReceiver(options: Parameters<typeof receiver>[0] = {}): Promise<Receiver> {
  const started = await receiver(options);
  cleanups.push(() => started.close());
  return started;
}

const PATTERNS = ['results/**/*.xml', 'results/**/*.json'];

describe('exit 0: imported', () => {
  it('uploads the files, prints one receipt that matches what the server stored', async () => {
    server = await freshReceiver();
    const run = await runXltv(
      [
        'upload',
        ...PATTERNS,
        '--url',
        server.url,
        '--test-spec',
        'shop unit',
        '--json',
        '--meta',
        'team=web',
      ],
      {
        cwd: ws,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const receipt = receiptOf(run);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const [stored] = server.imports;
    expect(server.imports).toHaveLength(1);
    expect(receipt).toMatchObject({
      status: 'imported',
      exitCode: 0,
      url: `${server.url}/api/internal/import/shop%20unit`,
      files: 4,
      attempts: 1,
    });
    expect(receipt.testRunIds).toEqual(stored?.testRunIds);
    expect(receipt.testRunIds.length).toBeGreaterThan(0);
    expect(receipt.metadata).toEqual(stored?.metadata);
    expect(receipt.metadata).toEqual({ source: 'local', team: 'web' });
    expect(receipt.bytes.zip).toBe(stored?.zip.size);
    const local = filesUnder(ws);
    expect(receipt.bytes.files).toBe([...local.values()].reduce((sum, file) => sum + file.size, 0));
    expect(receipt.durationMs).toBeGreaterThan(0);
    expect(receipt.error).toBeUndefined();
    // The zip holds exactly the selected files, sorted, byte for byte.
    expect(stored?.entries.map((entry) => entry.path)).toEqual([...local.keys()].sort());
    for (const entry of stored?.entries ?? [])
      expect(entry.sha256).toBe(local.get(entry.path)?.sha256);
    expect(stored?.target).toMatchObject({ testSpecificationId: 'shop unit' });
    expect(stored?.request.transfer).toBe('content-length');
    expect(String(stored?.request.headers['user-agent'])).toMatch(
      /^xltv\/\d+\.\d+\.\d+ node\/v\d+\.\d+\.\d+ \(local\)$/,
    );
    // Under scripts/ci-node24.sh the CLI must really run on that Node line.
    const major = process.env.XLTV_TEST_NODE_MAJOR;
    if (major) expect(String(stored?.request.headers['user-agent'])).toContain(`node/v${major}.`);
  });

  it('prints a human summary on stdout and milestones on stderr, without colour off a TTY', async () => {
    server = await freshReceiver();
    const run = await runXltv(
      ['upload', ...PATTERNS, '--url', `${server.url}/`, '--test-spec', 'demo'],
      { cwd: ws },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Imported 4 files into test specification "demo"/);
    expect(run.stdout).toContain(`${server.url}/api/internal/import/demo`);
    expect(run.stdout).toContain(server.imports[0]?.testRunIds[0] ?? 'no run id');
    expect(run.stderr).toMatch(/Found 4 result files/);
    expect(run.stderr).toMatch(/Zipped: /);
    expect(run.stderr).toMatch(/Upload done: HTTP 200/);
    // eslint-disable-next-line no-control-regex
    expect(run.stdout + run.stderr).not.toMatch(/\u001b\[/);
  });

  it('streams with chunked encoding under --stream, and the server gets the same files', async () => {
    server = await freshReceiver();
    const run = await runXltv(
      ['upload', ...PATTERNS, '--url', server.url, '--test-spec', 'demo', '--stream', '--json'],
      {
        cwd: ws,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const stored = server.imports[0];
    expect(stored?.request.transfer).toBe('chunked');
    expect(stored?.entries).toHaveLength(4);
    expect(receiptOf(run).bytes.zip).toBe(stored?.zip.size);
  });

  it('takes the patterns from the test specification when none are given', async () => {
    server = await freshReceiver({
      specs: [
        {
          id: 'junit-only',
          testTool: { name: 'xlt.JUnit', defaultSearchPattern: '**/TEST-*.xml' },
        },
      ],
    });
    const run = await runXltv(
      ['upload', '--url', server.url, '--test-spec', 'junit-only', '--json'],
      { cwd: ws },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('**/TEST-*.xml');
    expect(server.imports[0]?.entries.map((entry) => entry.path)).toEqual([
      'results/junit/TEST-com.example.shop.CartTest.xml',
      'results/surefire/TEST-com.example.shop.CheckoutTest.xml',
    ]);
  });

  it('resolves --project-title / --test-spec-title, creating them with --create-missing (v1 endpoint)', async () => {
    server = await freshReceiver({ specs: [] });
    const args = [
      'upload',
      ...PATTERNS,
      '--url',
      server.url,
      '--project-title',
      'Shop',
      '--test-spec-title',
      'Unit tests',
    ];
    const missing = await runXltv([...args, '--json'], { cwd: ws });
    expect(missing.code).toBe(1);
    expect(receiptOf(missing).error?.code).toBe('TARGET_NOT_FOUND');
    const created = await runXltv(
      [...args, '--create-missing', '--test-tool', 'xlt.JUnit', '--json'],
      { cwd: ws },
    );
    expect(created.code, created.stderr).toBe(0);
    const stored = server.imports[0];
    expect(stored?.endpoint).toBe('v1');
    const spec = server.testSpecifications().find((candidate) => candidate.title === 'Unit tests');
    expect(spec?.project.title).toBe('Shop');
    expect(receiptOf(created).url).toBe(
      `${server.url}/api/v1/projects/${encodeURIComponent(spec?.project.id ?? '')}/testspecifications/${encodeURIComponent(spec?.id ?? '')}/testruns`,
    );
  });

  it('sends --build-result, --meta-file and --meta over the CI values', async () => {
    server = await freshReceiver();
    const metaFile = join(ws, 'meta.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(metaFile, JSON.stringify({ suite: 'nightly', shards: 4 }));
    const run = await runXltv(
      [
        'upload',
        ...PATTERNS,
        '--url',
        server.url,
        '--test-spec',
        'demo',
        '--meta-file',
        metaFile,
        '--meta',
        'suite=smoke',
        '--build-result',
        'cancelled',
        '--json',
      ],
      {
        cwd: ws,
        env: {
          GITHUB_ACTIONS: 'true',
          GITHUB_RUN_NUMBER: '12',
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_REPOSITORY: 'acme/shop',
          GITHUB_RUN_ID: '99',
        },
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(server.imports[0]?.metadata).toMatchObject({
      source: 'github-actions',
      ciBuildNumber: '12',
      ciBuildResult: 'ABORTED',
      suite: 'smoke',
      shards: 4,
      repository: 'acme/shop',
    });
    expect(String(server.imports[0]?.request.headers['user-agent'])).toMatch(/\(github-actions\)$/);
  });
});

describe('exit 3: nothing new', () => {
  it('answers 3 when the same files are uploaded twice', async () => {
    server = await freshReceiver();
    const args = ['upload', ...PATTERNS, '--url', server.url, '--test-spec', 'twice', '--json'];
    expect((await runXltv(args, { cwd: ws })).code).toBe(0);
    const second = await runXltv(args, { cwd: ws });
    expect(second.code, second.stderr).toBe(3);
    expect(receiptOf(second)).toMatchObject({
      status: 'nothing-new',
      exitCode: 3,
      testRunIds: [],
      files: 4,
    });
    expect(server.imports).toHaveLength(1);
    const human = await runXltv(args.slice(0, -1), { cwd: ws });
    expect(human.code).toBe(3);
    expect(human.stdout).toMatch(/^Nothing new/);
  });

  it('reports success when a retry after a lost response meets 304 (the first attempt landed)', async () => {
    server = await freshReceiver();
    server.inject({ type: 'lose-response' });
    const run = await runXltv(
      ['upload', ...PATTERNS, '--url', server.url, '--test-spec', 'lost', '--json'],
      { cwd: ws },
    );
    expect(run.code, run.stderr).toBe(0);
    const receipt = receiptOf(run);
    expect(receipt.status).toBe('imported');
    expect(receipt.attempts).toBe(2);
    expect(receipt.warnings.map((warning) => warning.code)).toContain('ALREADY_IMPORTED');
    expect(server.imports).toHaveLength(1);
  });
});

describe('exit 2: usage and input errors, before anything is sent', () => {
  it.each([
    ['no file matches', ['upload', 'nothing/*.xml'], 'NO_FILES'],
    ['a bad --level', ['upload', ...PATTERNS, '--level', '12'], 'INVALID_OPTION'],
    ['a bad --build-result', ['upload', ...PATTERNS, '--build-result', 'green'], 'INVALID_OPTION'],
    ['an unknown --ci', ['upload', ...PATTERNS, '--ci', 'jenkinz'], 'UNKNOWN_CI'],
    ['an invalid --meta key', ['upload', ...PATTERNS, '--meta', '_secret=1'], 'INVALID_METADATA'],
    [
      'an unreadable --meta-file',
      ['upload', ...PATTERNS, '--meta-file', 'missing.json'],
      'UNREADABLE_FILE',
    ],
    ['an unknown option', ['upload', ...PATTERNS, '--no-such-option'], 'INVALID_OPTION'],
  ])('%s', async (_name, args, code) => {
    server = await freshReceiver();
    const run = await runXltv([...args, '--url', server.url, '--test-spec', 'demo', '--json'], {
      cwd: ws,
    });
    expect(run.code, run.stderr).toBe(2);
    expect(receiptOf(run)).toMatchObject({ status: 'failed', exitCode: 2, error: { code } });
    expect(run.stderr).toMatch(/^error /m);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(server.imports).toHaveLength(0);
  });

  it('names the missing server URL and test specification and their variables', async () => {
    const noUrl = await runXltv(['upload', ...PATTERNS, '--test-spec', 'demo'], { cwd: ws });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('--url (XLTV_URL)');
    const noSpec = await runXltv(['upload', ...PATTERNS], {
      cwd: ws,
      env: { XLTV_URL: 'http://127.0.0.1:9' },
    });
    expect(noSpec.code).toBe(2);
    expect(noSpec.stderr).toContain('--test-spec (XLTV_TEST_SPEC)');
  });

  it('stops with a usage error when no pattern is given and the spec has no default', async () => {
    server = await freshReceiver({ specs: [{ id: 'bare', testTool: { name: 'xlt.Cucumber' } }] });
    const run = await runXltv(['upload', '--url', server.url, '--test-spec', 'bare', '--json'], {
      cwd: ws,
    });
    expect(run.code).toBe(2);
    expect(receiptOf(run).error?.code).toBe('NO_PATTERNS');
  });

  it('sends an empty upload on purpose with --allow-empty (the server then decides: 422 here)', async () => {
    server = await freshReceiver();
    const run = await runXltv(
      [
        'upload',
        'nothing/*.xml',
        '--allow-empty',
        '--url',
        server.url,
        '--test-spec',
        'demo',
        '--json',
      ],
      {
        cwd: ws,
      },
    );
    expect(run.code).toBe(1);
    expect(receiptOf(run)).toMatchObject({
      files: 0,
      attempts: 1,
      error: { code: 'UNPROCESSABLE', status: 422 },
    });
    expect(run.stderr).toMatch(/include\/exclude patterns/);
  });
});

describe('exit 1: the upload failed', () => {
  it('after the retries on persistent 503s, with attempts counted', async () => {
    server = await freshReceiver();
    server.inject({ type: 'fail', status: 503, count: 5, retryAfter: '0' });
    const run = await runXltv(
      [
        'upload',
        ...PATTERNS,
        '--url',
        server.url,
        '--test-spec',
        'demo',
        '--retries',
        '1',
        '--json',
      ],
      {
        cwd: ws,
      },
    );
    expect(run.code, run.stderr).toBe(1);
    expect(receiptOf(run)).toMatchObject({
      status: 'failed',
      exitCode: 1,
      attempts: 2,
      error: { code: 'SERVER_ERROR', status: 503 },
    });
    expect(server.imports).toHaveLength(0);
  });

  it('on 404 for an unknown test specification, suggesting xltv specs', async () => {
    server = await freshReceiver({ specs: [{ id: 'known' }] });
    const run = await runXltv(
      ['upload', ...PATTERNS, '--url', server.url, '--test-spec', 'unknown'],
      { cwd: ws },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"unknown"');
    expect(run.stderr).toContain('xltv specs');
  });

  it('on 402 and 413, with what to do', async () => {
    server = await freshReceiver({ licensed: false });
    const unlicensed = await runXltv(
      ['upload', ...PATTERNS, '--url', server.url, '--test-spec', 'demo', '--json'],
      { cwd: ws },
    );
    expect(unlicensed.code).toBe(1);
    expect(receiptOf(unlicensed).error).toMatchObject({ code: 'LICENSE_REQUIRED', status: 402 });
    const small = await freshReceiver({ maxUploadBytes: 100 });
    const tooLarge = await runXltv(
      ['upload', ...PATTERNS, '--url', small.url, '--test-spec', 'demo'],
      { cwd: ws },
    );
    expect(tooLarge.code).toBe(1);
    expect(tooLarge.stderr).toMatch(/too large.*\n.*Narrow the include patterns/);
  });

  it('when nothing listens, naming the URL', async () => {
    const closed = await receiver();
    const url = closed.url;
    await closed.close();
    const run = await runXltv(
      ['upload', ...PATTERNS, '--url', url, '--test-spec', 'demo', '--retries', '0', '--json'],
      { cwd: ws },
    );
    expect(run.code).toBe(1);
    expect(receiptOf(run).error?.code).toBe('NETWORK');
    expect(run.stderr).toContain(url);
  });
});

describe('retries', () => {
  it('retries injected 503s and succeeds, reporting each retry on stderr', async () => {
    server = await freshReceiver();
    server.inject({ type: 'fail', status: 503, count: 2, retryAfter: '0' });
    const run = await runXltv(
      ['upload', ...PATTERNS, '--url', server.url, '--test-spec', 'demo', '--json'],
      { cwd: ws },
    );
    expect(run.code, run.stderr).toBe(0);
    const receipt = receiptOf(run);
    expect(receipt.attempts).toBe(3);
    expect(receipt.warnings.filter((warning) => warning.code === 'RETRY')).toHaveLength(2);
    expect(run.stderr).toMatch(
      /Attempt 1 failed \(HTTP 503\); trying again in .* \(attempt 2\)\.\n[^]*Attempt 2 failed \(HTTP 503\); trying again in .* \(attempt 3\)\./,
    );
    expect(server.imports).toHaveLength(1);
  });

  it('retries a connection reset in the middle of the body', async () => {
    server = await freshReceiver();
    server.inject({ type: 'reset', afterBytes: 200 });
    const run = await runXltv(
      ['upload', ...PATTERNS, '--url', server.url, '--test-spec', 'demo', '--json'],
      { cwd: ws },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(receiptOf(run).attempts).toBe(2);
    expect(server.imports[0]?.entries).toHaveLength(4);
  });
});

describe('--dry-run', () => {
  it('sends nothing; --save-request writes the exact body, which the server accepts as is', async () => {
    server = await freshReceiver();
    const out = tempDir('dry');
    cleanups.push(() => removeDir(out));
    const bodyFile = join(out, 'request.bin');
    const run = await runXltv(
      [
        'upload',
        ...PATTERNS,
        '--url',
        server.url,
        '--test-spec',
        'demo',
        '--dry-run',
        '--save-request',
        bodyFile,
        '--json',
        '--meta',
        'k=v',
      ],
      { cwd: ws },
    );
    expect(run.code, run.stderr).toBe(0);
    const receipt = receiptOf(run);
    expect(receipt).toMatchObject({
      status: 'dry-run',
      exitCode: 0,
      files: 4,
      attempts: 0,
      testRunIds: [],
    });
    expect(server.imports).toHaveLength(0);

    const body = readFileSync(bodyFile);
    const { boundary, parts } = splitMultipart(body);
    expect(parts).toHaveLength(2);
    expect(parts[0]?.headers).toBe('Content-Type: application/json; charset=utf-8');
    expect(JSON.parse(parts[0]?.content.toString('utf8') ?? '')).toEqual(receipt.metadata);
    expect(parts[1]?.headers).toBe('Content-Type: application/zip');
    expect(parts[1]?.content.length).toBe(receipt.bytes.zip);

    // Replaying the saved bytes is a valid import of the same files.
    const response = await fetch(`${server.url}/api/internal/import/demo`, {
      method: 'POST',
      headers: { 'content-type': `multipart/mixed; boundary=${boundary}` },
      body,
    });
    expect(response.status).toBe(200);
    expect(server.imports[0]?.metadata).toEqual(receipt.metadata);
    const local = filesUnder(ws);
    for (const entry of server.imports[0]?.entries ?? [])
      expect(entry.sha256).toBe(local.get(entry.path)?.sha256);
  });

  it('works without a server when patterns are given, and prints what would be sent', async () => {
    const run = await runXltv(['upload', ...PATTERNS, '--dry-run', '--meta', 'team=web'], {
      cwd: ws,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Dry run: nothing was sent/);
    expect(run.stdout).toContain('team="web"');
  });
});

describe('files older than the build', () => {
  it('warns about them, and --fresh-only leaves them out', async () => {
    const dir = workspaceWithExamples();
    cleanups.push(() => removeDir(dir));
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(dir, 'results/testng/testng-results.xml'), hourAgo, hourAgo);
    const env = {
      GITLAB_CI: 'true',
      CI_JOB_ID: '5',
      CI_JOB_STARTED_AT: new Date(Date.now() - 60_000).toISOString(),
    };
    const args = ['upload', ...PATTERNS, '--dry-run', '--json', '--no-ci-api'];
    const warned = await runXltv(args, { cwd: dir, env });
    expect(warned.code, warned.stderr).toBe(0);
    expect(receiptOf(warned).files).toBe(4);
    expect(
      receiptOf(warned).warnings.find((warning) => warning.code === 'STALE_FILES')?.message,
    ).toContain('results/testng/testng-results.xml');
    expect(warned.stderr).toMatch(
      /warning 1 matched file is older than the start of this build.*--fresh-only/,
    );
    const fresh = await runXltv([...args, '--fresh-only'], { cwd: dir, env });
    // Left out: the old file by its mtime, and the example JUnit report whose own timestamps
    // lie before this build's start (an older run, docs/cli.md "Results").
    expect(receiptOf(fresh).files).toBe(2);
    const codes = receiptOf(fresh).warnings.map((warning) => warning.code);
    expect(codes).toContain('STALE_FILES_DROPPED');
    expect(codes).toContain('STALE_RESULTS_LEFT_OUT');
  });
});

describe('--soft-fail', () => {
  it('reports the failure but exits 0 (flag and XLTV_SOFT_FAIL)', async () => {
    server = await freshReceiver({ user: 'alice', password: 'right-password' });
    const args = ['upload', ...PATTERNS, '--url', server.url, '--test-spec', 'demo', '--json'];
    const flag = await runXltv([...args, '--soft-fail'], {
      cwd: ws,
      env: { XLTV_USERNAME: 'alice', XLTV_PASSWORD: 'wrong-password' },
    });
    expect(flag.code).toBe(0);
    expect(receiptOf(flag)).toMatchObject({
      status: 'failed',
      exitCode: 0,
      error: { code: 'UNAUTHORIZED', status: 401 },
    });
    expect(flag.stderr).toMatch(/--soft-fail: exiting with 0 instead of 1/);
    const env = await runXltv(
      ['upload', 'nothing/*.xml', '--url', server.url, '--test-spec', 'demo'],
      {
        cwd: ws,
        env: { XLTV_SOFT_FAIL: 'true' },
      },
    );
    expect(env.code).toBe(0);
    expect(env.stderr).toMatch(/No files matched/);
  });
});
