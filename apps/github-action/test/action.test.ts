/**
 * The committed bundle under a simulated runner, against a real receiver: what the receiver
 * gets, what the runner reads back (outputs, step summary, workflow commands), and when the
 * step fails.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '@xltv/receiver';
import { githubEnv, runStep } from './runner.js';

const PASSWORD = 'hunter2-s3cret-pw';
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver({ contextRoot: '/xltest', user: 'ci', password: PASSWORD });
});
afterAll(async () => {
  await receiver.close();
});

function connection(testSpec: string): Record<string, string> {
  return { url: receiver.url, 'test-spec': testSpec, username: 'ci', password: PASSWORD };
}

describe('the GitHub Action', () => {
  it('uploads with the run’s metadata and hands outputs and summary to the runner', async () => {
    const step = await runStep({
      ...connection('unit-tests'),
      patterns: 'build/test-results/junit/*.xml\nbuild/test-results/surefire/*.xml',
      exclude: '**/nothing-*.xml',
      'build-result': 'failure',
      meta: 'team=core\nnightly=yes',
      'soft-fail': 'false',
    });

    expect(step.stderr).toBe('');
    expect(step.code).toBe(0);
    const stored = receiver.imports.filter((i) => i.target.testSpecificationId === 'unit-tests');
    expect(stored).toHaveLength(1);
    const [upload] = stored;
    const fixture = githubEnv();
    expect(upload?.metadata).toMatchObject({
      source: 'github-actions',
      ciBuildNumber: fixture.GITHUB_RUN_NUMBER,
      ciBuildUrl: `https://github.com/${fixture.GITHUB_REPOSITORY}/actions/runs/${fixture.GITHUB_RUN_ID}`,
      ciBuildResult: 'FAILURE',
      ciExecutedOn: fixture.RUNNER_NAME,
      commit: fixture.GITHUB_SHA,
      branch: 'main',
      team: 'core',
      nightly: 'yes',
    });
    expect(upload?.entries.map((entry) => entry.path).sort()).toEqual([
      'build/test-results/junit/TEST-com.example.shop.CartTest.xml',
      'build/test-results/surefire/TEST-com.example.shop.CheckoutTest.xml',
    ]);

    const ids = upload?.testRunIds ?? [];
    expect(ids.length).toBeGreaterThan(0);
    expect(step.outputFile).toContain('status=imported\n');
    expect(step.outputs['test-run-ids']).toBe(ids.join(','));
    const receipt = JSON.parse(readFileSync(step.outputs.receipt ?? '', 'utf8')) as {
      status: string;
      testRunIds: string[];
      results: { tests: number };
    };
    expect(receipt.status).toBe('imported');
    expect(receipt.testRunIds).toEqual(ids);
    expect(step.outputs.receipt?.startsWith(step.runnerTemp)).toBe(true);

    // The step summary holds the counts and the outcome, written by the GitHub adapter.
    expect(step.summary).toContain('## XL TestView upload');
    expect(step.summary).toContain(`| ${receipt.results.tests} |`);
    expect(step.summary).toContain(ids[0]);

    // The password is masked before anything else is printed, and never shown in the clear.
    const lines = step.stdout.split('\n');
    expect(lines[0]).toBe(`::add-mask::${PASSWORD}`);
    expect(lines.slice(1).join('\n')).not.toContain(PASSWORD);
    expect(readFileSync(step.outputs.receipt ?? '', 'utf8')).not.toContain(PASSWORD);
  });

  it('fails the step with an error annotation when the upload fails', async () => {
    const step = await runStep({ ...connection('unit-tests-2'), password: 'wrong-password-1' });

    expect(step.code).toBe(1);
    expect(step.stdout).toMatch(/^::error title=XL TestView upload failed::UNAUTHORIZED: /m);
    expect(step.stdout).toContain('::add-mask::wrong-password-1');
    expect(step.outputFile).toContain('status=failed\n');
    expect(step.outputs['test-run-ids']).toBe('');
    expect(receiver.imports.some((i) => i.target.testSpecificationId === 'unit-tests-2')).toBe(
      false,
    );
  });

  it('passes with a warning under soft-fail', async () => {
    const step = await runStep({
      ...connection('unit-tests-3'),
      password: 'wrong-password-1',
      'soft-fail': 'true',
    });

    expect(step.code).toBe(0);
    expect(step.stdout).not.toContain('::error');
    expect(step.stdout).toMatch(/^::warning title=XL TestView::upload failed \(soft-fail/m);
    expect(step.outputFile).toContain('status=failed\n');
  });

  it('says in the step summary how an upload ended that read no files', async () => {
    const step = await runStep({ ...connection('unit-tests-4'), patterns: 'no/such/*.xml' });

    expect(step.code).toBe(1);
    expect(step.stdout).toMatch(/^::error .*::NO_FILES: /m);
    expect(step.summary).toBe('## XL TestView upload\n\n- **Status:** failed (NO_FILES)\n');
  });

  it('refuses extra-args and bad booleans instead of ignoring them', async () => {
    const extra = await runStep({ ...connection('unit-tests-5'), 'extra-args': '--fresh-only' });
    expect(extra.code).toBe(1);
    expect(extra.stdout).toMatch(/^::error .*::INVALID_OPTION: input extra-args/m);

    const bad = await runStep({ ...connection('unit-tests-5'), 'soft-fail': 'maybe' });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^::error .*::INVALID_OPTION: input soft-fail/m);
    expect(receiver.imports.some((i) => i.target.testSpecificationId === 'unit-tests-5')).toBe(
      false,
    );
  });
});
