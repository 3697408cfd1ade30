/**
 * `xltv upload`: options → metadata → files → body → send (or dry run) → receipt → exit code.
 * This module is loaded only when the command runs: it pulls in the HTTP client and zip.
 */
import { createWriteStream, closeSync, openSync, writeSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pipeline as pipelineCallback } from 'node:stream';
import {
  XltvClient,
  XltvError,
  afterUploadCi,
  isXltvError,
  prepareImportBody,
  redactUrl,
  selectFiles,
  type ImportBody,
  type AfterUploadContext,
  type ImportTarget,
  type XltvWarning,
} from '@xltv/core';
import { collectMetadata, type CollectedMetadata } from '../collect-metadata.js';
import { EXIT, exitCodeForError, softened } from '../exit.js';
import { INSECURE_WARNING, warnIfInsecure } from '../connect.js';
import { keepHttpParserOnBaselineCompiler } from '../http-parser-memory.js';
import { collectSecrets } from '../known-secrets.js';
import { userAgent } from '../meta.js';
import {
  OPTION_ENV,
  redactUserinfo,
  resolveSwitch,
  resolveUploadOptions,
  type RawUploadFlags,
  type UploadOptions,
  type Verbosity,
} from '../options.js';
import {
  buildReceipt,
  emptyFacts,
  writeReceiptFile,
  type ReceiptFacts,
  type ReceiptStatus,
} from '../receipt.js';
import { ADAPTERS } from '../registry.js';
import { Reporter, type CliIo, type Progress } from '../reporter.js';
import { errorSentence, formatError, renderError } from '../render/errors.js';
import {
  renderAdapterVariables,
  renderCiLine,
  renderMetadataLine,
  renderSelectedFile,
  renderMergeRequestNoted,
  renderReceiptWriteError,
  renderDefaultPattern,
  renderFilesFound,
  renderSoftFail,
  renderUploadDone,
  renderUploadSummary,
  renderUploading,
  renderZipReady,
} from '../render/upload.js';
import { formatWarning, renderWarning } from '../render/warnings.js';

/** How long an interrupted upload may take to clean up before the process exits anyway. */
const INTERRUPT_GRACE_MS = 3000;

