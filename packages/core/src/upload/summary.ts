/**
 * The results shown where the user looks: as Markdown in `summaryFile`, and through the CI
 * adapter's `summarize` (a step summary, an annotation, log commands). Never fatal: what
 * fails becomes a warning, and the adapter is bounded in time.
 */
import { writeFile } from 'node:fs/promises';
import type { ResultsSummary } from '@xltv/results';
import type { CiAdapter, Env, SummaryContext } from '../adapter/contract.js';
import { summarizeCi } from '../adapter/run.js';
import { summaryMarkdown } from '../adapter/summary-markdown.js';
import type { CiCommandsEvent, CiDoneEvent, WarningEvent } from './events.js';

/** What the summary step needs. */
export interface SummaryInput {
  /** The adapter of the CI, if one was detected or chosen. */
  readonly adapter: CiAdapter | undefined;
  readonly env: Env;
  /** The caller's adapter options. */
  readonly adapterOptions: Readonly<Record<string, unknown>>;
  /** Call the adapter's `summarize`. */
  readonly summary: boolean;
  /** Write the Markdown here (replacing the file). */
  readonly summaryFile: string | undefined;
  readonly results: ResultsSummary;
  /** The absolute directory the files' names are relative to (the selection's). */
  readonly baseDir: string;
  /** The upload's outcome; absent when nothing was sent. */
  readonly outcome?: SummaryContext['outcome'];
  readonly signal: AbortSignal | undefined;
}

/** Write the summary file and run the adapter's `summarize`; tell what they did. */
export async function showSummary(
  input: SummaryInput,
  emit: (event: WarningEvent | CiCommandsEvent | CiDoneEvent) => void,
): Promise<void> {
  const { adapter, results, outcome } = input;
  const markdown = summaryMarkdown({ results, ...(outcome ? { outcome } : {}) });
  if (input.summaryFile !== undefined) {
    try {
      await writeFile(input.summaryFile, markdown);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      emit({
        type: 'warning',
        warning: {
          code: 'SUMMARY_FILE_FAILED',
          message: `the summary could not be written to ${input.summaryFile} (${reason})`,
          details: { path: input.summaryFile, reason },
        },
      });
    }
  }
  if (!input.summary || !adapter?.summarize) return;
  const shown = await summarizeCi(
    adapter,
    {
      env: input.env,
      options: input.adapterOptions,
      results,
      baseDir: input.baseDir,
      markdown,
      ...(outcome ? { outcome } : {}),
    },
    { signal: input.signal },
  );
  for (const warning of shown.warnings ?? []) emit({ type: 'warning', warning });
  if (shown.commands && shown.commands.length > 0) {
    emit({ type: 'ci-commands', lines: shown.commands });
  }
  if (shown.done) emit({ type: 'ci-done', adapter, done: shown.done });
}
