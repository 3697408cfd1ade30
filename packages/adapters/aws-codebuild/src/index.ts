/**
 * AWS CodeBuild → XL TestView metadata, per ci-mapping.md (the AWS CodeBuild section).
 * Docs of the variables: https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['CODEBUILD_BUILD_ID'] as const;

/** The AWS CodeBuild adapter. */
export const awsCodebuild = {
  id: 'aws-codebuild',
  name: 'AWS CodeBuild',
  docsUrl: 'https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'CODEBUILD_BUILD_ID'),
  resolve(env: Env) {
    const r = new Resolution('aws-codebuild', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default awsCodebuild;
