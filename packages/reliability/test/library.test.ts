/**
 * @xltv/core as a library user has it: a script in a project outside the workspace imports
 * the built `@xltv/core` and `@xltv/jenkins` (linked into its node_modules, as an install
 * would put them) and calls `upload()` against a real receiver, in a process of its own.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/paths.js';
import {
  closeReceivers,
  newCredentials,
  startTestReceiver,
  type TestReceiver,
} from './helpers/receiver.js';
import { tempDir } from './helpers/tmp.js';

const SCRIPT = `
import { upload, isXltvError } from '@xltv/core';
import { jenkins } from '@xltv/jenkins';

const base = {
  url: process.env.SERVER_URL, testSpec: 'library',
  username: process.env.SERVER_USER, password: process.env.SERVER_PASSWORD,
  include: ['build/test-results/**/*.xml'], adapter: jenkins, env: process.env,
  meta: { team: 'core' },
};
const events = [];
const receipt = await upload({ ...base, onEvent: (event) => events.push(event.type) });
const rejected = [];
for (const bad of [{ retries: -1 }, { url: 'xltv.example.com' }, { testSpec: undefined }]) {
  try {
    await upload({ ...base, ...bad });
    rejected.push('resolved');
  } catch (error) {
    rejected.push(isXltvError(error) ? error.code + ' ' + error.details.option : String(error));
  }
}
process.stdout.write(JSON.stringify({ receipt, events, rejected }));
`;

let receiver: TestReceiver;
let project: string;
const credentials = newCredentials();

beforeAll(async () => {
  receiver = await startTestReceiver({
    user: credentials.username,
    password: credentials.password,
  });
  project = await tempDir('library-user');
  await mkdir(path.join(project, 'node_modules', '@xltv'), { recursive: true });
  for (const [name, dir] of [
    ['core', 'packages/core'],
    ['jenkins', 'packages/adapters/jenkins'],
  ] as const) {
    await symlink(path.join(REPO_ROOT, dir), path.join(project, 'node_modules', '@xltv', name));
  }
  await writeFile(path.join(project, 'package.json'), '{ "type": "module", "private": true }');
  await writeFile(path.join(project, 'upload.mjs'), SCRIPT);
  await mkdir(path.join(project, 'build', 'test-results'), { recursive: true });
  await writeFile(
    path.join(project, 'build', 'test-results', 'TEST-lib.xml'),
    '<testsuite name="lib" tests="1"><testcase name="t"/></testsuite>',
  );
});
afterAll(closeReceivers);

describe('a script outside the workspace', () => {
  it('imports with the Jenkins metadata, and bad options reject before any request', async () => {
    // Asynchronously: the receiver answers from this very process.
    const run = await promisify(execFile)(process.execPath, ['upload.mjs'], {
      cwd: project,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        SERVER_URL: receiver.url,
        SERVER_USER: credentials.username,
        SERVER_PASSWORD: credentials.password,
        JENKINS_URL: 'https://jenkins.example.com/',
        JOB_NAME: 'shop/main',
        BUILD_NUMBER: '128',
        BUILD_URL: 'https://jenkins.example.com/job/shop/job/main/128/',
        NODE_NAME: 'agent-7',
      },
    });
    const { receipt, events, rejected } = JSON.parse(run.stdout) as {
      receipt: Record<string, unknown>;
      events: string[];
      rejected: string[];
    };
    const [stored] = receiver.imports;
    expect(receiver.imports).toHaveLength(1);
    expect(receipt).toMatchObject({
      status: 'imported',
      testRunIds: stored?.testRunIds,
      files: 1,
      metadata: {
        ciBuildNumber: '128',
        ciBuildUrl: 'https://jenkins.example.com/job/shop/job/main/128/',
        ciExecutedOn: 'agent-7',
        ciJobName: 'shop/main',
        ciServerUrl: 'https://jenkins.example.com/',
        source: 'jenkins',
        team: 'core',
      },
    });
    expect(stored?.metadata).toEqual(receipt.metadata);
    expect(events).toEqual(
      expect.arrayContaining(['metadata', 'files', 'body', 'sending', 'sent']),
    );
    expect(rejected).toEqual([
      'INVALID_OPTION retries',
      'INVALID_URL url',
      'INVALID_OPTION testSpec',
    ]);
  });
});
