/**
 * JMeter CSV results: recognised by a header with `success`, one test a sample, RFC 4180
 * quoting, the separators JMeter can be set to, its time formats, faults and bounds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createInspector, inspect } from '../src/index.js';
import type { FileResults } from '../src/index.js';

const CORPUS = new URL('./corpus/jmeter-csv/', import.meta.url);
const HEADER =
  'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect';

/** A sample line in JMeter's default columns. */
const sample = (time: number, elapsed: number, success: boolean, failure = '') =>
  `${time},${elapsed},Home,200,OK,Users 1-1,text,${success},${failure},100,50,1,1,https://example.com/,10,0,2`;

const read = (text: string, options = {}): FileResults => inspect('results.csv', text, options);
const codes = (results: FileResults) => results.problems.map((problem) => problem.code);

function inChunks(bytes: Uint8Array, size: number): FileResults {
  const inspector = createInspector('results.csv');
  for (let i = 0; i < bytes.length; i += size) inspector.write(bytes.subarray(i, i + size));
  return inspector.end();
}

describe('JMeter CSV counts', () => {
  it('counts one test per sample, failed when success is false, with times and durations', () => {
    const results = read(
      [
        HEADER,
        sample(1710165600000, 100, true),
        sample(1710165601000, 250, false),
        sample(1710165602500, 50, true),
      ].join('\n') + '\n',
    );
    expect(results).toMatchObject({
      format: 'jmeter-csv',
      tests: 3,
      passed: 2,
      failed: 1,
      durationMs: 400,
      problems: [],
    });
    expect(results.earliest?.getTime()).toBe(1710165600000);
    expect(results.latest?.getTime()).toBe(1710165602500);
  });

  it('reads quoted fields holding separators, doubled quotes and line breaks', () => {
    const text = [
      HEADER,
      sample(1, 10, false, '"Assertion failed:\r\nexpected ""200"", got ""500"", see log"'),
      '2,20,"Checkout, step 2",200,OK,"Users ""A""",text,true,"",1,1,1,1,"https://example.com/?a=1,2",1,0,1',
    ].join('\r\n');
    expect(read(text)).toMatchObject({ tests: 2, failed: 1, durationMs: 30, problems: [] });
  });

  it.each([
    [';', 'semicolon'],
    ['\t', 'tab'],
    ['|', 'pipe'],
  ])('reads the %j separator (%s)', (separator) => {
    const text =
      ['timeStamp,x', 'elapsed', 'label', 'success'].join(separator) +
      '\n' +
      ['1', '5', 'a,b', 'false'].join(separator);
    expect(read(text)).toMatchObject({
      format: 'jmeter-csv',
      tests: 1,
      failed: 1,
      durationMs: 5,
      problems: [],
    });
  });

  it('reads CR, LF and CRLF line ends, blank lines and a last line without a line end', () => {
    const lines = [HEADER, sample(1, 1, true), '', sample(2, 1, false), sample(3, 1, true)];
    for (const end of ['\n', '\r\n', '\r']) {
      expect(read(lines.join(end))).toMatchObject({ tests: 3, failed: 1, problems: [] });
    }
  });

  it('reads timeStamp in epoch milliseconds, or a date format set for the results (UTC when zoneless)', () => {
    const text = (stamp: string) => `timeStamp,elapsed,success\n${stamp},1,true\n`;
    expect(read(text('1710165600123')).earliest?.getTime()).toBe(1710165600123);
    expect(read(text('2024/03/11 14:00:00.123')).earliest).toEqual(
      new Date('2024-03-11T14:00:00.123Z'),
    );
    expect(read(text('2024-03-11 14:00:05')).earliest).toEqual(
      new Date('2024-03-11T14:00:05.000Z'),
    );
    expect(read(text('2024-03-11T14:00:00.000+01:00')).earliest?.toISOString()).toBe(
      '2024-03-11T13:00:00.000Z',
    );
    expect(read(text('not a date')).earliest).toBeUndefined();
  });

  it('needs only the success column', () => {
    expect(read('label,success\na,true\nb,false\n')).toMatchObject({
      tests: 2,
      failed: 1,
      problems: [],
    });
    expect(read('label,success\n').problems.map((p) => p.code)).toEqual(['EMPTY']);
  });
});

describe('JMeter CSV faults', () => {
  it('gives MALFORMED with the position of a character after a closing quote', () => {
    const results = read(`${HEADER}\n${sample(1, 1, true)}\n1,1,"Home"x,200`);
    expect(results.problems).toEqual([
      expect.objectContaining({ code: 'MALFORMED', line: 3, column: 11 }),
    ]);
    expect(results.tests).toBe(1);
  });

  it('gives MALFORMED for a sample too short to have success, or whose success is no boolean', () => {
    expect(read(`${HEADER}\n${sample(1, 1, true)}\n1,2,short\n`).problems[0]).toMatchObject({
      code: 'MALFORMED',
      line: 3,
    });
    expect(read('label,success\na,yes\n').problems[0]).toMatchObject({
      code: 'MALFORMED',
      line: 2,
    });
  });

  it('gives TRUNCATED when the file ends inside a quoted field', () => {
    const results = read(`${HEADER}\n${sample(1, 1, false)}\n1,1,Home,500,"Server error`);
    expect(codes(results)).toEqual(['TRUNCATED']);
    expect(results).toMatchObject({ tests: 1, failed: 1 });
  });

  it('reads a field it does not need whatever its size, but bounds those it reads', () => {
    const huge = '"' + 'x'.repeat(50_000) + '"';
    expect(
      read(`${HEADER}\n${sample(1, 1, false, huge)}\n`, { maxTokenBytes: 1000 }),
    ).toMatchObject({ tests: 1, problems: [] });
    expect(
      codes(
        read(`label,success\n${'x'.repeat(10)},${'t'.repeat(5000)}\n`, { maxTokenBytes: 1000 }),
      ),
    ).toEqual(['LIMIT']);
  });
});

describe('JMeter CSV in chunks', () => {
  it.each(['results.csv', 'semicolon.csv', 'tab-iso-dates.tsv', 'truncated-in-quotes.csv'])(
    '%s gives the same results in 1-byte and odd-sized chunks',
    (name) => {
      const bytes = readFileSync(new URL(name, CORPUS));
      const whole = inspect(name, bytes);
      expect(whole.tests).toBeGreaterThan(0);
      const inspector = createInspector(name);
      for (let i = 0; i < bytes.length; i++) inspector.write(bytes.subarray(i, i + 1));
      expect(inspector.end()).toEqual(whole);
      expect(inChunks(bytes, 3)).toEqual(inspect('results.csv', bytes));
    },
  );

  it('does not keep the caller’s chunk: reusing the buffer after write() changes nothing', () => {
    const bytes = Buffer.from(
      `${HEADER}\n${sample(1, 7, false, '"a, b"')}\n${sample(2, 9, true)}\n`,
    );
    const inspector = createInspector('results.csv');
    const buffer = Buffer.alloc(4);
    for (let i = 0; i < bytes.length; i += 4) {
      const n = bytes.copy(buffer, 0, i, i + 4);
      inspector.write(buffer.subarray(0, n));
      buffer.fill(0x2c);
    }
    expect(inspector.end()).toMatchObject({ tests: 2, failed: 1, durationMs: 16, problems: [] });
  });
});
