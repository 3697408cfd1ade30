/**
 * Each CI is detected from a real fixture environment by the built CLI: `xltv env --json`
 * names the adapter and sends exactly the properties the adapter's fixture expects, each
 * with an origin; the same environment flows into an upload's metadata.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedProperties, loadFixtures } from '@xltv/test-utils';
import { receiptOf, removeDir, runXltv, workspaceWithExamples } from './helpers.js';

const adaptersDir = fileURLToPath(new URL('../../../../packages/adapters/', import.meta.url));
const cases = readdirSync(adaptersDir)
  .sort()
  .flatMap((id) => {
    const [first] = loadFixtures(`${adaptersDir}${id}/test/fixtures.json`);
    return first ? [{ id, fixture: first }] : [];
  });

interface EnvDocument {
  ci: { id: string; name: string } | null;
  metadata: Record<string, unknown>;
  origins: Record<string, string>;
}

let ws: string;
beforeAll(() => {
  ws = workspaceWithExamples();
});
afterAll(() => removeDir(ws));

describe('CI detection by the built CLI', () => {
  it('covers every adapter that has fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(18);
  });

  it.each(cases)(
    '$id: xltv env --json detects it and shows the fixture values with origins',
    async ({ id, fixture }) => {
      const run = await runXltv(['env', '--json', '--no-ci-api'], { env: fixture.env });
      expect(run.code, run.stderr).toBe(0);
      const document = run.json as EnvDocument;
      expect(document.ci?.id).toBe(id);
      expect(document.ci?.name.length).toBeGreaterThan(0);
      expect(document.metadata).toEqual(expectedProperties(fixture));
      expect(Object.keys(document.origins).sort()).toEqual(Object.keys(document.metadata).sort());
    },
  );

  it('--ci none sends no CI metadata even inside a CI', async () => {
    const gitlab = cases.find((entry) => entry.id === 'gitlab');
    const run = await runXltv(['env', '--json', '--ci', 'none'], {
      env: gitlab?.fixture.env ?? {},
    });
    expect(run.json).toEqual({
      ci: null,
      metadata: { source: 'local' },
      origins: { source: '--ci none' },
    });
  });

  it('a CI without an adapter is described by XLTV_CI_* variables', async () => {
    const run = await runXltv(['env', '--json'], {
      env: {
        XLTV_CI_SOURCE: 'gocd',
        XLTV_CI_BUILD_NUMBER: '17',
        XLTV_CI_BUILD_URL: 'https://gocd.example.com/go/pipelines/x/17',
      },
    });
    expect(run.json).toMatchObject({
      ci: null,
      metadata: {
        source: 'gocd',
        ciBuildNumber: '17',
        ciBuildUrl: 'https://gocd.example.com/go/pipelines/x/17',
      },
      origins: { source: 'XLTV_CI_SOURCE', ciBuildNumber: 'XLTV_CI_BUILD_NUMBER' },
    });
  });

  it('the detected metadata is what upload sends', async () => {
    const jenkins = cases.find((entry) => entry.id === 'jenkins');
    const run = await runXltv(['upload', 'results/**/*.xml', '--dry-run', '--json'], {
      cwd: ws,
      env: jenkins?.fixture.env ?? {},
    });
    expect(run.code, run.stderr).toBe(0);
    expect(receiptOf(run).metadata).toEqual(
      expectedProperties(jenkins?.fixture ?? { name: '', env: {}, expected: {} }),
    );
  });
});
