/**
 * The template's shape: two upload jobs in `.post`, one run when the earlier stages passed and
 * one when a job failed, each naming that result; inputs that reach the script only through
 * variables; and the CLI version of this commit pinned (in the template and the example's
 * component reference).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const here = fileURLToPath(new URL('..', import.meta.url));
const cliVersion = (
  JSON.parse(readFileSync(join(here, '..', 'cli', 'package.json'), 'utf8')) as { version: string }
).version;

interface Job {
  extends?: string;
  stage: string;
  when?: string;
  variables: Record<string, { value: string; expand: boolean } | string>;
  script: string[];
}
interface Spec {
  spec: { inputs: Record<string, { default?: unknown; type?: string }> };
}

const [header, body] = parseAllDocuments(
  readFileSync(join(here, 'templates', 'upload.yml'), 'utf8'),
).map((doc) => doc.toJS() as unknown);
const { inputs } = (header as Spec).spec;
const jobs = body as Record<string, Job>;
const job = jobs['.$[[ inputs.job-name ]]']!;

describe('templates/upload.yml', () => {
  it('adds two jobs after every stage: one runs when they passed, one when a job failed', () => {
    expect(Object.keys(jobs)).toEqual([
      '.$[[ inputs.job-name ]]',
      '$[[ inputs.job-name ]]',
      '$[[ inputs.job-name ]]-on-failure',
    ]);
    expect(job.stage).toBe('$[[ inputs.stage ]]');
    expect(inputs['stage']?.default).toBe('.post');
    const outcome = (name: string) => {
      const { extends: base, when, variables } = jobs[name]!;
      return { base, when, variables };
    };
    expect(outcome('$[[ inputs.job-name ]]')).toEqual({
      base: '.$[[ inputs.job-name ]]',
      when: 'on_success',
      variables: { XLTV_IN_STAGES_RESULT: 'SUCCESS' },
    });
    expect(outcome('$[[ inputs.job-name ]]-on-failure')).toEqual({
      base: '.$[[ inputs.job-name ]]',
      when: 'on_failure',
      variables: { XLTV_IN_STAGES_RESULT: 'FAILURE' },
    });
    // The build-result input, when given, wins over the stages' result.
    expect(job.script.join('\n')).toContain(
      'env.XLTV_IN_BUILD_RESULT || env.XLTV_IN_STAGES_RESULT',
    );
  });

  it('passes every input through an unexpanded variable, none through the script', () => {
    expect(job.script.join('\n')).not.toContain('$[[');
    const variables = Object.values(job.variables).map((variable) =>
      typeof variable === 'string' ? { value: variable, expand: true } : variable,
    );
    const values = variables.map((variable) => variable.value);
    for (const name of Object.keys(inputs).filter(
      (n) => !['job-name', 'stage', 'image'].includes(n),
    )) {
      expect(
        values.some((value) => value.includes(`$[[ inputs.${name} ]]`)),
        name,
      ).toBe(true);
    }
    for (const variable of variables) expect(variable.expand).toBe(false);
    expect(inputs).not.toHaveProperty('password');
  });

  it('pins the CLI version of this commit', () => {
    expect(inputs['cli-package']?.default).toBe(`@xltv/cli@${cliVersion}`);
    const example = parse(readFileSync(join(here, 'examples', '.gitlab-ci.yml'), 'utf8')) as {
      include: { component: string }[];
    };
    expect(example.include[0]?.component).toMatch(
      new RegExp(`/upload@${cliVersion.replaceAll('.', '\\.')}$`),
    );
  });
});
