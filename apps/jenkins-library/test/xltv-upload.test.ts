/**
 * vars/xltvUpload.groovy run by real Groovy (the jars npm-groovy-lint ships, on the machine's
 * Java) through test/run-step.groovy, which stands in for the pipeline steps it calls: the
 * command line it builds is checked as a string, then run by sh against a real receiver with
 * the CLI packed from this commit.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '@xltv/receiver';

const libraryDir = fileURLToPath(new URL('../', import.meta.url));
// Resolved as the package it is, wherever pnpm links it.
const require = createRequire(import.meta.url);
const cliDir = dirname(require.resolve('@xltv/cli/package.json'));
const stepFile = join(libraryDir, 'vars', 'xltvUpload.groovy');
const password = 'jk-s3cret-password';
const fixtures = JSON.parse(
  readFileSync(join(libraryDir, '../../packages/adapters/jenkins/test/fixtures.json'), 'utf8'),
) as Array<{ env: Record<string, string> }>;

/** The Groovy jars: XLTV_GROOVY_LIB (a folder of jars), else those npm-groovy-lint ships. */
function groovyClasspath(): string {
  if (process.env.XLTV_GROOVY_LIB) return join(process.env.XLTV_GROOVY_LIB, '*');
  // Its one export is lib/groovy-lint.js; the jars are in lib/java/groovy/lib.
  return join(dirname(require.resolve('npm-groovy-lint')), 'java', 'groovy', 'lib', '*');
}

let receiver: Receiver;
let tmp: string;
let tarball: string;

beforeAll(async () => {
  if (!existsSync(join(cliDir, 'dist', 'xltv.js'))) {
    throw new Error('apps/cli/dist is missing: build first (pnpm --filter @xltv/cli... build)');
  }
  tmp = mkdtempSync(join(tmpdir(), 'xltv-jenkins-'));
  const packed = spawnSync('pnpm', ['pack', '--pack-destination', tmp], {
    cwd: cliDir,
    encoding: 'utf8',
  });
  if (packed.status !== 0) throw new Error(`pnpm pack failed: ${packed.stderr}`);
  const name = readdirSync(tmp).find((file) => file.endsWith('.tgz'));
  if (!name) throw new Error(`pnpm pack wrote no tarball into ${tmp}`);
  tarball = join(tmp, name);
  receiver = await startReceiver({ contextRoot: '/xltest', user: 'ci', password, log: () => {} });
});

