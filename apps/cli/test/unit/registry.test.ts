/**
 * The ordered registry: every adapter's fixtures (packages/adapters/<id>/test/fixtures.json)
 * are claimed by that adapter, and by no other, through detectCi over the registry order.
 * Where two CIs' markers overlap, the pair is named here with the env that makes the order
 * matter: each of those tests fails if the two adapters swap places.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anySet, type CiAdapter, type Env } from '@xltv/core/adapter';
import { loadFixtures } from '@xltv/test-utils';
import { ADAPTERS, ADAPTER_IDS } from '../../src/registry.js';

const adaptersDir = new URL('../../../../packages/adapters/', import.meta.url);

/** Core's detection rule: the first adapter of the list whose `detect` is true. */
function detectCi(adapters: readonly CiAdapter[], env: Env): CiAdapter | undefined {
  return adapters.find((adapter) => adapter.detect(env));
}

function byId(id: string): CiAdapter {
  const adapter = ADAPTERS.find((candidate) => candidate.id === id);
  if (!adapter) throw new Error(`no adapter ${id} in the registry`);
  return adapter;
}

function fixtureEnvs(id: string): { name: string; env: Env }[] {
  return loadFixtures(new URL(`${id}/test/fixtures.json`, adaptersDir)).map(({ name, env }) => ({
    name,
    env,
  }));
}

/** detectCi with `first` and `second` swapped in the registry. */
function detectSwapped(first: string, second: string, env: Env): string | undefined {
  const swapped = ADAPTERS.map((adapter) =>
    adapter.id === first ? byId(second) : adapter.id === second ? byId(first) : adapter,
  );
  return detectCi(swapped, env)?.id;
}

