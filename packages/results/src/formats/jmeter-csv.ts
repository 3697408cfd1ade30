/**
 * JMeter CSV results: a header line naming the columns (one is `success`), then one line per
 * sample. One test is one sample, failed when `success` is false; `timeStamp` is when it ran
 * and `elapsed` how long, in milliseconds (docs/results.md).
 */
import { Tally } from '../tally.js';
import { DEFAULT_LIMITS, type InspectOptions, type Inspector } from '../types.js';
import { type CsvRecord, CsvRecords } from './jmeter-csv-records.js';

/** Separators JMeter can be set to write (`jmeter.save.saveservice.default_delimiter`). */
const SEPARATORS = [',', ';', '\t', '|'];

interface Columns {
  readonly count: number;
  readonly success: number;
  readonly timeStamp: number;
  readonly elapsed: number;
}

export function createJmeterCsvReader(_path: string, options: InspectOptions): Inspector {
  const maxTokenBytes = options.maxTokenBytes ?? DEFAULT_LIMITS.maxTokenBytes;
  const tally = new Tally('jmeter-csv');
  let columns: Columns | undefined;
  // The header's first line is held until its end tells the separator.
  let head: Uint8Array[] = [];
  let headBytes = 0;
  let records: CsvRecords | undefined;

  const record = (fields: CsvRecord, line: number): boolean => {
    if (!columns) {
      columns = columnsOf(fields);
      if (columns) return true;
      tally.format = undefined;
      tally.problem({ code: 'UNKNOWN_FORMAT', message: 'a CSV file without a success column' });
      return false;
    }
    const success = fields[columns.success]?.trim().toLowerCase();
    if (success !== 'true' && success !== 'false') {
      tally.problem({
        code: 'MALFORMED',
        message:
          success === undefined
            ? `a sample with ${fields.length} fields where the header names ${columns.count}`
            : `a sample whose success is '${success}', not true or false`,
        line,
        column: 1,
      });
      return false;
    }
    tally.tests++;
    if (success === 'false') tally.failed++;
    const elapsed = fields[columns.elapsed];
    if (elapsed !== undefined && elapsed.trim() !== '') tally.addDuration(Number(elapsed));
    tally.addTime(timeOf(fields[columns.timeStamp]));
    return true;
  };

  const start = (separator: number): CsvRecords =>
    new CsvRecords({
      separator,
      maxTokenBytes,
      keep: (index) =>
        !columns ||
        index === columns.success ||
        index === columns.timeStamp ||
        index === columns.elapsed,
      record,
    });

  return {
    write(chunk) {
      if (records) return records.write(chunk);
      head.push(new Uint8Array(chunk)); // a copy: the caller may reuse its buffer
      headBytes += chunk.length;
      const newline = chunk.indexOf(0x0a);
      if (newline < 0 && headBytes <= maxTokenBytes) return;
      records = start(separatorOf(Buffer.concat(head)));
      for (const part of head) records.write(part);
      head = [];
    },
    end() {
      if (!records) {
        records = start(separatorOf(Buffer.concat(head)));
        for (const part of head) records.write(part);
        head = [];
      }
      const fault = records.end();
      if (fault) tally.problem(fault);
      return tally.results();
    },
  };
}

/** The separator of the header: the candidate found most often in its first line. */
function separatorOf(bytes: Buffer): number {
  const text = bytes.toString('utf8');
  const newline = text.indexOf('\n');
  const firstLine = newline < 0 ? text : text.slice(0, newline);
  let best = ',';
  let most = 0;
  for (const candidate of SEPARATORS) {
    const count = firstLine.split(candidate).length - 1;
    if (count > most) {
      best = candidate;
      most = count;
    }
  }
  return best.charCodeAt(0);
}

function columnsOf(header: CsvRecord): Columns | undefined {
  const names = header.map((name) => (name ?? '').trim().toLowerCase());
  const success = names.indexOf('success');
  if (success < 0) return undefined;
  return {
    count: names.length,
    success,
    timeStamp: names.indexOf('timestamp'),
    elapsed: names.indexOf('elapsed'),
  };
}

/** JMeter's default is epoch milliseconds; a date format set for the results is read too. */
function timeOf(value: string | undefined): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  // `yyyy/MM/dd HH:mm:ss.SSS` and the like, without a zone: UTC, as for every format.
  const m =
    /^(\d{4})[-/](\d{2})[-/](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?$/.exec(text);
  if (m) {
    const [, y, mo, d, h, mi, s, ms] = m.map(Number);
    return Date.UTC(y!, mo! - 1, d!, h!, mi!, s || 0, ms || 0);
  }
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
}
