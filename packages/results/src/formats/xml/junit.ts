/**
 * JUnit XML, as Ant, Gradle, Karma, Maven Surefire/Failsafe, TestNG's JUnit reporter, pytest
 * and jest-junit write it: each `<testcase>` is one test, its child elements say how it ended.
 */
import type { Tally } from '../../tally.js';
import type { XmlFormatReader } from './format.js';
import { StatedTotals } from './stated-totals.js';
import { parseSeconds, parseTimestamp } from './values.js';

type Outcome = 'passed' | 'failed' | 'errors' | 'skipped';

interface Suite {
  readonly depth: number;
  readonly where: string;
  readonly attributes: Readonly<Record<string, string>>;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

interface TestCase {
  readonly depth: number;
  failure: boolean;
  error: boolean;
  skipped: boolean;
  /** Surefire's `flakyFailure`/`flakyError`/`rerunFailure`/`rerunError`: it ran again. */
  rerun: boolean;
  readonly ms: number | undefined;
}

const RERUNS = new Set(['flakyFailure', 'flakyError', 'rerunFailure', 'rerunError']);

export function createJunitReader(tally: Tally): XmlFormatReader {
  const suites: Suite[] = [];
  const stated = new StatedTotals();
  let testCase: TestCase | undefined;

  return {
    open(name, attributes, depth) {
      if (testCase) {
        if (depth !== testCase.depth + 1) return;
        if (name === 'failure') testCase.failure = true;
        else if (name === 'error') testCase.error = true;
        else if (name === 'skipped') testCase.skipped = true;
        else if (RERUNS.has(name)) testCase.rerun = true;
        return;
      }
      if (name === 'testsuite' || name === 'testsuites') {
        tally.addTime(parseTimestamp(attributes.timestamp));
        const label = attributes.name === undefined ? name : `${name} "${attributes.name}"`;
        suites.push({
          depth,
          where: label,
          attributes,
          tests: 0,
          failures: 0,
          errors: 0,
          skipped: 0,
        });
      } else if (name === 'testcase') {
        const ms = parseSeconds(attributes.time);
        testCase = { depth, failure: false, error: false, skipped: false, rerun: false, ms };
      }
    },

    close(_name, depth) {
      if (testCase && depth === testCase.depth) {
        count(outcomeOf(testCase), testCase.rerun);
        // Counted when complete, like its outcome, so a file cut short adds up.
        if (testCase.ms !== undefined) tally.addDuration(testCase.ms);
        testCase = undefined;
        return;
      }
      const suite = suites.at(-1);
      if (suite && depth === suite.depth) {
        suites.pop();
        const { attributes: a } = suite;
        stated.compare(suite.where, [
          ['tests', a.tests, suite.tests],
          ['failures', a.failures, suite.failures],
          ['errors', a.errors, suite.errors],
          ['skipped', a.skipped, suite.skipped],
        ]);
      }
    },

    finish() {
      stated.report(tally);
    },
  };

  function count(outcome: Outcome, rerun: boolean): void {
    tally.tests += 1;
    if (outcome === 'failed') tally.failed += 1;
    else if (outcome === 'errors') tally.errors += 1;
    else if (outcome === 'skipped') tally.skipped += 1;
    else if (rerun) tally.flaky += 1;
    for (const suite of suites) {
      suite.tests += 1;
      if (outcome === 'failed') suite.failures += 1;
      else if (outcome === 'errors') suite.errors += 1;
      else if (outcome === 'skipped') suite.skipped += 1;
    }
  }
}

/** A failure wins over an error, an error over a skip; a rerun alone is not a failure. */
function outcomeOf(testCase: TestCase): Outcome {
  if (testCase.failure) return 'failed';
  if (testCase.error) return 'errors';
  if (testCase.skipped) return 'skipped';
  return 'passed';
}
