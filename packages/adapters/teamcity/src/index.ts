/**
 * TeamCity → XL TestView metadata, per docs/ci-mapping.md §9, and the results as service
 * messages (`summarize`, src/summary.ts).
 * Docs of the variables: https://www.jetbrains.com/help/teamcity/predefined-build-parameters.html
 *
 * TeamCity exports few of its parameters as environment variables: the server URL, build id,
 * agent name and branch are parameters the user maps (`env.BUILD_URL`, `env.XLTV_CI_*`; see
 * the README). The adapter stays pure and does not read the build properties file.
 */
import {
  Resolution,
  anySet,
  derive,
  normalizeBranch,
  urlOrigin,
  type CiAdapter,
  type Env,
} from '@xltv/core/adapter';
import { summarizeForTeamCity } from './summary.js';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'TEAMCITY_VERSION',
  'TEAMCITY_BUILDCONF_NAME',
  'BUILD_NUMBER',
  'BUILD_VCS_NUMBER',
  'BUILD_URL',
  'TEAMCITY_PULLREQUEST_NUMBER',
  'TEAMCITY_PULLREQUEST_TARGET_BRANCH',
] as const;

/** The TeamCity adapter. */
export const teamcity = {
  id: 'teamcity',
  name: 'TeamCity',
  docsUrl: 'https://www.jetbrains.com/help/teamcity/predefined-build-parameters.html',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'TEAMCITY_VERSION'),
  resolve(env: Env) {
    const r = new Resolution('teamcity', env);
    // BUILD_URL is not predefined: it is there when the build configuration maps it
    // (env.BUILD_URL=%teamcity.serverUrl%/viewLog.html?buildId=%teamcity.build.id%).
    const buildUrl = r.read('BUILD_URL');
    r.set('ciServerUrl', derive(buildUrl, urlOrigin, 'origin of BUILD_URL'));
    r.set('ciJobName', r.read('TEAMCITY_BUILDCONF_NAME'));
    r.set('ciBuildNumber', r.read('BUILD_NUMBER'));
    r.set('ciBuildUrl', buildUrl);
    r.set('commit', r.read('BUILD_VCS_NUMBER'));
    r.set('pullRequest', r.read('TEAMCITY_PULLREQUEST_NUMBER'));
    r.set('targetBranch', derive(r.read('TEAMCITY_PULLREQUEST_TARGET_BRANCH'), normalizeBranch));
    return r.done();
  },
  summarize: summarizeForTeamCity,
} satisfies CiAdapter;

export default teamcity;
