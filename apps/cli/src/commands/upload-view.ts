/**
 * What `xltv upload` shows while core uploads: milestones, warnings and the progress bar on
 * stderr, then the summary on stdout (unless `--json`).
 */
import type { Receipt, UploadEvent, UploadOptions } from '@xltv/core';
import type { Origins } from '../flags.js';
import type { Progress, Reporter } from '../reporter.js';
import { cliOrigins } from '../render/env.js';
import {
  renderAdapterVariables,
  renderCiDone,
  renderCiLine,
  renderDefaultPattern,
  renderFilesFound,
  renderMetadataLine,
  renderSelectedFile,
  renderUploadDone,
  renderUploadSummary,
  renderUploading,
  renderZipReady,
} from '../render/upload.js';
import { renderResultsLine } from '../render/results.js';
import { formatWarning } from '../render/warnings.js';

/** Renders the events of one upload. */
export class UploadView {
  #progress: Progress | undefined;
  #source = 'local';
  #testSpec: string | undefined;

  constructor(
    private readonly reporter: Reporter,
    private readonly json: boolean,
    private readonly optionOrigins: Origins,
  ) {}

  show(event: UploadEvent): void {
    const { reporter } = this;
    switch (event.type) {
      case 'warning':
        // Disabled TLS checks are shown even with --quiet: they are about security.
        if (event.warning.code === 'INSECURE_TLS') {
          reporter.error(formatWarning(event.warning, reporter.errStyle));
        } else reporter.warn(formatWarning(event.warning, reporter.errStyle));
        return;
      case 'metadata':
        this.#source = event.source;
        reporter.milestone(renderCiLine(event.adapter, event.source, event.metadata));
        if (event.adapter) reporter.debug(renderAdapterVariables(event.adapter));
        if (reporter.verbosity === 'verbose') {
          const origins = cliOrigins(event.origins, this.optionOrigins);
          for (const [key, value] of Object.entries(event.metadata)) {
            reporter.debug(renderMetadataLine(key, value, origins[key]));
          }
        }
        return;
      case 'pattern':
        return reporter.milestone(renderDefaultPattern(event.testSpec, event.pattern));
      case 'files':
        reporter.milestone(renderFilesFound(event.files.length, event.bytes, event.baseDir));
        if (reporter.verbosity === 'verbose') {
          for (const file of event.files) reporter.debug(renderSelectedFile(file.name, file.size));
        }
        return;
      case 'body':
        return reporter.milestone(renderZipReady(event.zipBytes, event.contentLength));
      case 'sending':
        this.#testSpec = event.testSpec;
        reporter.milestone(renderUploading(event.url));
        this.#progress = reporter.progress('Uploading');
        return;
      case 'progress':
        return this.#progress?.update(event.sent, event.total);
      case 'sent':
        this.#progress?.clear();
        return reporter.milestone(
          renderUploadDone(event.httpStatus, event.attempts, event.durationMs),
        );
      case 'ci-done':
        return reporter.milestone(renderCiDone(event.adapter.name, event.done));
      case 'results':
        // The counts end the summary; --verbose shows them as soon as the files are read.
        return reporter.debug(renderResultsLine(event.results));
      case 'ci-commands':
        return reporter.ciCommands(event.lines, this.json);
    }
  }

  /** The summary of a finished upload, on stdout unless the receipt goes there. */
  done(receipt: Receipt, options: UploadOptions): void {
    this.#progress?.clear();
    if (this.json) return;
    this.reporter.result(
      renderUploadSummary(
        receipt,
        {
          testSpec: this.#testSpec ?? options.testSpec,
          saveRequest: options.saveRequest,
          source: this.#source,
        },
        this.reporter.outStyle,
      ),
    );
  }

  /** Clear the progress bar after a failure. */
  stop(): void {
    this.#progress?.clear();
  }
}
