/**
 * Gatling's text simulation.log in the layouts of its versions: one test a REQUEST, failed
 * when KO; times and durations from the records; the binary log and damaged logs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createInspector, inspect } from '../src/index.js';
import type { FileResults } from '../src/index.js';

const CORPUS = new URL('./corpus/gatling/', import.meta.url);
const record = (...fields: string[]) => fields.join('\t');
const RUN = record(
  'RUN',
  'example.BasicSimulation',
  'basicsimulation',
  '1710166000000',
  ' ',
  '3.0.3',
);
const read = (lines: string[], path = 'simulation.log', options = {}): FileResults =>
  inspect(path, lines.join('\n') + '\n', options);
const codes = (results: FileResults) => results.problems.map((problem) => problem.code);

describe('Gatling simulation.log counts', () => {
  it.each([
    [
      '2.0 (four timestamps)',
      (s: string, e: string, st: string) =>
        record('REQUEST', 'Scn', '1', '', 'req', s, s, e, e, st, ' '),
    ],
    [
      '2.x (scenario and user)',
      (s: string, e: string, st: string) => record('REQUEST', 'Scn', '1', '', 'req', s, e, st, ' '),
    ],
    [
      '3.x (user, groups)',
      (s: string, e: string, st: string) =>
        record('REQUEST', '1', 'Group A,Sub', 'req', s, e, st, 'boom'),
    ],
    [
      '3.x without the user',
      (s: string, e: string, st: string) => record('REQUEST', '', 'req', s, e, st, ' '),
    ],
  ])('reads the %s REQUEST layout', (_layout, request) => {
    const results = read([
      RUN,
      record('USER', 'Scn', '1', 'START', '1710166000100', '1710166000100'),
      request('1710166000200', '1710166000300', 'OK'),
      request('1710166000400', '1710166001400', 'KO'),
      record('GROUP', '1', 'Group A', '1710166000200', '1710166001400', '1100', 'KO'),
      record('ERROR', 'status.find.is(200), but actually found 500', '1710166001400'),
      record('USER', 'Scn', '1', 'END', '1710166000100', '1710166001500'),
    ]);
    expect(results).toMatchObject({
      format: 'gatling',
      tests: 2,
      passed: 1,
      failed: 1,
      durationMs: 1100,
      problems: [],
    });
    expect(results.earliest?.getTime()).toBe(1710166000000);
    expect(results.latest?.getTime()).toBe(1710166001400);
  });

  it('does not take a numeric request name for a timestamp', () => {
    const results = read([
      RUN,
      record('REQUEST', '1', '', '200', '1710166000200', '1710166000300', 'OK', ' '),
    ]);
    expect(results).toMatchObject({ tests: 1, durationMs: 100 });
  });

  it('is recognised by its first record, ASSERTION records before RUN included, whatever its name', () => {
    const lines = [
      record('ASSERTION', 'AQEBAgFEAAAAAAAAAHRA'),
      RUN,
      record('REQUEST', '1', '', 'a', '1710166000200', '1710166000300', 'KO', ' '),
    ];
    expect(read(lines, 'results/run-42.log')).toMatchObject({
      format: 'gatling',
      tests: 1,
      failed: 1,
      problems: [],
    });
    expect(read([RUN], 'results/x.txt')).toMatchObject({
      format: 'gatling',
      problems: [expect.objectContaining({ code: 'EMPTY' })],
    });
  });

  it('reads CRLF line ends and a last record without a line end', () => {
    const text = [
      RUN,
      record('REQUEST', '1', '', 'a', '1710166000200', '1710166000300', 'OK', ' '),
      record('REQUEST', '1', '', 'b', '1710166000300', '1710166000400', 'KO', 'x'),
    ].join('\r\n');
    expect(inspect('simulation.log', text)).toMatchObject({
      tests: 2,
      failed: 1,
      durationMs: 200,
      problems: [],
    });
  });
});

describe('Gatling simulation.log faults', () => {
  it('gives UNKNOWN_FORMAT for the binary log of newer Gatling, saying so', () => {
    const results = inspect(
      'results/sim-1/simulation.log',
      readFileSync(new URL('binary/simulation.log', CORPUS)),
    );
    expect(results.format).toBeUndefined();
    expect(results.problems).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_FORMAT', message: expect.stringMatching(/binary/) }),
    ]);
    const noLineBreak = Buffer.alloc(10_000, 1);
    expect(codes(inspect('simulation.log', noLineBreak))).toEqual(['UNKNOWN_FORMAT']);
  });

  it('gives UNKNOWN_FORMAT for a text file named simulation.log that is no Gatling log', () => {
    expect(codes(read(['hello', 'world']))).toEqual(['UNKNOWN_FORMAT']);
  });

  it('gives MALFORMED with the line of a damaged record, keeping what it read', () => {
    const results = read([
      RUN,
      record('REQUEST', '1', '', 'a', '1710166000200', '1710166000300', 'OK', ' '),
      'garbage here',
      record('REQUEST', '1', '', 'b', '1', '2', 'OK'),
    ]);
    expect(results.problems).toEqual([expect.objectContaining({ code: 'MALFORMED', line: 3 })]);
    expect(results.tests).toBe(1);
    expect(read([RUN, record('REQUEST', '1', '', 'b', 'x', 'y', 'OK')]).problems[0]).toMatchObject({
      code: 'MALFORMED',
      line: 2,
    });
  });

  it('gives TRUNCATED when the last record is cut off', () => {
    const text = [
      RUN,
      record('REQUEST', '1', '', 'a', '1710166000200', '1710166000300', 'OK', ' '),
      record('REQUEST', '1', '', 'b', '17101'),
    ].join('\n');
    const results = inspect('simulation.log', text);
    expect(codes(results)).toEqual(['TRUNCATED']);
    expect(results.tests).toBe(1);
  });

  it('gives LIMIT for a line longer than maxTokenBytes', () => {
    const results = read(
      [RUN, record('ERROR', 'x'.repeat(5000), '1710166000000')],
      'simulation.log',
      { maxTokenBytes: 1000 },
    );
    expect(results.problems).toEqual([expect.objectContaining({ code: 'LIMIT', line: 2 })]);
  });
});

describe('Gatling simulation.log in chunks', () => {
  it.each(['2.0', '2.2', '3.0', 'truncated', 'binary'])(
    '%s gives the same results in 1-byte and odd-sized chunks',
    (dir) => {
      const path = `gatling/${dir}/simulation.log`;
      const bytes = readFileSync(new URL(`${dir}/simulation.log`, CORPUS));
      const whole = inspect(path, bytes);
      for (const size of [1, 5, 64]) {
        const inspector = createInspector(path);
        const buffer = Buffer.alloc(size);
        for (let i = 0; i < bytes.length; i += size) {
          const n = bytes.copy(buffer, 0, i, i + size);
          inspector.write(buffer.subarray(0, n));
          buffer.fill(0x09); // the caller reuses its buffer
        }
        expect(inspector.end()).toEqual(whole);
      }
    },
  );
});
