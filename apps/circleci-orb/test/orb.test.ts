/**
 * The orb as CircleCI gets it: scripts/pack.mjs packs src/ into one orb.yml, whose upload
 * command runs under bash, as a `run` step does, in a CircleCI environment against a real
 * @xltv/receiver with the packed CLI of the current commit.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startReceiver, type Receiver } from '@xltv/receiver';

const here = fileURLToPath(new URL('..', import.meta.url));
const cliDir = join(here, '..', 'cli');
const fixtures = join(
  here,
  '..',
  '..',
  'packages',
  'adapters',
  'circleci',
  'test',
  'fixtures.json',
);
const PASSWORD = 'cci-Secret-Pa55word-3141';

interface Parameter {
  type: string;
  default?: string | boolean;
}
interface RunStep {
  run: { name: string; when: string; environment: Record<string, string>; command: string };
}
interface Orb {
  version: number;
  commands: { upload: { parameters: Record<string, Parameter>; steps: RunStep[] } };
  jobs: { upload: { executor: { name: string }; steps: Record<string, unknown>[] } };
  executors: { default: { docker: { image: string }[] } };
  examples: Record<string, { description: string; usage: { orbs: Record<string, string> } }>;
}

let root: string;
let tarball: string;
let orbText: string;
let orb: Orb;
let receiver: Receiver;
let workspace: string;

/** Runs a command without blocking the event loop (the receiver answers in this process). */
function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number; log: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, log }));
  });
}

/**
 * The upload step as CircleCI runs it: `<< parameters.x >>` replaced by the given value or
 * the parameter's default, the step's environment set, its command run by `bash -eo pipefail`.
 */
