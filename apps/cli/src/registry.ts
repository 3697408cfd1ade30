/**
 * THE ordered list of every CI adapter: the only place that knows them all. Detection walks
 * it from the top and the first adapter whose `detect` matches wins (docs/ci-mapping.md §1
 * "Detection order"), so a CI that imitates another CI's variables must come before it.
 * Adding a CI: create its package, import it here, and put it where its markers stop
 * colliding (test/unit/registry.test.ts proves every fixture is claimed by its own adapter).
 */
import type { CiAdapter } from '@xltv/core';
import { appveyor } from '@xltv/appveyor';
import { awsAmplify } from '@xltv/aws-amplify';
import { awsCodebuild } from '@xltv/aws-codebuild';
import { azurePipelines } from '@xltv/azure-pipelines';
import { bamboo } from '@xltv/bamboo';
import { bitbucketPipelines } from '@xltv/bitbucket-pipelines';
import { bitrise } from '@xltv/bitrise';
import { buildkite } from '@xltv/buildkite';
import { circleci } from '@xltv/circleci';
import { codefresh } from '@xltv/codefresh';
import { drone } from '@xltv/drone';
import { giteaActions } from '@xltv/gitea-actions';
import { githubActions } from '@xltv/github-actions';
import { gitlab } from '@xltv/gitlab';
import { googleCloudBuild } from '@xltv/google-cloud-build';
import { harness } from '@xltv/harness';
import { jenkins } from '@xltv/jenkins';
import { jenkinsX } from '@xltv/jenkins-x';
import { semaphore } from '@xltv/semaphore';
import { teamcity } from '@xltv/teamcity';
import { tekton } from '@xltv/tekton';
import { travisCi } from '@xltv/travis-ci';
import { wercker } from '@xltv/wercker';
import { woodpecker } from '@xltv/woodpecker';

/** Every adapter, in detection order. */
export const ADAPTERS: readonly CiAdapter[] = [
  // Harness CI also sets Drone's DRONE=true and DRONE_* variables for compatibility: it must
  // be tried before Drone, or every Harness build would be reported as Drone.
  harness,
  drone,
  // Woodpecker (a Drone fork) is keyed on CI=woodpecker; it sets CI_* names that GitLab also
  // uses, but not GITLAB_CI, so only its place before the generic rest matters.
  woodpecker,
  // Gitea Actions (Forgejo included) before GitHub Actions: Gitea's act_runner and the Forgejo
  // runner also set GITHUB_ACTIONS=true and every GITHUB_* variable, but their pages live at
  // other URLs. GitHub Actions refuses GITEA_ACTIONS / FORGEJO_ACTIONS environments as well;
  // the order keeps them Gitea's even without that guard.
  giteaActions,
  githubActions,
  gitlab,
  circleci,
  azurePipelines,
  buildkite,
  bitbucketPipelines,
  // TeamCity sets BUILD_NUMBER, which Jenkins also sets: TeamCity's own marker
  // (TEAMCITY_VERSION) is checked long before Jenkins, which never detects by BUILD_NUMBER.
  teamcity,
  travisCi,
  bamboo,
  appveyor,
  // AWS Amplify before CodeBuild: Amplify Hosting builds run on CodeBuild and can carry its
  // CODEBUILD_* variables too; AWS_APP_ID (with another AWS_* build variable) is Amplify's.
  awsAmplify,
  awsCodebuild,
  bitrise,
  semaphore,
  codefresh,
  // Jenkins comes late: its variables (BUILD_NUMBER, BUILD_ID, JOB_NAME, BUILD_URL) are
  // generic names that other CIs and Jenkins-compatibility modes set too; it is detected by
  // JENKINS_URL (or HUDSON_URL / JENKINS_HOME) only.
  jenkins,
  // Google Cloud Build is detected by BUILDER_OUTPUT or by BUILD_ID + PROJECT_ID together:
  // after Jenkins, so a Jenkins build with a PROJECT_ID parameter stays Jenkins.
  googleCloudBuild,
  wercker,
  // Jenkins X and Tekton have no vendor marker of their own (heuristics on Prow/Tekton-style
  // variables the pipeline maps into the env), so they come last.
  jenkinsX,
  tekton,
];

/** The ids of {@link ADAPTERS}, in detection order (the values `--ci` accepts, with `none`). */
export const ADAPTER_IDS: readonly string[] = ADAPTERS.map((adapter) => adapter.id);

/** An adapter's own switch, offered by `upload` as a flag. */
export interface AdapterOption {
  /** Its name in core's `adapterOptions`, e.g. `gitlabMrNote`. */
  readonly name: string;
  /** The flag, e.g. `--gitlab-mr-note`. */
  readonly flag: string;
  /** What it does, and what is left undone when it cannot act. */
  readonly description: string;
  readonly skipped: string;
  readonly adapter: CiAdapter;
}

/** Every adapter's switches, as flags. */
export const ADAPTER_OPTIONS: readonly AdapterOption[] = ADAPTERS.flatMap((adapter) =>
  Object.entries(adapter.options ?? {}).map(([name, { description, skipped }]) => ({
    name,
    flag: `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`,
    description,
    skipped,
    adapter,
  })),
);
