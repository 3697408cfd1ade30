/**
 * What `upload` tells its caller while it runs, in order: the metadata, the files, the body,
 * the sending, and warnings whenever they arise. A front end renders them; core prints nothing.
 */
import type { ResultsSummary } from '@xltv/results';
import type { CiAdapter } from '../adapter/contract.js';
import type { XltvWarning } from '../errors.js';
import type { SelectedFile } from '../files.js';
import type { Metadata } from '../metadata.js';

/** One event of {@link UploadEvent}. */
export type UploadEvent =
  | WarningEvent
  | MetadataEvent
  | PatternEvent
  | FilesEvent
  | ResultsEvent
  | BodyEvent
  | SendingEvent
  | ProgressEvent
  | SentEvent
  | CiDoneEvent
  | CiCommandsEvent;

/** A non-fatal finding; the upload goes on. Every warning also lands in the receipt. */
export interface WarningEvent {
  readonly type: 'warning';
  readonly warning: XltvWarning;
}

/** The metadata is complete: what will be sent, and where each value came from. */
export interface MetadataEvent {
  readonly type: 'metadata';
  /** The CI adapter used, if any. */
  readonly adapter: CiAdapter | undefined;
  /** The `source` value: the adapter's id, `generic` (only `XLTV_CI_*` variables), or `local`. */
  readonly source: string;
  readonly metadata: Metadata;
  /** Per key: a variable, a formula of them, `api`, `meta`, `metaFile` or `buildResult`. */
  readonly origins: Readonly<Record<string, string>>;
}

/** No include pattern was given: the test specification's default search pattern is used. */
export interface PatternEvent {
  readonly type: 'pattern';
  readonly testSpec: string;
  readonly pattern: string;
}

/** The files are selected (sorted by entry name). */
export interface FilesEvent {
  readonly type: 'files';
  readonly files: readonly SelectedFile[];
  /** Sum of their sizes. */
  readonly bytes: number;
  /** The root of the zip's entry names. */
  readonly baseDir: string;
}

/**
 * What the files hold. Before the body event when the body is zipped first (or the files
 * were read first: `strictResults` or `freshOnly` with `stream`), else after `sent` (streamed).
 */
export interface ResultsEvent {
  readonly type: 'results';
  /** The files sent (a file left out by `freshOnly` is not in it). */
  readonly results: ResultsSummary;
}

/** The request body is ready: zipped and spooled, or (streamed) about to be zipped while sent. */
export interface BodyEvent {
  readonly type: 'body';
  /** Zip size in bytes; undefined when streamed. */
  readonly zipBytes: number | undefined;
  /** Request body size in bytes; undefined when streamed. */
  readonly contentLength: number | undefined;
}

/** The request is on its way. */
export interface SendingEvent {
  readonly type: 'sending';
  /** The import URL, credentials removed. */
  readonly url: string;
  /** The test specification's id (found by title when one was given). */
  readonly testSpec: string;
}

/** Bytes of the body sent so far (of the current attempt). */
export interface ProgressEvent {
  readonly type: 'progress';
  readonly sent: number;
  /** Undefined when streamed. */
  readonly total: number | undefined;
}

/** The server answered with success. */
export interface SentEvent {
  readonly type: 'sent';
  readonly httpStatus: number;
  readonly attempts: number;
  readonly durationMs: number;
}

/** The adapter acted after the upload (e.g. it commented on the merge request). */
export interface CiDoneEvent {
  readonly type: 'ci-done';
  readonly adapter: CiAdapter;
  /** What it did, in its own few words. */
  readonly done: string;
}

/**
 * Lines for the CI to read from the job's log (workflow commands, logging commands, service
 * messages), from the adapter's summary: the front end prints them as they are.
 */
export interface CiCommandsEvent {
  readonly type: 'ci-commands';
  readonly lines: readonly string[];
}
