/** The upload progress bar's line (stderr, TTY only). */
import { formatBytes } from './format.js';
import type { Style } from './style.js';

const BAR_WIDTH = 24;

/** One progress line: `Uploading [#####-----]  42%  1.2 MB / 2.9 MB`. */
export function renderProgressLine(
  label: string,
  done: number,
  total: number | undefined,
  style: Style,
): string {
  if (total === undefined || total <= 0) return `${label} ${formatBytes(done)}`;
  const ratio = Math.min(1, done / total);
  const filled = Math.round(ratio * BAR_WIDTH);
  const bar = style.green('#'.repeat(filled)) + style.dim('-'.repeat(BAR_WIDTH - filled));
  return `${label} [${bar}] ${Math.round(ratio * 100)
    .toString()
    .padStart(3)}%  ${formatBytes(done)} / ${formatBytes(total)}`;
}
