/**
 * __NAME__ → XL TestView metadata, per docs/ci-mapping.md (the __NAME__ section).
 * Docs of the variables: __DOCS_URL__
 */
import { Resolution, anySet, type CiAdapter, type Env } from '@xltv/core/adapter';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = ['__MARKER__'] as const;

/** The __NAME__ adapter. */
export const __CAMEL__ = {
  id: '__ID__',
  name: '__NAME__',
  docsUrl: '__DOCS_URL__',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, '__MARKER__'),
  resolve(env: Env) {
    const r = new Resolution('__ID__', env);
    // r.set('ciBuildNumber', r.read('…'));
    return r.done();
  },
} satisfies CiAdapter;

export default __CAMEL__;
