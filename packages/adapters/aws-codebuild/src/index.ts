/**
 * AWS CodeBuild → XL TestView metadata, per docs/ci-mapping.md §15.
 * Docs of the variables: https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html
 */
import {
  Resolution,
  anySet,
  derive,
  mapBuildResult,
  normalizeBranch,
  parseTimestamp,
  repositoryFromUrl,
  stripCredentials,
  tagFromRef,
  type CiAdapter,
  type Env,
  type Traced,
} from '@xltv/core/adapter';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'CODEBUILD_BUILD_ID',
  'CODEBUILD_BUILD_ARN',
  'CODEBUILD_CI',
  'AWS_REGION',
  'CODEBUILD_BUILD_NUMBER',
  'CODEBUILD_PUBLIC_BUILD_URL',
  'CODEBUILD_BUILD_SUCCEEDING',
  'CODEBUILD_START_TIME',
  'CODEBUILD_WEBHOOK_TRIGGER',
  'CODEBUILD_WEBHOOK_HEAD_REF',
  'CODEBUILD_WEBHOOK_BASE_REF',
  'CODEBUILD_SOURCE_VERSION',
  'CODEBUILD_RESOLVED_SOURCE_VERSION',
  'CODEBUILD_SOURCE_REPO_URL',
] as const;

/** `arn:aws:codebuild:<region>:<account>:build/<project>:<uuid>` → its region and build id. */
const BUILD_ARN = /^arn:[^:]+:codebuild:([^:]+):[^:]*:build\/(.+)$/;

/** `<project>:<uuid>` → `<project>`; nothing when the id has no `:` (nothing is guessed). */
function projectOf(buildId: string): string | undefined {
  const colon = buildId.indexOf(':');
  return colon > 0 ? buildId.slice(0, colon) : undefined;
}

/** The part after `prefix` of a `CODEBUILD_WEBHOOK_TRIGGER` (`branch/x`, `tag/x`, `pr/n`). */
function triggerPart(prefix: 'branch/' | 'tag/' | 'pr/') {
  return (trigger: string): string | undefined =>
    trigger.startsWith(prefix) ? trigger.slice(prefix.length) : undefined;
}

/**
 * The repository of a source URL. CodeCommit clone URLs carry the name after `/v1/repos/`
 * (there is no owner); an S3 source (`s3://bucket/key.zip`) is an artifact, not a repository.
 */
function repositoryOf(url: string): string | undefined {
  const codeCommit = /^https:\/\/git-codecommit\.[^/]+\/v1\/repos\/([^/]+?)\/?$/.exec(url);
  if (codeCommit) return codeCommit[1];
  return repositoryFromUrl(url);
}

/** The AWS CodeBuild adapter. */
export const awsCodebuild = {
  id: 'aws-codebuild',
  name: 'AWS CodeBuild',
  docsUrl: 'https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html',
  envVars: ENV_VARS,
  // AWS Amplify builds also run on CodeBuild and may carry these markers: the registry tries
  // @xltv/aws-amplify first, so only a plain CodeBuild environment ends up here.
  detect: (env: Env): boolean =>
    anySet(env, 'CODEBUILD_BUILD_ID', 'CODEBUILD_BUILD_ARN', 'CODEBUILD_CI'),
  resolve(env: Env) {
    const r = new Resolution('aws-codebuild', env);
    const arn = r.read('CODEBUILD_BUILD_ARN');
    const arnParts = arn ? BUILD_ARN.exec(arn.value) : null;
    const buildId: Traced | undefined =
      r.read('CODEBUILD_BUILD_ID') ??
      (arnParts?.[2]
        ? { value: arnParts[2], origin: 'CODEBUILD_BUILD_ARN (after ":build/")' }
        : undefined);
    const region: Traced | undefined =
      r.read('AWS_REGION') ??
      (arnParts?.[1]
        ? { value: arnParts[1], origin: '(region of CODEBUILD_BUILD_ARN)' }
        : undefined);
    const project = derive(buildId, projectOf, `(project of ${buildId?.origin ?? ''})`);

    // A public build page (when the project has public builds on) beats the console link.
    r.set('ciBuildUrl', r.read('CODEBUILD_PUBLIC_BUILD_URL'));
    if (region) {
      const consoleUrl = `https://${region.value}.console.aws.amazon.com/codesuite/codebuild`;
      const consoleOrigin = `"https://" + ${region.origin} + ".console.aws.amazon.com/codesuite/codebuild"`;
      r.set('ciServerUrl', consoleUrl, consoleOrigin);
      if (project) {
        r.set(
          'ciJobUrl',
          `${consoleUrl}/projects/${project.value}/history?region=${region.value}`,
          `${consoleOrigin} + "/projects/" + ${project.origin} + "/history?region=" + ${region.origin}`,
        );
        if (buildId && r.get('ciBuildUrl') === undefined) {
          r.set(
            'ciBuildUrl',
            `${consoleUrl}/projects/${project.value}/build/${encodeURIComponent(buildId.value)}/?region=${region.value}`,
            `${consoleOrigin} + "/projects/" + ${project.origin} + "/build/" + urlencode(${buildId.origin}) + "/?region=" + ${region.origin}`,
          );
        }
      }
    }
    r.set('ciJobName', project);
    r.set('ciBuildNumber', r.read('CODEBUILD_BUILD_NUMBER'));
    r.set(
      'ciBuildResult',
      derive(r.read('CODEBUILD_BUILD_SUCCEEDING'), (value) =>
        mapBuildResult(value, { '1': 'SUCCESS', '0': 'FAILURE' }),
      ),
    );

    // Branch, tag and pull request are only known for webhook-triggered builds.
    const trigger = r.read('CODEBUILD_WEBHOOK_TRIGGER');
    const headRef = r.read('CODEBUILD_WEBHOOK_HEAD_REF');
    r.set('pullRequest', derive(trigger, triggerPart('pr/')));
    r.fallback('pullRequest', derive(r.read('CODEBUILD_SOURCE_VERSION'), triggerPart('pr/')));
    r.set('branch', derive(trigger, triggerPart('branch/')));
    r.fallback('branch', derive(headRef, normalizeBranch));
    r.set('tag', derive(trigger, triggerPart('tag/')));
    r.fallback('tag', derive(headRef, tagFromRef));
    if (r.get('pullRequest') !== undefined) {
      r.set('targetBranch', derive(r.read('CODEBUILD_WEBHOOK_BASE_REF'), normalizeBranch));
    }

    r.set('commit', r.read('CODEBUILD_RESOLVED_SOURCE_VERSION'));
    const sourceUrl = derive(r.read('CODEBUILD_SOURCE_REPO_URL'), (url) =>
      /^s3:/i.test(url) ? undefined : url,
    );
    r.set('repository', derive(sourceUrl, repositoryOf, `(repository of ${sourceUrl?.origin})`));
    r.set('repositoryUrl', derive(sourceUrl, stripCredentials));
    r.set('pipelineId', buildId);
    return r.done({ buildStartedAt: parseTimestamp(r.value('CODEBUILD_START_TIME')) });
  },
} satisfies CiAdapter;

export default awsCodebuild;
