import { describe, expect, it } from 'vitest';
import woodpecker from '../src/index.js';

describe('woodpecker detection', () => {
  it('is CI=woodpecker, not the CI_* variables it shares with GitLab CI', () => {
    expect(
      woodpecker.detect({
        CI: 'true',
        GITLAB_CI: 'true',
        CI_COMMIT_SHA: 'abc',
        CI_COMMIT_BRANCH: 'main',
        CI_PIPELINE_URL: 'https://gitlab.example.com/g/p/-/pipelines/1',
      }),
    ).toBe(false);
    expect(woodpecker.detect({ CI: 'woodpecker' })).toBe(true);
  });
});

describe('woodpecker build start and attempt', () => {
  it('reads CI_PIPELINE_STARTED (Unix seconds), 0 meaning unknown', () => {
    const start = woodpecker.resolve({ CI: 'woodpecker', CI_PIPELINE_STARTED: '1685749339' });
    expect(start.buildStartedAt?.toISOString()).toBe('2023-06-02T23:42:19.000Z');
    expect(
      woodpecker.resolve({ CI: 'woodpecker', CI_PIPELINE_STARTED: '0' }).buildStartedAt,
    ).toBeUndefined();
  });

  it('falls back to the pre-1.0 CI_BUILD_STARTED', () => {
    const start = woodpecker.resolve({ CI: 'woodpecker', CI_BUILD_STARTED: '1650000000' });
    expect(start.buildStartedAt?.toISOString()).toBe('2022-04-15T05:20:00.000Z');
  });

  it('counts attempts from 1: CI_PIPELINE_RERUNS + 1', () => {
    const resolved = woodpecker.resolve({ CI: 'woodpecker', CI_PIPELINE_RERUNS: '2' });
    expect(resolved.properties.attempt).toBe('3');
    expect(resolved.origins.attempt).toBe('CI_PIPELINE_RERUNS + 1');
  });
});