function runUpload(parameters: Record<string, string | boolean>, env: NodeJS.ProcessEnv) {
  const command = orb.commands.upload;
  const step = command.steps[0]!.run;
  const value = (name: string): string => {
    const given = parameters[name] ?? command.parameters[name]?.default;
    if (given === undefined) throw new Error(`no parameter ${name}`);
    return String(given);
  };
  const stepEnv = Object.fromEntries(
    Object.entries(step.environment).map(([key, template]) => [
      key,
      template.replace(/<<\s*parameters\.([\w-]+)\s*>>/g, (_, name: string) => value(name)),
    ]),
  );
  const fixture = (
    JSON.parse(readFileSync(fixtures, 'utf8')) as { env: Record<string, string> }[]
  )[0]!;
  return run('bash', ['-eo', 'pipefail', '-c', step.command], {
    cwd: workspace,
    env: {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      npm_config_update_notifier: 'false',
      ...fixture.env,
      CIRCLE_WORKING_DIRECTORY: workspace,
      XLTV_URL: receiver.url,
      ...env,
      ...stepEnv,
    },
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xltv-circleci-orb-'));
  const out = join(root, 'orb.yml');
  execFileSync(process.execPath, [join(here, 'scripts', 'pack.mjs'), '--out', out], {
    stdio: 'pipe',
  });
  orbText = readFileSync(out, 'utf8');
  orb = parse(orbText) as Orb;
  execFileSync('pnpm', ['pack', '--pack-destination', root], { cwd: cliDir, stdio: 'pipe' });
  const packed = readdirSync(root).find((name) => name.endsWith('.tgz'));
  if (!packed) throw new Error(`pnpm pack wrote no tarball into ${root}`);
  tarball = join(root, packed);
  receiver = await startReceiver({ user: 'ci', password: PASSWORD });
});

afterAll(async () => {
  await receiver?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  workspace = mkdtempSync(join(root, 'project-'));
  mkdirSync(join(workspace, 'test results'));
  writeFileSync(
    join(workspace, 'test results', 'TEST-cart.xml'),
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<testsuite name="cart" tests="2" failures="1" errors="0" skipped="0" time="0.1">\n' +
      '  <testcase classname="cart" name="adds" time="0.05"/>\n' +
      '  <testcase classname="cart" name="removes" time="0.05"><failure message="no">no</failure></testcase>\n' +
      '</testsuite>\n',
  );
});

describe('the packed orb.yml', () => {
  it('is one YAML document with the orb, its command, job, executor and examples', () => {
    expect(orb.version).toBe(2.1);
    expect(orbText).not.toContain('<<include(');
    const step = orb.commands.upload.steps[0]!.run;
    expect(step.when).toBe('always');
    expect(step.command).toBe(readFileSync(join(here, 'src', 'scripts', 'upload.sh'), 'utf8'));
    expect(orb.commands.upload.parameters['cli-package']).toMatchObject({
      type: 'string',
      default: '@xltv/cli@0.1.0',
    });
    // Parameters reach the script through the environment only, never inside its text.
    expect(step.command).not.toMatch(/<<\s*parameters/);
    for (const name of Object.keys(orb.commands.upload.parameters)) {
      expect(Object.values(step.environment)).toContain(`<< parameters.${name} >>`);
    }
    expect(orb.jobs.upload.executor.name).toBe('default');
    expect(orb.jobs.upload.steps.map((s) => Object.keys(s)[0])).toEqual([
      'attach_workspace',
      'upload',
    ]);
    expect(orb.executors.default.docker[0]?.image).toMatch(/^cimg\/node:/);
    expect(Object.keys(orb.examples).sort()).toEqual([
      'upload-after-tests',
      'upload-from-workspace',
    ]);
    for (const example of Object.values(orb.examples)) {
      expect(example.usage.orbs).toEqual({ xltv: 'xltv/upload@0.1.0' });
    }
  });

  it('pins the CLI version of this commit', () => {
    const cli = JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(orb.commands.upload.parameters['cli-package']?.default).toBe(`@xltv/cli@${cli.version}`);
  });
});

describe('the upload command under bash with a CircleCI environment', () => {
  it('uploads with CircleCI metadata and the password from the named variable', async () => {
    const { code, log } = await runUpload(
      {
        'cli-package': tarball,
        'test-spec': 'unit-tests',
        patterns: 'test results/*.xml\n',
        'password-env-var': 'MY_XLTV_PASSWORD',
      },
      { XLTV_USERNAME: 'ci', MY_XLTV_PASSWORD: PASSWORD },
    );
    expect(log).not.toContain(PASSWORD);
    expect(code, log).toBe(0);
    const upload = receiver.imports.at(-1);
    expect(upload?.target.testSpecificationId).toBe('unit-tests');
    expect(upload?.entries.map((entry) => entry.path)).toEqual(['test results/TEST-cart.xml']);
    expect(upload?.metadata).toMatchObject({
      source: 'circleci',
      ciJobName: 'publish-env',
      ciBuildNumber: '9',
      repository: 'CIDVerse/cienvsamples',
      commit: '790efd9b96e59d9b3c3f1899284c85fa91efbcbc',
    });
  });

  it('passes parameters holding shell syntax as plain text', async () => {
    const pwned = join(root, 'pwned');
    const spec = `spec $(touch ${pwned}); touch ${pwned} 'q"`;
    const odd = `\`touch ${pwned}\` && $HOME "q' \\`;
    const { code, log } = await runUpload(
      {
        'cli-package': tarball,
        'test-spec': spec,
        patterns: 'test results/*.xml',
        'extra-args': `--meta\nodd=${odd}\n--build-result\nfailure`,
      },
      { XLTV_USERNAME: 'ci', XLTV_PASSWORD: PASSWORD },
    );
    expect(code, log).toBe(0);
    expect(existsSync(pwned)).toBe(false);
    const upload = receiver.imports.at(-1);
    expect(upload?.target.testSpecificationId).toBe(spec);
    expect(upload?.metadata).toMatchObject({ odd, ciBuildResult: 'FAILURE' });
  });
});
