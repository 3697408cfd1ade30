/**
 * The template's shape: a job that runs `when: always` in `.post`, inputs that reach the
 * script only through variables, and the CLI version of this commit pinned (in the template
 * and the example's component reference).
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
  stage: string;
  when: string;
  variables: Record<string, { value: string; expand: boolean }>;
  script: string[];
}
interface Spec {
  spec: { inputs: Record<string, { default?: unknown; type?: string }> };
}

const [header, body] = parseAllDocuments(
  readFileSync(join(here, 'templates', 'upload.yml'), 'utf8'),
).map((doc) => doc.toJS() as unknown);
const { inputs } = (header as Spec).spec;
const job = (body as Record<string, Job>)['$[[ inputs.job-name ]]']!;

describe('templates/upload.yml', () => {
  it('adds one job that runs after every stage, also when a job failed', () => {
    expect(Object.keys(body as object)).toEqual(['$[[ inputs.job-name ]]']);
    expect(job.when).toBe('always');
    expect(job.stage).toBe('$[[ inputs.stage ]]');
    expect(inputs['stage']?.default).toBe('.post');
  });

  it('passes every input through an unexpanded variable, none through the script', () => {
    expect(job.script.join('\n')).not.toContain('$[[');
    const values = Object.values(job.variables).map((variable) => variable.value);
    for (const name of Object.keys(inputs).filter(
      (n) => !['job-name', 'stage', 'image'].includes(n),
    )) {
      expect(
        values.some((value) => value.includes(`$[[ inputs.${name} ]]`)),
        name,
      ).toBe(true);
    }
    for (const variable of Object.values(job.variables)) expect(variable.expand).toBe(false);
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
