/** The root element decides an XML file's format, and so which reader counts it. */
import type { Tally } from '../../tally.js';
import type { ResultFormat } from '../../types.js';
import { createFitnesseReader } from './fitnesse.js';
import type { XmlFormatReader } from './format.js';
import { createJmeterXmlReader } from './jmeter-xml.js';
import { createJunitReader } from './junit.js';
import { createNunitReader } from './nunit.js';
import { createTestngReader } from './testng.js';
import { createTrxReader } from './trx.js';

const TEAMTEST_2010 = 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010';

/** The format of a file whose root element is `name` (as written, prefix included). */
export function formatOfRoot(
  name: string,
  attributes: Readonly<Record<string, string>>,
  path: string,
): ResultFormat | undefined {
  const colon = name.indexOf(':');
  const local = name.slice(colon + 1);
  switch (local) {
    case 'testsuite':
    case 'testsuites':
      return 'junit';
    case 'testng-results':
      return 'testng';
    case 'test-run':
      return 'nunit';
    case 'TestRun': {
      // TRX is told apart from other "TestRun" documents by its namespace only.
      const xmlns = colon < 0 ? 'xmlns' : `xmlns:${name.slice(0, colon)}`;
      return attributes[xmlns]?.trim() === TEAMTEST_2010 ? 'trx' : undefined;
    }
    case 'testResults':
      // FitNesse and JMeter share the root name; FitNesse results live under FitNesseRoot.
      return path.split(/[\\/]/).includes('FitNesseRoot') ? 'fitnesse' : 'jmeter-xml';
    default:
      return undefined;
  }
}

/** The reader that counts a file of `format` into `tally`. */
export function createFormatReader(
  format: ResultFormat,
  tally: Tally,
  path: string,
): XmlFormatReader | undefined {
  switch (format) {
    case 'junit':
      return createJunitReader(tally);
    case 'testng':
      return createTestngReader(tally);
    case 'trx':
      return createTrxReader(tally);
    case 'nunit':
      return createNunitReader(tally);
    case 'jmeter-xml':
      return createJmeterXmlReader(tally);
    case 'fitnesse':
      return createFitnesseReader(tally, path);
    default:
      return undefined;
  }
}
