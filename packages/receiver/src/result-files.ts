/**
 * Reading the result files of a received zip with `@xltv/results`, as XL TestView does: each
 * entry is read while the zip check streams it (bounded memory), then the test
 * specification's tool keeps only the files its parser reads. Where the tool's rule is
 * enforced, a zip holding nothing the tool reads is refused with 422 and not stored.
 */
import { createInspector, summarize, toolReads } from '@xltv/results';
import type { FileProblem, InspectedFile, ResultsSummary } from '@xltv/results';
import { ImportRejection } from './errors.js';
import type { EntrySink } from './zip-check.js';

/** The result files of one upload, read entry by entry. */
export class ResultFiles {
  private readonly files: InspectedFile[] = [];

  /** The sink of one entry, for `inspectZip`. It never throws (the library's promise). */
  readonly sinkFor = (name: string, mtime: Date): EntrySink => {
    const inspector = createInspector(name, { mtime });
    return {
      write: (chunk) => inspector.write(chunk),
      end: () => {
        this.files.push({ file: name, results: inspector.end() });
      },
    };
  };

  /**
   * The summary of what `toolName` reads: its counts and formats cover only the files the
   * tool reads (all of them for a tool `@xltv/results` does not know); every other file is
   * listed as a problem. With `enforce`, a zip of which the tool reads nothing is a 422.
   */
  verdict(toolName: string, enforce: boolean): ResultsSummary {
    const read: InspectedFile[] = [];
    const notRead: FileProblem[] = [];
    for (const inspected of this.files) {
      const { file, results } = inspected;
      if (toolReads(toolName, results.format, file) !== false) {
        read.push(inspected);
      } else if (results.format === undefined) {
        // Its own problems (unknown format, empty, malformed) say why better than a mismatch.
        notRead.push(...results.problems.map((problem) => ({ file, ...problem })));
      } else {
        notRead.push({
          file,
          code: 'TOOL_MISMATCH',
          message: `${toolName} does not read this ${results.format} file`,
        });
      }
    }
    if (enforce && read.length === 0 && this.files.length > 0) {
      throw new ImportRejection(
        422,
        'NOTHING_THE_TOOL_READS',
        `The zip holds nothing ${toolName} reads: ${this.describe()}; nothing was imported.`,
      );
    }
    return summarize(read, notRead);
  }

  /** `3 files, formats: trx 2, unrecognised 1`. */
  private describe(): string {
    const counts = new Map<string, number>();
    for (const { results } of this.files) {
      const format = results.format ?? 'unrecognised';
      counts.set(format, (counts.get(format) ?? 0) + 1);
    }
    const formats = [...counts].map(([format, count]) => `${format} ${count}`).join(', ');
    const files = this.files.length === 1 ? '1 file' : `${this.files.length} files`;
    return `${files}, formats: ${formats}`;
  }
}
