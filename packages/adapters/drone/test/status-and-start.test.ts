import { describe, expect, it } from 'vitest';
import drone from '../src/index.js';

const base = { DRONE: 'true', DRONE_BUILD_NUMBER: '5' };

describe('drone build status and start', () => {
  it.each([
    ['success', 'SUCCESS'],
    ['failure', 'FAILURE'],
    ['error', 'FAILURE'],
    ['killed', 'ABORTED'],
  ])('maps DRONE_BUILD_STATUS=%s to %s', (status, result) => {
    const resolved = drone.resolve({ ...base, DRONE_BUILD_STATUS: status });
    expect(resolved.properties.ciBuildResult).toBe(result);
    expect(resolved.origins.ciBuildResult).toBe('DRONE_BUILD_STATUS');
  });

  it('sends no result for a status it does not know', () => {
    expect(
      drone.resolve({ ...base, DRONE_BUILD_STATUS: 'pending' }).properties.ciBuildResult,
    ).toBeUndefined();
  });

  it('reads the build start from DRONE_BUILD_STARTED (Unix seconds), 0 meaning unknown', () => {
    expect(
      drone.resolve({ ...base, DRONE_BUILD_STARTED: '1741944413' }).buildStartedAt?.toISOString(),
    ).toBe('2025-03-14T09:26:53.000Z');
    expect(drone.resolve({ ...base, DRONE_BUILD_STARTED: '0' }).buildStartedAt).toBeUndefined();
  });

  it('takes the target from DRONE_BRANCH on a pull request without DRONE_TARGET_BRANCH', () => {
    const { properties } = drone.resolve({
      ...base,
      DRONE_PULL_REQUEST: '12',
      DRONE_BRANCH: 'main',
    });
    expect(properties.targetBranch).toBe('main');
    expect(properties.branch).toBeUndefined();
  });
});
