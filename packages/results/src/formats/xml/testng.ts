/**
 * TestNG's own report, `testng-results.xml`: each `<test-method>` that is not a configuration
 * method (`is-config="true"`: @BeforeClass and the like) is one test, its `status` how it ended.
 */
import type { Tally } from '../../tally.js';
import type { XmlFormatReader } from './format.js';
import { StatedTotals } from './stated-totals.js';
import { parseMillis, parseTimestamp } from './values.js';

export function createTestngReader(tally: Tally): XmlFormatReader {
  const stated = new StatedTotals();
  let root: Readonly<Record<string, string>> = {};

  return {
    open(name, attributes, depth) {
      if (depth === 1) root = attributes;
      if (name === 'suite' || name === 'test')
        tally.addTime(parseTimestamp(attributes['started-at']));
      if (name !== 'test-method' || attributes['is-config'] === 'true') return;
      tally.tests += 1;
      const status = attributes.status?.toUpperCase();
      if (status === 'FAIL') tally.failed += 1;
      else if (status === 'SKIP') tally.skipped += 1;
      tally.addTime(parseTimestamp(attributes['started-at']));
      const ms = parseMillis(attributes['duration-ms']);
      if (ms !== undefined) tally.addDuration(ms);
    },

    close() {},

    finish() {
      const passed = tally.tests - tally.failed - tally.skipped;
      stated.compare('testng-results', [
        ['total', root.total, tally.tests],
        ['passed', root.passed, passed],
        ['failed', root.failed, tally.failed],
        ['skipped', root.skipped, tally.skipped],
      ]);
      stated.report(tally);
    },
  };
}
