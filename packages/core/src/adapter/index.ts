/**
 * `@xltv/core/adapter`: what a CI adapter author needs, and nothing else. An adapter is a
 * plain object implementing {@link CiAdapter}; {@link Resolution} and the helpers apply the
 * normalisation rules of docs/ci-mapping.md §1.
 * @packageDocumentation
 */
export type {
  AdapterFetch,
  AdapterOption,
  AfterUploadContext,
  AfterUploadResult,
  CiAdapter,
  EnrichContext,
  Enrichment,
  Env,
  PropertyOrigins,
  ResolvedCi,
  SummaryContext,
  SummaryResult,
} from './contract.js';
export { resultsTable, summaryMarkdown } from './summary-markdown.js';
export type { SummaryInput } from './summary-markdown.js';
export {
  Resolution,
  anySet,
  derive,
  isAbsoluteHttpUrl,
  joinUrl,
  mapBuildResult,
  nonEmpty,
  normalizeBranch,
  normalizeTag,
  parseTimestamp,
  repositoryFromUrl,
  tagFromRef,
  urlOrigin,
  type Traced,
} from './kit.js';
export { afterUploadCi, enrichCi, type BoundedCallOptions } from './run.js';
export { stripCredentials } from '../secrets.js';
export {
  ERROR_CODES,
  XltvError,
  type XltvErrorCode,
  type XltvErrorDetails,
  type XltvWarning,
} from '../errors.js';
export type { Receipt, ReceiptSpool, ReceiptStatus } from '../upload/receipt.js';
export type { Metadata, MetadataScalar, MetadataValue } from '../metadata.js';
export {
  BUILD_RESULTS,
  CI_PROPERTY_KEYS,
  type BuildResult,
  type CiProperties,
  type CiPropertyKey,
} from '../properties.js';
