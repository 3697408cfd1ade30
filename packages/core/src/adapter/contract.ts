/**
 * The CI adapter contract. An adapter is a plain object that maps one CI's environment onto
 * {@link CiProperties}. Core never imports an adapter: front ends hold the adapters and pass
 * one (or a list to detect from) to `upload`.
 */
import type { ResultsSummary } from '@xltv/results';
import type { XltvWarning } from '../errors.js';
import type { CiProperties, CiPropertyKey } from '../properties.js';

/** An environment: `process.env` or any plain object of the same shape. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Where each resolved property came from: a variable name or a formula of them. */
export type PropertyOrigins = { [K in CiPropertyKey]?: string };

/** What {@link CiAdapter.resolve} returns. */
export interface ResolvedCi {
  /** The properties; unknown ones are absent. */
  readonly properties: CiProperties;
  /** For each present property, the variable(s) it came from, e.g. `BUILD_URL` or `CI_PROJECT_URL + "/-/jobs/" + CI_JOB_ID`. */
  readonly origins: PropertyOrigins;
  /** Findings such as a URL variable that is not an absolute http(s) URL (dropped). */
  readonly warnings: readonly XltvWarning[];
  /** When the build (or job) started, if the CI tells: used to warn about stale result files. */
  readonly buildStartedAt?: Date;
}

/**
 * `fetch` restricted to a URL and options: what {@link EnrichContext.fetch} is. The global
 * `fetch` is one.
 */
export type AdapterFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

/** What {@link CiAdapter.enrich} gets. */
export interface EnrichContext {
  /** The environment the adapter resolved from. */
  readonly env: Env;
  /** What `resolve` found. */
  readonly resolved: ResolvedCi;
  /** Aborted when the time budget runs out or the upload is cancelled. */
  readonly signal: AbortSignal;
  /** The caller's adapter options (names declared in {@link CiAdapter.options}). */
  readonly options: Readonly<Record<string, unknown>>;
  /**
   * Core's `fetch`, for the adapter's API calls: it connects as the upload does (the proxy
   * and NO_PROXY chosen for each request's host, the CA file, `insecure`, the connect
   * timeout). Use it when given, else the global `fetch`.
   */
  readonly fetch?: AdapterFetch;
}

/** What {@link CiAdapter.enrich} returns: properties to fill in (only where absent). */
export interface Enrichment {
  /** Values found through the CI's API. */
  readonly properties?: CiProperties;
  /** Origins of those values (defaults to `"api"`). */
  readonly origins?: PropertyOrigins;
  /** Non-fatal findings. */
  readonly warnings?: readonly XltvWarning[];
}

/** What {@link CiAdapter.afterUpload} gets: the enrichment context plus the upload outcome. */
export interface AfterUploadContext extends EnrichContext {
  /** The metadata that was sent. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Outcome summary. */
  readonly outcome: {
    readonly status: 'imported' | 'nothing-new';
    readonly testRunIds: readonly string[];
    readonly files: number;
    readonly targetUrl: string;
    /** What the files hold, unless reading them was turned off. */
    readonly results?: ResultsSummary;
  };
}

/** What {@link CiAdapter.summarize} gets. */
export interface SummaryContext {
  /** The environment the adapter resolved from. */
  readonly env: Env;
  /** Aborted when the time budget runs out or the command is cancelled. */
  readonly signal: AbortSignal;
  /** The caller's adapter options (names declared in {@link CiAdapter.options}). */
  readonly options: Readonly<Record<string, unknown>>;
  /** What was read from the files. */
  readonly results: ResultsSummary;
  /**
   * The directory `results.problems[].file` are relative to: the absolute base directory the
   * files were selected from (`baseDir`, by default the working directory).
   */
  readonly baseDir: string;
  /** The same as Markdown (docs/cli.md "Summaries"), for CIs that show Markdown. */
  readonly markdown: string;
  /** The upload's outcome; absent when nothing was sent (`inspect`, a dry run). */
  readonly outcome?: {
    readonly status: 'imported' | 'nothing-new' | 'failed' | 'spooled';
    readonly testRunIds: readonly string[];
    /** The import URL, credentials removed. */
    readonly targetUrl?: string;
  };
}

/** What {@link CiAdapter.summarize} returns. */
export interface SummaryResult {
  /**
   * Lines for the CI to read from the job's log (workflow commands, logging commands, service
   * messages); the front end prints them.
   */
  readonly commands?: readonly string[];
  /** Non-fatal findings, e.g. why the summary could not be written. */
  readonly warnings?: readonly XltvWarning[];
  /** What was done, in a few words a front end may show, e.g. `the step summary shows the results`. */
  readonly done?: string;
}

/** What {@link CiAdapter.afterUpload} returns. */
export interface AfterUploadResult {
  /** Non-fatal findings, e.g. why nothing was done. */
  readonly warnings?: readonly XltvWarning[];
  /** What was done, in a few words a front end may show, e.g. `the merge request note shows this upload`. */
  readonly done?: string;
}

/** A switch of an adapter's API calls (see {@link CiAdapter.options}). */
export interface AdapterOption {
  /** What it does, in a line, e.g. `comment the upload on the merge request`. */
  readonly description: string;
  /** What is left undone when it cannot act, e.g. `no note was posted`. */
  readonly skipped: string;
}

/**
 * One CI. `detect` and `resolve` are pure functions of the env they are given: no I/O, no
 * `process.env`. Unknown values stay absent, never `""`.
 */
export interface CiAdapter {
  /** Stable id, also the `source` value, e.g. `gitlab`. */
  readonly id: string;
  /** Human name, e.g. `GitLab CI/CD`. */
  readonly name: string;
  /** The CI's documentation of its predefined variables. */
  readonly docsUrl: string;
  /** Every variable `detect` or `resolve` reads (a test proves the list is complete). */
  readonly envVars: readonly string[];
  /** Variables whose values are secrets (tokens the CI or its API calls use): never shown. */
  readonly secretEnvVars?: readonly string[];
  /**
   * Switches the adapter's API calls understand, by name; front ends offer each as an option
   * (`gitlabMrNote` → `--gitlab-mr-note`).
   */
  readonly options?: Readonly<Record<string, AdapterOption>>;
  /** True when `env` is this CI's. */
  detect(env: Env): boolean;
  /** Map the env onto the properties. */
  resolve(env: Env): ResolvedCi;
  /**
   * Optional API lookups for what the env lacks. Must honour `context.signal`; core bounds it
   * in time and turns any failure into a warning.
   */
  enrich?(context: EnrichContext): Promise<Enrichment>;
  /** Optional action after an upload (e.g. a merge-request note). Bounded and never fatal. */
  afterUpload?(context: AfterUploadContext): Promise<AfterUploadResult | void>;
  /**
   * Optional: show the results where this CI shows them (a step summary, an annotation, log
   * commands). Called once per upload or inspection unless summaries are off; bounded in time
   * and never fatal.
   */
  summarize?(context: SummaryContext): Promise<SummaryResult | void>;
}
