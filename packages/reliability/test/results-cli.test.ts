// What the result files hold, through the built CLI: `upload --json` carries the counts,
// `--strict-results` sends nothing when a file is malformed, `inspect` reads the files with
// no server at all (a line of counts, or the `results` object with --json), and in GitHub
// Actions the step summary file gets the counts.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { recordFile, useLeakGuard } from './helpers/evidence.js';
import { writeFileAt } from './helpers/fixtures.js';
import { closeReceivers, newCredentials, startTestReceiver } from './helpers/receiver.js';
import { removeTempDirs, tempDir } from './helpers/tmp.js';
import { credentialEnv, uploadArgs } from './helpers/upload.js';

useLeakGuard();
afterEach(closeReceivers);
afterAll(removeTempDirs);

/**
 * A JUnit report of five test cases: two passed, one failed, one error, one skipped. `seed`
 * keeps the receiver's de-duplication from answering 304 for an earlier test's upload.
 */
function junitReport(suite: string, seed: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="com.example.${suite}" tests="5" failures="1" errors="1" skipped="1" timestamp="2026-12-01T10:00:00" hostname="${seed}">
  <testcase classname="com.example.${suite}" name="passes" time="0.010"/>
  <testcase classname="com.example.${suite}" name="passes_too" time="0.020"/>
  <testcase classname="com.example.${suite}" name="fails" time="0.030"><failure message="expected 1 but was 2">stack</failure></testcase>
  <testcase classname="com.example.${suite}" name="breaks" time="0.040"><error message="NullPointerException">stack</error></testcase>
  <testcase classname="com.example.${suite}" name="is_skipped"><skipped/></testcase>
</testsuite>
`;
}

/** XML that stops being well-formed on line 3 (a closing tag that does not match). */
const MALFORMED = `<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="com.example.Broken" tests="1">
  <testcase classname="com.example.Broken" name="x"></testsuite>
</testcase>
`;

/** A workspace with `count` such reports under `results/`, and the malformed one if asked. */
async function workspace(seed: string, count: number, malformed = false): Promise<string> {
  const dir = await tempDir('results-cli');
  for (let index = 0; index < count; index += 1) {
    await writeFileAt(dir, `results/TEST-Suite${index}.xml`, junitReport(`Suite${index}`, seed));
  }
  if (malformed) await writeFileAt(dir, 'results/TEST-Broken.xml', MALFORMED);
  return dir;
}

it('upload --json carries the results: counts, formats, no problems; the summary has the line', async () => {
  const credentials = newCredentials();
  const receiver = await startTestReceiver({
    user: credentials.username,
    password: credentials.password,
  });
  const dir = await workspace('upload-counts', 3);

  const run = await runCli(uploadArgs(receiver.url), { cwd: dir, env: credentialEnv(credentials) });
  expect(run.code, run.stderr).toBe(0);
  expect(run.receipt).toMatchObject({ status: 'imported', files: 3 });
  expect((run.receipt as { results?: unknown } | undefined)?.results).toMatchObject({
    files: 3,
    tests: 15,
    passed: 6,
    failed: 3,
    errors: 3,
    skipped: 3,
    flaky: 0,
    formats: { junit: 3 },
    problems: [],
  });
  expect(receiver.imports).toHaveLength(1);

  // The same upload, shown to a human: one row of counts in the summary on stdout.
  const again = await workspace('upload-counts-human', 3);
  const human = await runCli(
    uploadArgs(receiver.url).filter((arg) => arg !== '--json'),
    { cwd: again, env: credentialEnv(credentials) },
  );
  expect(human.code, human.stderr).toBe(0);
  expect(human.stdout).toMatch(
    /\n {2}results +15 tests: 6 passed, 3 failed, 3 errors, 3 skipped in 3 files \(JUnit\)\n/,
  );
});

it('--strict-results with a malformed file: exit 2, RESULTS_REFUSED naming it, nothing sent', async () => {
  const credentials = newCredentials();
  const receiver = await startTestReceiver({
    user: credentials.username,
    password: credentials.password,
  });
  const dir = await workspace('strict', 2, true);

  const run = await runCli(uploadArgs(receiver.url, ['--strict-results']), {
    cwd: dir,
    env: credentialEnv(credentials),
  });
  expect(run.code, run.stderr).toBe(2);
  expect(run.receipt).toMatchObject({
    status: 'failed',
    exitCode: 2,
    error: { code: 'RESULTS_REFUSED' },
  });
  expect(run.receipt?.error?.message).toContain('results/TEST-Broken.xml:');
  expect(run.stderr).toMatch(
    /--strict-results refuses 1 result file with a problem; nothing was sent:/,
  );
  expect(run.stderr).toMatch(/\n {4}results\/TEST-Broken\.xml:\d+(:\d+)?: MALFORMED: /);
  expect(run.stderr).toMatch(/drop --strict-results/);
  expect(receiver.imports).toHaveLength(0);
  // Nothing reached the import endpoint at all, not even a refused request.
  expect(receiver.logLines.filter((line) => /^POST \S*\/import\//.test(line))).toEqual([]);

  // Without --strict-results the same files go, with the problem as a warning.
  const lenient = await runCli(uploadArgs(receiver.url), {
    cwd: dir,
    env: credentialEnv(credentials),
  });
  expect(lenient.code, lenient.stderr).toBe(0);
  expect(lenient.stderr).toMatch(/warning 1 file is not well-formed \(results\/TEST-Broken\.xml\)/);
  expect(receiver.imports).toHaveLength(1);
});

it('inspect needs no server: the line of counts on stdout, the problems under it, exit 0', async () => {
  const dir = await workspace('inspect-human', 2, true);
  const run = await runCli(['inspect', 'results/**', '--ci', 'none'], {
    cwd: dir,
    env: { XLTV_URL: undefined },
  });
  expect(run.code, run.stderr).toBe(0);
  const [line, ...problems] = run.stdout.trimEnd().split('\n');
  expect(line).toBe('10 tests: 4 passed, 2 failed, 2 errors, 2 skipped in 3 files (JUnit)');
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(/^ {2}results\/TEST-Broken\.xml:\d+(:\d+)?: MALFORMED: /);
  expect(run.stderr).toMatch(/Found 3 result files/);
  expect(run.stderr).toMatch(/warning 1 file is not well-formed/);

  // --strict-results refuses the same files: exit 2, and the error lists the problem.
  const strict = await runCli(['inspect', 'results/**', '--ci', 'none', '--strict-results'], {
    cwd: dir,
  });
  expect(strict.code, strict.stderr).toBe(2);
  expect(strict.stderr).toMatch(/results\/TEST-Broken\.xml:\d+(:\d+)?: MALFORMED: /);
});

it('inspect --json prints the results object alone on stdout', async () => {
  const dir = await workspace('inspect-json', 4);
  const run = await runCli(['inspect', 'results/**', '--ci', 'none', '--json'], { cwd: dir });
  expect(run.code, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({
    files: 4,
    tests: 20,
    passed: 8,
    failed: 4,
    errors: 4,
    skipped: 4,
    flaky: 0,
    durationMs: expect.any(Number) as unknown,
    formats: { junit: 4 },
    problems: [],
  });
  expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
});

/** A GitHub Actions job's environment, the step summary going to `summaryFile`. */
function githubEnv(summaryFile: string): Record<string, string> {
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'example/app',
    GITHUB_RUN_ID: '1234567890',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'test',
    GITHUB_REF_NAME: 'main',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_STEP_SUMMARY: summaryFile,
  };
}

it('in GitHub Actions the step summary file gets the counts; the annotations go to the log', async () => {
  const dir = await workspace('github-summary', 2, true);
  const summaryFile = path.join(dir, 'step-summary.md');
  await writeFile(summaryFile, '');
  recordFile(summaryFile);

  const run = await runCli(['inspect', 'results/**'], { cwd: dir, env: githubEnv(summaryFile) });
  expect(run.code, run.stderr).toBe(0);
  const summary = await readFile(summaryFile, 'utf8');
  expect(summary).toContain('| Tests | Passed | Failed | Errors | Skipped |');
  expect(summary).toMatch(/\| 10 \| 4 \| 2 \| 2 \| 2 \| 0 \|/);
  // The malformed file's annotation is a workflow command the runner reads from stdout…
  expect(run.stdout).toMatch(/^::warning file=results\/TEST-Broken\.xml/m);

  // …and from stderr with --json, which keeps stdout one JSON document.
  const json = await runCli(['inspect', 'results/**', '--json'], {
    cwd: dir,
    env: githubEnv(summaryFile),
  });
  expect(json.code, json.stderr).toBe(0);
  expect(JSON.parse(json.stdout)).toMatchObject({ tests: 10, files: 3 });
  expect(json.stderr).toMatch(/^::warning file=results\/TEST-Broken\.xml/m);
  // Appended once per run: two runs, two tables.
  expect((await readFile(summaryFile, 'utf8')).match(/\| Tests \|/g)).toHaveLength(2);
});

it('in GitHub Actions an annotation names the file from the checkout, whatever the base directory', async () => {
  const dir = await workspace('github-base-dir', 1, true);
  const summaryFile = path.join(dir, 'step-summary.md');
  await writeFile(summaryFile, '');
  recordFile(summaryFile);
  const env = { ...githubEnv(summaryFile), GITHUB_WORKSPACE: dir };

  // The zip names the file TEST-Broken.xml; the checkout has it as results/TEST-Broken.xml.
  const inside = await runCli(['inspect', '**', '--base-dir', 'results'], { cwd: dir, env });
  expect(inside.code, inside.stderr).toBe(0);
  expect(inside.stdout).toMatch(/^::warning file=results\/TEST-Broken\.xml,line=\d+/m);

  // Outside the checkout GitHub can show it on no file: no file=, the path in the message.
  const outside = await runCli(['inspect', 'results/**'], {
    cwd: dir,
    env: { ...env, GITHUB_WORKSPACE: path.join(dir, 'elsewhere') },
  });
  expect(outside.code, outside.stderr).toBe(0);
  const broken = path.join(dir, 'results', 'TEST-Broken.xml');
  const annotation = outside.stdout.split('\n').find((line) => line.startsWith('::warning'));
  expect(annotation).toMatch(/^::warning title=XL TestView%3A MALFORMED::/);
  expect(annotation).toContain(`::${broken}:`);
});
