/**
 * `@xltv/receiver`: a real local XL TestView import server for tests, demos and dry runs.
 * It implements docs/protocol.md from the server's side with its own multipart parser and zip
 * reader, independent of the `@xltv/core` client, so that tests against it catch client bugs.
 */
export { startReceiver, normalizeContextRoot } from './server.js';
export type { Receiver, ReceiverOptions } from './server.js';
export type {
  StoredImport,
  StoredImportWithFile,
  StoredEntry,
  StoredRequest,
  StoredMultipart,
  ImportTarget,
} from './store.js';
export { runKey } from './store.js';
export type {
  Fault,
  FailFault,
  DelayFault,
  ResetFault,
  StallFault,
  LoseResponseFault,
  FaultScope,
  PendingFault,
} from './faults.js';
export { parseFaults } from './faults.js';
export type {
  Project,
  TestTool,
  TestSpecification,
  TestSpecificationInput,
  TestSpecificationsInput,
} from './catalogue.js';
export {
  loadSpecificationsFile,
  normalizeSpecifications,
  TEST_SPECIFICATION_SET_TYPE,
  DEFAULT_PROJECT,
} from './catalogue.js';
export { RECEIVER_ERROR_CODES, ImportRejection } from './errors.js';
export type { ReceiverErrorCode, ImportErrorBody } from './errors.js';
export { WWW_AUTHENTICATE } from './auth.js';
export { MultipartMixedParser } from './multipart.js';
export type { PartHeader, PartSink, MultipartOptions, MultipartSummary } from './multipart.js';
export { inspectZip } from './zip-check.js';
export type { ZipEntryInfo } from './zip-check.js';
