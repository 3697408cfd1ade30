/**
 * NUnit 3 (`<test-run>`): each `<test-case>` is one test, its `result` how it ended
 * (`Failed`; `Skipped` and `Inconclusive` are skipped; `Passed` and `Warning` passed).
 */
import type { Tally } from '../../tally.js';
import type { XmlFormatReader } from './format.js';
import { StatedTotals } from './stated-totals.js';
import { parseSeconds, parseTimestamp } from './values.js';

export function createNunitReader(tally: Tally): XmlFormatReader {
  const stated = new StatedTotals();
  let run: Readonly<Record<string, string>> = {};

  return {
    open(name, attributes, depth) {
      if (depth === 1) {
        run = attributes;
        tally.addTime(parseTimestamp(attributes['start-time']));
      }
      if (name !== 'test-case') return;
      tally.tests += 1;
      const result = attributes.result?.toLowerCase();
      if (result === 'failed') tally.failed += 1;
      else if (result === 'skipped' || result === 'inconclusive') tally.skipped += 1;
      tally.addTime(parseTimestamp(attributes['start-time']));
      const ms = parseSeconds(attributes.duration);
      if (ms !== undefined) tally.addDuration(ms);
    },

    close() {},

    finish() {
      stated.compare('test-run', [
        ['total', run.total, tally.tests],
        ['failed', run.failed, tally.failed],
      ]);
      stated.report(tally);
    },
  };
}