describe('the registry', () => {
  it('holds every adapter package exactly once, ids unique', () => {
    const packages = readdirSync(adaptersDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect([...ADAPTER_IDS].sort()).toEqual(packages);
    expect(new Set(ADAPTER_IDS).size).toBe(ADAPTER_IDS.length);
  });

  it('detects nothing in an empty or a generic CI environment', () => {
    expect(detectCi(ADAPTERS, {})).toBeUndefined();
    expect(detectCi(ADAPTERS, { CI: 'true', BUILD_NUMBER: '7', BUILD_ID: '7' })).toBeUndefined();
  });

  for (const adapter of ADAPTERS) {
    describe(adapter.id, () => {
      const fixtures = fixtureEnvs(adapter.id);
      if (fixtures.length === 0) {
        // Jenkins X and plain Tekton have no real environment to copy (docs/ci-mapping.md §21-22).
        it('has no fixtures, so it is detected by its own marker only', () => {
          expect(adapter.detect({})).toBe(false);
        });
      }
      for (const fixture of fixtures) {
        it(`claims its fixture "${fixture.name}"`, () => {
          expect(detectCi(ADAPTERS, fixture.env)?.id).toBe(adapter.id);
        });
      }
    });
  }
});

describe('ordering constraints (each test fails with the two adapters swapped)', () => {
  it('Harness before Drone: Harness sets DRONE=true and DRONE_* too', () => {
    for (const { env } of fixtureEnvs('harness')) {
      const harnessEnv = { ...env, DRONE: 'true' };
      expect(byId('drone').detect(harnessEnv)).toBe(true);
      expect(detectCi(ADAPTERS, harnessEnv)?.id).toBe('harness');
      expect(detectSwapped('harness', 'drone', harnessEnv)).toBe('drone');
    }
  });

  it('TeamCity before Jenkins: a TeamCity agent on a host with JENKINS_HOME set stays TeamCity', () => {
    for (const { env } of fixtureEnvs('teamcity')) {
      const agentEnv = {
        ...env,
        BUILD_NUMBER: env.BUILD_NUMBER ?? '12',
        JENKINS_HOME: '/var/lib/jenkins',
      };
      expect(detectCi(ADAPTERS, agentEnv)?.id).toBe('teamcity');
      expect(detectSwapped('teamcity', 'jenkins', agentEnv)).toBe('jenkins');
    }
  });

  it('Gitea / Forgejo Actions runners (GITHUB_ACTIONS too) are Gitea Actions, not GitHub Actions', () => {
    for (const { env } of fixtureEnvs('github-actions')) {
      expect(detectCi(ADAPTERS, { ...env, GITEA_ACTIONS: 'true' })?.id).toBe('gitea-actions');
      expect(detectCi(ADAPTERS, { ...env, FORGEJO_ACTIONS: 'true' })?.id).toBe('gitea-actions');
    }
  });

  it('Gitea Actions before GitHub Actions: the order settles the pair without GitHub’s own guard', () => {
    // github-actions also refuses GITEA_ACTIONS / FORGEJO_ACTIONS, so with the real adapter the
    // two never overlap; a GitHub adapter keyed on GITHUB_ACTIONS alone (as docs/ci-mapping.md §6
    // words it) shows what the registry order must do on its own.
    const github = byId('github-actions');
    const unguarded: CiAdapter = {
      ...github,
      detect: (env) => anySet(env, 'GITHUB_ACTIONS', 'GITHUB_ACTION'),
    };
    const registry = ADAPTERS.map((adapter) => (adapter === github ? unguarded : adapter));
    const swapped = registry.map((adapter) =>
      adapter.id === 'gitea-actions'
        ? unguarded
        : adapter === unguarded
          ? byId('gitea-actions')
          : adapter,
    );
    for (const { env } of fixtureEnvs('gitea-actions')) {
      expect(env.GITHUB_ACTIONS).toBe('true');
      expect(unguarded.detect(env)).toBe(true);
      expect(github.detect(env)).toBe(false);
      expect(detectCi(registry, env)?.id).toBe('gitea-actions');
      expect(detectCi(swapped, env)?.id).toBe('github-actions');
    }
  });

  it('AWS Amplify before AWS CodeBuild: Amplify builds run on CodeBuild and carry CODEBUILD_*', () => {
    for (const { env } of fixtureEnvs('aws-amplify')) {
      const amplifyEnv = {
        ...env,
        CODEBUILD_BUILD_ID: 'amplify-build:0f2e6a2c-6f0e-4c1d-9d2b-5b8f1d3e7a90',
        CODEBUILD_BUILD_ARN:
          'arn:aws:codebuild:us-west-2:123456789012:build/amplify-build:0f2e6a2c-6f0e-4c1d-9d2b-5b8f1d3e7a90',
      };
      expect(byId('aws-codebuild').detect(amplifyEnv)).toBe(true);
      expect(detectCi(ADAPTERS, amplifyEnv)?.id).toBe('aws-amplify');
      expect(detectSwapped('aws-amplify', 'aws-codebuild', amplifyEnv)).toBe('aws-codebuild');
    }
  });

  it('a CodeBuild project that sets AWS_APP_ID to deploy to Amplify stays CodeBuild', () => {
    for (const { env } of fixtureEnvs('aws-codebuild')) {
      expect(detectCi(ADAPTERS, { ...env, AWS_APP_ID: 'd2d7s1wcuvgj1p' })?.id).toBe(
        'aws-codebuild',
      );
    }
  });

  it('Jenkins is never detected by BUILD_NUMBER / BUILD_ID alone', () => {
    expect(byId('jenkins').detect({ BUILD_NUMBER: '12', BUILD_ID: '12', JOB_NAME: 'x' })).toBe(
      false,
    );
  });

  it('Jenkins before Google Cloud Build: a Jenkins job with a PROJECT_ID parameter stays Jenkins', () => {
    for (const { env } of fixtureEnvs('jenkins')) {
      const jenkinsEnv = { ...env, BUILD_ID: env.BUILD_ID ?? '42', PROJECT_ID: 'my-gcp-project' };
      expect(byId('google-cloud-build').detect(jenkinsEnv)).toBe(true);
      expect(detectCi(ADAPTERS, jenkinsEnv)?.id).toBe('jenkins');
      expect(detectSwapped('jenkins', 'google-cloud-build', jenkinsEnv)).toBe('google-cloud-build');
    }
  });

  it('Google Cloud Build is detected by its BUILD_ID + PROJECT_ID when Jenkins is absent', () => {
    for (const { env } of fixtureEnvs('google-cloud-build')) {
      expect(byId('jenkins').detect(env)).toBe(false);
      expect(detectCi(ADAPTERS, env)?.id).toBe('google-cloud-build');
    }
  });

  it('no other overlap between fixtures exists that the order does not settle', () => {
    const overlaps: string[] = [];
    for (const owner of ADAPTERS) {
      for (const { name, env } of fixtureEnvs(owner.id)) {
        const others = ADAPTERS.filter((adapter) => adapter !== owner && adapter.detect(env)).map(
          (a) => a.id,
        );
        for (const other of others) overlaps.push(`${owner.id} > ${other} (${name})`);
        for (const other of others) {
          expect(
            ADAPTER_IDS.indexOf(owner.id),
            `${owner.id} must come before ${other}`,
          ).toBeLessThan(ADAPTER_IDS.indexOf(other));
        }
      }
    }
    // Every overlap seen must be one the registry explains in a comment.
    const documented = ['harness > drone'];
    for (const overlap of overlaps) {
      expect(
        documented.some((pair) => overlap.startsWith(pair)),
        overlap,
      ).toBe(true);
    }
  });
});
