/**
 * TRX (MSTest, VSTest): each top-level `<UnitTestResult>` is one test, its `outcome` how it
 * ended. Data-driven runs nest their rows' results under `<InnerResults>` of the parent result;
 * those belong to the parent and are not counted again.
 */
import type { Tally } from '../../tally.js';
import type { XmlFormatReader } from './format.js';
import { StatedTotals } from './stated-totals.js';
import { parseTimeSpan, parseTimestamp } from './values.js';

const FAILED = new Set(['failed', 'error', 'timeout', 'aborted']);

export function createTrxReader(tally: Tally): XmlFormatReader {
  const stated = new StatedTotals();
  let resultDepth: number | undefined;
  let passed = 0;
  let counters: Readonly<Record<string, string>> | undefined;

  return {
    open(name, attributes, depth) {
      if (name === 'Times' && depth === 2) tally.addTime(parseTimestamp(attributes.start));
      else if (name === 'Counters') counters = attributes;
      else if (name === 'UnitTestResult' && resultDepth === undefined) {
        resultDepth = depth;
        tally.tests += 1;
        const outcome = attributes.outcome?.toLowerCase();
        if (outcome === 'passed') passed += 1;
        else if (outcome !== undefined && FAILED.has(outcome)) tally.failed += 1;
        else tally.skipped += 1;
        const ms = parseTimeSpan(attributes.duration);
        if (ms !== undefined) tally.addDuration(ms);
      }
    },

    close(_name, depth) {
      if (depth === resultDepth) resultDepth = undefined;
    },

    finish() {
      if (counters) {
        stated.compare('ResultSummary/Counters', [
          ['total', counters.total, tally.tests],
          ['passed', counters.passed, passed],
        ]);
      }
      stated.report(tally);
    },
  };
}