/** Run `xltv upload`; resolves to the process exit code. */
export async function runUpload(
  flags: RawUploadFlags,
  patterns: readonly string[],
  io: CliIo,
): Promise<number> {
  const started = performance.now();
  const env = io.env;
  const facts = emptyFacts();
  const json = flags.json === true;
  let softFail = lenientSoftFail(flags, io);
  let reporter = new Reporter(
    io,
    lenientVerbosity(flags),
    collectSecrets(env, {
      password: flags.password,
      url: flags.url ?? env[OPTION_ENV.url],
      proxy: flags.proxy,
    }),
  );
  let options: UploadOptions | undefined;
  let collected: CollectedMetadata | undefined;
  let body: ImportBody | undefined;
  let client: XltvClient | undefined;
  let target: ImportTarget | undefined;

  const controller = new AbortController();
  let interruptedBy: NodeJS.Signals | undefined;
  let forceExit: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGTERM' ? EXIT.SIGTERM : EXIT.SIGINT;
    if (interruptedBy !== undefined) process.exit(code);
    interruptedBy = signal;
    controller.abort(new XltvError('ABORTED', `interrupted by ${signal}`, { signal }));
    // Whatever is still running (a CI API call, a stuck socket) gets a short grace period.
    forceExit = setTimeout(() => {
      void (body?.dispose() ?? Promise.resolve()).finally(() => process.exit(code));
    }, INTERRUPT_GRACE_MS);
    forceExit.unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const warn = (warning: XltvWarning) => {
    const sentence = renderWarning(warning);
    facts.warnings.push({ code: warning.code, message: reporter.redact(sentence) });
    reporter.warn(formatWarning(warning, reporter.errStyle));
  };

  let status: ReceiptStatus;
  let exitCode: number;
  let failure: { code: string; message: string; status?: number | undefined } | undefined;
  try {
    options = resolveUploadOptions(flags, patterns, env);
    softFail = options.output.softFail;
    reporter = new Reporter(
      io,
      options.output.verbosity,
      collectSecrets(env, {
        password: options.server.password,
        url: options.server.url,
        proxy: options.server.proxy,
      }),
    );
    const { server, output } = options;
    if (server.insecure) {
      facts.warnings.push({
        code: INSECURE_WARNING.code,
        message: renderWarning(INSECURE_WARNING),
      });
      warnIfInsecure(server, reporter);
    }

    collected = await collectMetadata(options.metadata, ADAPTERS, env, controller.signal);
    facts.metadata = collected.metadata;
    for (const warning of collected.warnings) warn(warning);
    reporter.milestone(renderCiLine(collected.adapter, collected.source, collected.metadata));
    if (collected.adapter) reporter.debug(renderAdapterVariables(collected.adapter));
    for (const [key, value] of Object.entries(collected.metadata)) {
      reporter.debug(renderMetadataLine(key, value, collected.origins[key]));
    }

    if (server.url !== undefined) {
      keepHttpParserOnBaselineCompiler();
      client = new XltvClient({
        url: server.url,
        username: server.username,
        password: server.password,
        userAgent: userAgent(
          collected.source === 'local' ? 'local' : (collected.adapter?.id ?? collected.source),
        ),
        connectTimeoutMs: server.connectTimeoutMs,
        timeoutMs: server.timeoutMs,
        retries: server.retries,
        proxy: server.proxy,
        env,
        caCertFile: server.caCertFile,
        insecure: server.insecure,
        signal: controller.signal,
        onRetry: (info) => {
          facts.attempts = Math.max(facts.attempts, info.attempt);
          warn({ code: 'RETRY', message: info.reason, details: { ...info } });
        },
      });
      target = await resolveTarget(client, options, warn);
      if (target) facts.url = client.importUrl(target);
    }

    let include = options.files.include;
    if (include.length === 0) {
      const testSpec = target?.testSpecId;
      const pattern =
        client && testSpec !== undefined
          ? (await client.listTestSpecifications()).find((spec) => spec.id === testSpec)?.testTool
              ?.defaultSearchPattern
          : undefined;
      if (!pattern) {
        throw new XltvError('NO_PATTERNS', 'no include pattern given and none on the server', {
          ...(testSpec !== undefined ? { testSpecId: testSpec } : {}),
        });
      }
      reporter.milestone(renderDefaultPattern(testSpec ?? '', pattern));
      include = [pattern];
    }

    body = await selectAndPrepareBody(options, include, collected, {
      facts,
      reporter,
      warn,
      signal: controller.signal,
    });
    if (body.zipBytes !== undefined) facts.zipBytes = body.zipBytes;
    reporter.milestone(renderZipReady(body.zipBytes, body.contentLength));

    const saveRequest =
      output.saveRequest !== undefined ? resolvePath(output.saveRequest) : undefined;
    if (output.dryRun) {
      await consumeOnce(body, saveRequest);
      facts.zipBytes = body.zipBytes ?? facts.zipBytes;
      status = 'dry-run';
      exitCode = EXIT.OK;
    } else {
      if (!client || !target) throw new Error('upload without a client or target');
      reporter.milestone(renderUploading(facts.url ?? redactUrl(server.url ?? '')));
      const progress = reporter.progress('Uploading');
      const sendStarted = performance.now();
      const instrumented = instrumentBody(body, progress, saveRequest);
      let result;
      try {
        result = await client.importResults(target, instrumented);
      } finally {
        progress?.clear();
      }
      facts.attempts = result.attempts;
      facts.testRunIds = result.testRunIds;
      facts.url = result.url;
      facts.zipBytes = body.zipBytes ?? facts.zipBytes;
      reporter.milestone(
        renderUploadDone(result.httpStatus, result.attempts, performance.now() - sendStarted),
      );
      if (result.status === 'already-imported') {
        warn({ code: 'ALREADY_IMPORTED', message: 'already imported by an earlier attempt' });
      }
      status = result.status === 'nothing-new' ? 'nothing-new' : 'imported';
      exitCode = status === 'nothing-new' ? EXIT.NOTHING_NEW : EXIT.OK;
      if (options.metadata.gitlabMrNote) {
        await noteOnMergeRequest(collected, options, {
          env,
          warn,
          reporter,
          outcome: {
            status: status === 'nothing-new' ? 'nothing-new' : 'imported',
            testRunIds: result.testRunIds,
            files: facts.files,
            targetUrl: result.url,
          },
        });
      }
    }
  } catch (error) {
    exitCode = exitCodeForError(error, interruptedBy);
    status = 'failed';
    if (isXltvError(error) && typeof error.details.attempts === 'number')
      facts.attempts = error.details.attempts;
    const rendered = renderError(interruptedBy ? new XltvError('ABORTED', 'interrupted') : error, {
      serverUrl: options?.server.url !== undefined ? redactUserinfo(options.server.url) : undefined,
      username: options?.server.username,
      testSpec: target?.testSpecId ?? options?.target.testSpec,
      project: target?.projectId ?? options?.target.project,
    });
    const statusCode =
      isXltvError(error) && typeof error.details.status === 'number'
        ? error.details.status
        : undefined;
    failure = {
      code: interruptedBy ? 'ABORTED' : isXltvError(error) ? error.code : 'INTERNAL',
      message: reporter.redact(errorSentence(rendered)),
      ...(statusCode !== undefined ? { status: statusCode } : {}),
    };
    reporter.error(formatError(rendered, reporter.errStyle));
    if (
      !isXltvError(error) &&
      reporter.verbosity === 'verbose' &&
      error instanceof Error &&
      error.stack
    ) {
      reporter.error(error.stack);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await body?.dispose().catch(() => undefined);
    await client?.close().catch(() => undefined);
    if (forceExit) clearTimeout(forceExit);
  }

  const finalCode = softened(exitCode, softFail);
  const receipt = buildReceipt(facts, {
    status,
    exitCode: finalCode,
    durationMs: performance.now() - started,
    error: failure,
  });
  const receiptJson = reporter.redact(JSON.stringify(receipt));
  if (json) {
    io.stdout.write(`${receiptJson}\n`);
  } else if (status !== 'failed') {
    reporter.result(
      renderUploadSummary(
        receipt,
        {
          testSpec: target?.testSpecId ?? options?.target.testSpec,
          saveRequest: options?.output.saveRequest,
          source: collected?.source ?? 'local',
        },
        reporter.outStyle,
      ),
    );
  }
  if (options?.output.receipt !== undefined) {
    try {
      await writeReceiptFile(options.output.receipt, receiptJson);
    } catch (error) {
      reporter.error(
        formatError(renderReceiptWriteError(options.output.receipt, error), reporter.errStyle),
      );
    }
  }
  if (finalCode !== exitCode) reporter.warn(renderSoftFail(exitCode));
  return finalCode;
}

/** `--gitlab-mr-note`: let the CI adapter comment the upload (GitLab only; never fatal). */
/**
 * Select the files and build the request body (zipped and spooled unless streamed). A
 * function of its own so that the upload's frame does not keep the selection: once the zip
 * is spooled, the file list (~4 MB of heap for 20 000 files) can be collected.
 */
async function selectAndPrepareBody(
  options: UploadOptions,
  include: readonly string[],
  collected: CollectedMetadata,
  context: {
    facts: ReceiptFacts;
    reporter: Reporter;
    warn: (warning: XltvWarning) => void;
    signal: AbortSignal;
  },
): Promise<ImportBody> {
  const { facts, reporter, warn, signal } = context;
  const selection = await selectFiles({
    include,
    exclude: options.files.exclude,
    ...(options.files.baseDir !== undefined ? { baseDir: options.files.baseDir } : {}),
    ...(collected.buildStartedAt ? { buildStartedAt: collected.buildStartedAt } : {}),
    freshOnly: options.files.freshOnly,
    allowEmpty: options.files.allowEmpty,
  });
  facts.files = selection.files.length;
  facts.fileBytes = selection.totalBytes;
  for (const warning of selection.warnings) warn(warning);
  reporter.milestone(
    renderFilesFound(selection.files.length, selection.totalBytes, selection.baseDir),
  );
  for (const file of selection.files) reporter.debug(renderSelectedFile(file.name, file.size));

  return prepareImportBody({
    metadata: collected.metadata,
    files: selection.files,
    ...(options.transfer.level !== undefined ? { level: options.transfer.level } : {}),
    mode: options.transfer.stream ? 'stream' : 'spool',
    signal,
  });
}

async function noteOnMergeRequest(
  collected: CollectedMetadata,
  options: UploadOptions,
  context: {
    env: CliIo['env'];
    warn: (warning: XltvWarning) => void;
    reporter: Reporter;
    outcome: AfterUploadContext['outcome'];
  },
): Promise<void> {
  const { adapter, resolved } = collected;
  if (!adapter?.afterUpload || !resolved) {
    context.warn({
      code: 'MR_NOTE_UNSUPPORTED',
      message: '--gitlab-mr-note needs GitLab CI',
      details: { ci: adapter?.id ?? collected.source },
    });
    return;
  }
  if (!options.metadata.ciApi) {
    context.warn({
      code: 'MR_NOTE_NO_CI_API',
      message: '--gitlab-mr-note is ignored with --no-ci-api',
    });
    return;
  }
  const after = await afterUploadCi(adapter, {
    env: context.env,
    resolved,
    options: { gitlabMrNote: true },
    metadata: collected.metadata,
    outcome: context.outcome,
  });
  for (const warning of after.warnings ?? []) context.warn(warning);
  if ((after.warnings ?? []).length === 0)
    context.reporter.milestone(renderMergeRequestNoted(adapter.name));
}

/** Resolve `--project-title` / `--test-spec-title` to ids (creating them on request). */
async function resolveTarget(
  client: XltvClient,
  options: UploadOptions,
  warn: (warning: XltvWarning) => void,
): Promise<ImportTarget | undefined> {
  const { target, output } = options;
  const create = target.createMissing && !output.dryRun;
  const lookup = async (
    kind: string,
    title: string,
    find: () => Promise<string>,
  ): Promise<string | undefined> => {
    try {
      return await find();
    } catch (error) {
      if (output.dryRun && target.createMissing && isXltvError(error, 'TARGET_NOT_FOUND')) {
        warn({
          code: 'DRY_RUN_NOT_CREATED',
          message: `${kind} would be created`,
          details: { kind, title },
        });
        return undefined;
      }
      throw error;
    }
  };
  let projectId = target.project;
  if (target.projectTitle !== undefined) {
    const title = target.projectTitle;
    projectId = await lookup('project', title, () => client.resolveProject(title, create));
  }
  let testSpecId = target.testSpec;
  if (target.testSpecTitle !== undefined) {
    const title = target.testSpecTitle;
    testSpecId =
      projectId === undefined
        ? undefined
        : await lookup('test specification', title, () =>
            client.resolveTestSpecification(projectId, title, create, target.testTool),
          );
    if (projectId === undefined) {
      warn({
        code: 'DRY_RUN_NOT_CREATED',
        message: 'would be created',
        details: { kind: 'test specification', title },
      });
    }
  }
  return testSpecId === undefined
    ? undefined
    : { testSpecId, ...(projectId !== undefined ? { projectId } : {}) };
}

/**
 * The body as sent, counted for the progress bar and, with `--save-request`, copied to the
 * file (each attempt overwrites it, so the file holds the bytes of the last attempt).
 */
function instrumentBody(
  body: ImportBody,
  progress: Progress | undefined,
  saveTo: string | undefined,
): ImportBody {
  return {
    get contentType() {
      return body.contentType;
    },
    get boundary() {
      return body.boundary;
    },
    get mode() {
      return body.mode;
    },
    get contentLength() {
      return body.contentLength;
    },
    get zipBytes() {
      return body.zipBytes;
    },
    open(): Readable {
      const source = body.open();
      let sent = 0;
      let fd: number | undefined = saveTo !== undefined ? openSync(saveTo, 'w') : undefined;
      const closeFile = () => {
        if (fd !== undefined) closeSync(fd);
        fd = undefined;
      };
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          sent += chunk.length;
          if (fd !== undefined) writeSync(fd, chunk);
          progress?.update(sent, body.contentLength);
          callback(null, chunk);
        },
      });
      pipelineCallback(source, counter, () => closeFile());
      return counter;
    },
    dispose: () => body.dispose(),
  };
}

/**
 * Dry run: produce the body once, into the `--save-request` file or nowhere, to size it. A
 * spooled body is already complete on disk: read into nothing, its 166 MB in 8 KiB pieces
 * came faster than V8 freed them, and the run peaked ~25 MB higher.
 */
async function consumeOnce(body: ImportBody, saveTo: string | undefined): Promise<void> {
  if (body.mode === 'spool' && saveTo === undefined) return;
  const sink =
    saveTo !== undefined
      ? createWriteStream(saveTo)
      : new Writable({
          write(_chunk, _encoding, callback) {
            callback();
          },
        });
  await pipeline(body.open(), sink);
}

function lenientSoftFail(flags: RawUploadFlags, io: CliIo): boolean {
  try {
    return resolveSwitch(flags.softFail, io.env, OPTION_ENV.softFail, '--soft-fail');
  } catch {
    return false;
  }
}

function lenientVerbosity(flags: RawUploadFlags): Verbosity {
  return flags.verbose ? 'verbose' : flags.quiet ? 'quiet' : 'normal';
}
