/**
 * `@xltv/core`: test results from any CI into XL TestView, as a library. {@link upload} does
 * what `xltv upload` does; {@link inspect}, {@link check}, {@link listSpecs} and
 * {@link collectMetadata} do what `xltv inspect`, `xltv check`, `xltv specs` and `xltv env` do; {@link XltvClient} speaks the raw protocol.
 * Adapter authors import `@xltv/core/adapter`.
 * @packageDocumentation
 */

// The use cases.
export { upload } from './upload/upload.js';
export type { UploadOptions } from './upload/options.js';
export type { Receipt, ReceiptSpool, ReceiptStatus } from './upload/receipt.js';
export { inspect } from './inspect.js';
export type { InspectEvent, InspectOptions, InspectReport } from './inspect.js';
export type { FileProblem, ResultsSummary } from '@xltv/results';
export { flush } from './spool/flush.js';
export type { FlushEvent, FlushOptions, FlushedEvent } from './spool/flush.js';
export type {
  UploadEvent,
  WarningEvent,
  MetadataEvent,
  PatternEvent,
  FilesEvent,
  ResultsEvent,
  BodyEvent,
  SendingEvent,
  ProgressEvent,
  SentEvent,
  CiDoneEvent,
  CiCommandsEvent,
} from './upload/events.js';
export { collectMetadata } from './upload/ci-metadata.js';
export type { MetadataOptions, CollectedMetadata } from './upload/ci-metadata.js';
export { check } from './server/check.js';
export { SPEC_SET_TYPE } from './http/api.js';
export type { CheckOptions, CheckReport, CheckStep } from './server/check.js';
export { listSpecs } from './server/list-specs.js';
export type { ConnectionOptions } from './connection.js';

// Errors and warnings.
export { XltvError, isXltvError, ERROR_CODES, INPUT_ERROR_CODES } from './errors.js';
export type { XltvErrorCode, XltvErrorDetails, XltvWarning } from './errors.js';
export type { OptionRule } from './option-checks.js';

// Metadata: the model, the builder and its rules.
export {
  buildMetadata,
  validateMetadata,
  parseMetaFlags,
  METADATA_LAYER_KINDS,
  METADATA_RULES,
} from './metadata.js';
export type {
  BuiltMetadata,
  Metadata,
  MetadataLayer,
  MetadataLayerKind,
  MetadataRule,
  MetadataScalar,
  MetadataValue,
} from './metadata.js';
export { BUILD_RESULTS, CI_PROPERTY_KEYS } from './properties.js';
export type { BuildResult, CiProperties, CiPropertyKey } from './properties.js';
export { GENERIC_ENV_VARS, genericVariableName } from './adapter/generic.js';
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
} from './adapter/contract.js';

// Secrets: what must never be shown, and how it is masked.
export { knownSecrets, redactSecrets, stripCredentials, REDACTED } from './secrets.js';
export type { RedactOptions, SecretSources } from './secrets.js';

// The raw protocol: select files, build the body, send it.
export { XltvClient } from './client.js';
export type {
  ClientOptions,
  ImportResult,
  ImportTarget,
  RetryInfo,
  ServerInfo,
  TestSpecification,
} from './client.js';
export { selectFiles } from './files.js';
export type { FileSelection, SelectFilesOptions, SelectedFile } from './files.js';
export { prepareImportBody } from './multipart.js';
export type { ImportBody, PrepareBodyOptions } from './multipart.js';
