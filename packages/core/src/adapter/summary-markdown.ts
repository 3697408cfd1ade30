/** Placeholder: being written. The Markdown summary of results (docs/cli.md "Summaries"). */
import type { ResultsSummary } from '@xltv/results';
import type { SummaryContext } from './contract.js';

export interface SummaryInput {
  readonly results: ResultsSummary;
  readonly outcome?: SummaryContext['outcome'];
}

export function summaryMarkdown(input: SummaryInput): string {
  return `${input.results.tests} tests\n`;
}