afterAll(async () => {
  await receiver?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface StepRun {
  code: number | null;
  output: string;
  /** Every script the step gave `sh`. */
  scripts: string[];
  workspace: string;
}

let runs = 0;

/** A workspace with one JUnit file per path, each with unique content (never a duplicate). */
function workspace(files: string[]): string {
  const dir = join(tmp, `ws-${++runs}`);
  mkdirSync(dir);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(
      join(dir, file),
      `<testsuite name="s" tests="1"><testcase classname="c" name="t${runs}-${file}"/></testsuite>\n`,
    );
  }
  return dir;
}

/** `xltvUpload(options)` in a Jenkins job of the first fixture, with build result UNSTABLE. */
function runStep(options: Record<string, unknown>, files: string[]): Promise<StepRun> {
  const ws = workspace(files);
  const callFile = join(ws, '..', `call-${runs}.json`);
  const recordFile = join(ws, '..', `record-${runs}.json`);
  writeFileSync(
    callFile,
    JSON.stringify({
      options: { cliPackage: tarball, ...options },
      currentResult: 'UNSTABLE',
      credentials: { 'xltv-ci': { username: 'ci', password } },
    }),
  );
  const args = ['-cp', groovyClasspath(), 'groovy.ui.GroovyMain'];
  args.push(join(libraryDir, 'test', 'run-step.groovy'), stepFile, callFile, recordFile);
  return new Promise((resolve, reject) => {
    const child = spawn('java', args, {
      cwd: ws,
      env: {
        ...fixtures[0]?.env,
        WORKSPACE: ws,
        PATH: process.env.PATH?.split(':')
          .filter((dir) => !dir.includes('node_modules'))
          .join(':'),
        HOME: process.env.HOME ?? tmp,
        LANG: 'C.UTF-8',
        npm_config_cache: join(tmp, 'npm-cache'),
        npm_config_update_notifier: 'false',
      },
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.on('error', reject);
    child.on('close', (code) => {
      const record = existsSync(recordFile)
        ? (JSON.parse(readFileSync(recordFile, 'utf8')) as { scripts: string[] })
        : { scripts: [] };
      resolve({ code, output, scripts: record.scripts, workspace: ws });
    });
  });
}

describe('xltvUpload', () => {
  it('in post { always }: one quoted line for sh, the Jenkins metadata, the current result', async () => {
    const run = await runStep(
      {
        url: receiver.url,
        testSpec: 'jk-unit',
        patterns: ['reports/unit/*.xml', 'reports/it/*.xml'],
        credentialsId: 'xltv-ci',
        meta: { team: 'core' },
      },
      ['reports/unit/TEST-a.xml', 'reports/it/TEST-b.xml'],
    );
    expect(run.code, run.output).toBe(0);
    expect(run.scripts).toEqual([
      `'npx' '--yes' '--package' '${tarball}' '--' 'xltv' 'upload' ` +
        `'--include' 'reports/unit/*.xml' '--include' 'reports/it/*.xml' ` +
        `'--url' '${receiver.url}' '--test-spec' 'jk-unit' '--build-result' 'UNSTABLE' ` +
        `'--meta' 'team=core'`,
    ]);
    const stored = receiver.imports.at(-1);
    expect(stored?.target.testSpecificationId).toBe('jk-unit');
    expect(stored?.metadata).toMatchObject({
      source: 'jenkins',
      ciBuildNumber: '3',
      ciJobName: 'test_pipeline2',
      ciBuildResult: 'UNSTABLE',
      team: 'core',
    });
    expect(stored?.request.user).toBe('ci');
    expect(stored?.entries.map(({ path }) => path).sort()).toEqual([
      'reports/it/TEST-b.xml',
      'reports/unit/TEST-a.xml',
    ]);
    expect(run.output).not.toContain(password);
  }, 60_000);

  it('quotes every value: sh takes quotes, $(…), backticks and ; literally', async () => {
    const dir = `odd $HOME \`id\` ; x'y"z`;
    const run = await runStep(
      {
        url: receiver.url,
        testSpec: "spec $(touch pwned-spec) ;'q'",
        patterns: `${dir}/*.xml`,
        credentialsId: 'xltv-ci',
        meta: ["note=it's `touch pwned-tick` $(touch pwned-meta) \\ *"],
      },
      [`${dir}/TEST-odd.xml`],
    );
    expect(run.code, run.output).toBe(0);
    for (const name of ['pwned-spec', 'pwned-tick', 'pwned-meta']) {
      expect(existsSync(join(run.workspace, name))).toBe(false);
    }
    const stored = receiver.imports.at(-1);
    expect(stored?.target.testSpecificationId).toBe("spec $(touch pwned-spec) ;'q'");
    expect(stored?.metadata.note).toBe("it's `touch pwned-tick` $(touch pwned-meta) \\ *");
    expect(stored?.entries.map(({ path }) => path)).toEqual([`${dir}/TEST-odd.xml`]);
  }, 60_000);

  it('fails the build when the upload fails, unless softFail', async () => {
    const before = receiver.imports.length;
    const options = { url: receiver.url, testSpec: 'jk-refused', patterns: 'r/*.xml' };
    const failed = await runStep(options, ['r/TEST-a.xml']);
    expect(failed.code, failed.output).toBe(1);
    expect(failed.output).toContain('ERROR: xltvUpload: the upload failed (xltv exited with 1)');

    const soft = await runStep({ ...options, softFail: true, cliPackage: join(tmp, 'none.tgz') }, [
      'r/TEST-a.xml',
    ]);
    expect(soft.code, soft.output).toBe(0);
    expect(soft.output).toContain("softFail keeps the build's result");
    expect(soft.scripts[0]).toContain("'--soft-fail'");
    expect(receiver.imports.length).toBe(before);
  }, 60_000);

  it('refuses an unknown option before running anything', async () => {
    const run = await runStep({ url: receiver.url, testspec: 'typo' }, []);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/ERROR: xltvUpload: unknown option\(s\) \[testspec\]/);
    expect(run.scripts).toEqual([]);
  }, 60_000);
});

describe('the library', () => {
  it('pins the CLI of this release', () => {
    const cli = JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(readFileSync(stepFile, 'utf8')).toContain(
      `String defaultCliPackage() { '@xltv/cli@${cli.version}' }`,
    );
  });
});
