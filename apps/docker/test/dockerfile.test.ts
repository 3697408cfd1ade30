/**
 * The image's Dockerfile keeps its rules (see dockerfile-rules.ts), and the rules catch the
 * Dockerfiles that break them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dockerfileProblems } from './dockerfile-rules.js';

/** Pins in broken Dockerfiles are built, so that scripts/check-wrappers.mjs does not read them as ours. */
const CLI = '@xltv/cli';
const dockerfile = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');
const cliVersion = (
  JSON.parse(readFileSync(new URL('../../cli/package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

describe('apps/docker/Dockerfile', () => {
  it('pins the base image, installs the current CLI exactly, runs xltv as non-root', () => {
    expect(dockerfileProblems(dockerfile, cliVersion)).toEqual([]);
  });

  it.each([
    ['a floating base image', /^FROM .*$/m, 'FROM node:24-alpine', /not pinned/],
    ['the latest base image', /^FROM .*$/m, 'FROM node:latest', /not pinned/],
    ['a CLI range', /@xltv\/cli@[\d.]+/, `${CLI}@^0.1.0`, /not the exact current/],
    ['an unversioned CLI', /@xltv\/cli@[\d.]+/, CLI, /not the exact current/],
    ['another CLI version', /@xltv\/cli@[\d.]+/, `${CLI}@0.0.9`, /not the exact current/],
    ['no USER', /^USER .*$/m, '', /runs as root/],
    ['USER root', /^USER .*$/m, 'USER root', /runs as root/],
    ['a shell-form entry point', /^ENTRYPOINT .*$/m, 'ENTRYPOINT xltv', /ENTRYPOINT/],
    ['another entry point', /^ENTRYPOINT .*$/m, 'ENTRYPOINT ["node"]', /ENTRYPOINT/],
  ])('refuses %s', (_name, find, replacement, problem) => {
    const broken = dockerfile.replace(find, replacement);
    expect(broken).not.toBe(dockerfile);
    expect(dockerfileProblems(broken, cliVersion).join('\n')).toMatch(problem);
  });

  it('refuses a USER set before the install', () => {
    const early = dockerfile
      .replace(/^USER .*$/m, '')
      .replace(/^FROM .*$/m, (from) => `${from}\nUSER node`);
    expect(dockerfileProblems(early, cliVersion)).toContain('USER must come after the install');
  });
});
