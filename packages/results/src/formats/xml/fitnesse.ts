/**
 * FitNesse results (`<testResults>` under a `FitNesseRoot` folder): a test page's history file
 * or a suite's XML report. Each `<result>` is one page; its `<counts>` of assertions decide
 * how it ended, as FitNesse itself does: any `wrong` fails it, else any `exceptions` is an
 * error, else `ignores` with nothing `right` skips it.
 */
import type { Tally } from '../../tally.js';
import type { XmlFormatReader } from './format.js';
import { parseCount, parseFitnesseFileTime, parseMillis } from './values.js';

const COUNTS = new Set(['right', 'wrong', 'ignores', 'exceptions']);

export function createFitnesseReader(tally: Tally, path: string): XmlFormatReader {
  let page: Map<string, number> | undefined;
  let inCounts = false;
  /** The value element being read (`wrong`, `runTimeInMillis`) and its text so far. */
  let field: { name: string; depth: number; text: string } | undefined;

  // A history file's name holds when the page ran; the XML itself does not.
  tally.addTime(parseFitnesseFileTime(path));

  return {
    open(name, _attributes, depth) {
      if (depth === 2 && name === 'result') page = new Map();
      else if (page && depth === 3 && name === 'counts') inCounts = true;
      else if (
        page &&
        ((inCounts && depth === 4 && COUNTS.has(name)) ||
          (depth === 3 && name === 'runTimeInMillis'))
      ) {
        field = { name, depth, text: '' };
      }
    },

    text(text, depth) {
      if (field && depth === field.depth) field.text += text;
    },

    close(name, depth) {
      if (field && depth === field.depth) {
        const value =
          field.name === 'runTimeInMillis' ? parseMillis(field.text) : parseCount(field.text);
        if (value !== undefined) page?.set(field.name, value);
        field = undefined;
      } else if (inCounts && depth === 3) inCounts = false;
      else if (page && depth === 2 && name === 'result') {
        countPage(page);
        page = undefined;
      }
    },

    finish() {},
  };

  function countPage(counts: ReadonlyMap<string, number>): void {
    const get = (name: string): number => counts.get(name) ?? 0;
    tally.tests += 1;
    if (get('wrong') > 0) tally.failed += 1;
    else if (get('exceptions') > 0) tally.errors += 1;
    else if (get('ignores') > 0 && get('right') === 0) tally.skipped += 1;
    const ms = counts.get('runTimeInMillis');
    if (ms !== undefined) tally.addDuration(ms);
  }
}
