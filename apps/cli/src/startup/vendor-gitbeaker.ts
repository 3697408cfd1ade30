/**
 * @gitbeaker/rest under a fixed file name (dist/vendor-gitbeaker.mjs), for the CommonJS bin:
 * its copy of the GitLab adapter imports this file instead of bundling the library again
 * (tsup.config.ts). Third-party code only, so both builds can share it.
 */
export * from '@gitbeaker/rest';
