/**
 * JMeter's XML results (`.jtl`): each `<httpSample>` or `<sample>` directly under the root is
 * one test, failed when `s="false"`. Samples nested in a sample (redirects, embedded
 * resources, a transaction's requests) are part of their parent and not counted again.
 */
import type { Tally } from '../../tally.js';
import type { XmlFormatReader } from './format.js';
import { parseMillis } from './values.js';

export function createJmeterXmlReader(tally: Tally): XmlFormatReader {
  return {
    open(name, attributes, depth) {
      if (depth !== 2 || (name !== 'httpSample' && name !== 'sample')) return;
      tally.tests += 1;
      if (attributes.s === 'false') tally.failed += 1;
      const ms = parseMillis(attributes.t);
      if (ms !== undefined) tally.addDuration(ms);
      const at = parseMillis(attributes.ts);
      if (at !== undefined) tally.addTime(at);
    },
    close() {},
    finish() {},
  };
}
