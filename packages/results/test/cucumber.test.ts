/**
 * Cucumber JSON read as a stream: the counting rules (scenarios, backgrounds, hooks), times,
 * faults with their positions, and the bounds against hostile input.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createInspector, inspect } from '../src/index.js';
import type { FileResults } from '../src/index.js';

const CORPUS = new URL('./corpus/cucumber/', import.meta.url);

const result = (status: string, duration?: number) => ({
  result: duration === undefined ? { status } : { status, duration },
});
const scenario = (steps: object[], extra: object = {}) => ({
  type: 'scenario',
  keyword: 'Scenario',
  steps,
  ...extra,
});
const background = (steps: object[]) => ({ type: 'background', keyword: 'Background', steps });
const report = (...elements: object[][]) =>
  JSON.stringify(elements.map((els, i) => ({ name: `feature ${i}`, elements: els })));

function read(text: string | Uint8Array, options = {}): FileResults {
  return inspect('cucumber.json', text, options);
}

function inChunks(bytes: Uint8Array, size: number): FileResults {
  const inspector = createInspector('cucumber.json');
  for (let i = 0; i < bytes.length; i += size) inspector.write(bytes.subarray(i, i + size));
  return inspector.end();
}

describe('Cucumber JSON counts', () => {
  it('counts scenarios: failed by any step or hook, else skipped by skipped/pending/undefined', () => {
    const results = read(
      report([
        scenario([result('passed'), result('passed')]),
        scenario([result('failed'), result('skipped')]),
        scenario([result('passed'), result('undefined')]),
        scenario([result('pending')]),
        scenario([result('passed')], { before: [result('failed')] }),
        scenario([result('passed')], { after: [result('skipped')] }),
        // a step hook (cucumber-jvm writes them inside the step)
        scenario([{ ...result('passed'), after: [result('failed')] }]),
        scenario([]),
      ]),
    );
    expect(results).toMatchObject({
      format: 'cucumber',
      tests: 8,
      passed: 2,
      failed: 3,
      skipped: 3,
    });
    expect(results.problems).toEqual([]);
  });

  it("counts a background's steps with the scenario that follows it, in its feature only", () => {
    const results = read(
      report(
        [
          background([result('failed')]),
          scenario([result('passed')]), // failed by its background
          scenario([result('passed')]), // no background of its own: passed
          background([result('undefined')]),
          scenario([result('passed')]), // skipped by its background
        ],
        [background([result('failed')])], // a background with no scenario after it
        [scenario([result('passed')])],
      ),
    );
    expect(results).toMatchObject({ tests: 4, passed: 2, failed: 1, skipped: 1 });
  });

  it('leaves out elements that are neither scenario nor background (unexpanded outlines)', () => {
    const results = read(
      report([{ type: 'scenario_outline', steps: [result('failed')] }, scenario([])]),
    );
    expect(results).toMatchObject({ tests: 1, passed: 1, failed: 0 });
  });

  it('adds durations given in nanoseconds, backgrounds and hooks included', () => {
    const results = read(
      report([
        background([result('passed', 1_000_000)]),
        scenario([result('passed', 2_500_000)], { before: [result('passed', 500_000)] }),
        scenario([result('failed', 3_000_000)]),
      ]),
    );
    expect(results.durationMs).toBe(7);
  });

  it('takes times from start_timestamp, else from the mtime option', () => {
    const mtime = new Date('2024-01-01T00:00:00Z');
    const stamped = read(
      report([
        scenario([], { start_timestamp: '2024-03-11T14:00:03.000Z' }),
        scenario([], { start_timestamp: '2024-03-11T14:00:01.000Z' }),
      ]),
      { mtime },
    );
    expect(stamped.earliest?.toISOString()).toBe('2024-03-11T14:00:01.000Z');
    expect(stamped.latest?.toISOString()).toBe('2024-03-11T14:00:03.000Z');
    const plain = read(report([scenario([])]), { mtime });
    expect([plain.earliest, plain.latest]).toEqual([mtime, mtime]);
    expect(read(report([scenario([])])).earliest).toBeUndefined();
  });

  it('decodes escapes and multi-byte text in keys and values', () => {
    const text =
      '[{"elements":[{"t\\u0079pe":"scenario","steps":[{"result":{"st\\u0061tus":"f\\u0061iled","duration":1e6}}],"name":"é ✓ \\ud83d\\ude00 \\"q\\""}]}]';
    expect(read(text)).toMatchObject({ tests: 1, failed: 1, durationMs: 1 });
  });

  it('reads an empty report ([]) as EMPTY, and other JSON as UNKNOWN_FORMAT', () => {
    expect(read('[]').problems.map((p) => p.code)).toEqual(['EMPTY']);
    expect(read('[]').format).toBe('cucumber');
    for (const text of ['{"name":"x"}', '[1,2,3]', '[{"name":"a feature without elements"}]']) {
      const results = read(text);
      expect(results.format).toBeUndefined();
      expect(results.problems.map((p) => p.code)).toEqual(['UNKNOWN_FORMAT']);
    }
  });
});

describe('Cucumber JSON faults', () => {
  const fault = (text: string) => read(text).problems[0];

  it('gives MALFORMED with the line and column of the fault', () => {
    expect(fault('[{"elements": [\n  {"type": "scenario",]}]}]')).toMatchObject({
      code: 'MALFORMED',
      line: 2,
      column: 23,
    });
    // columns count characters, not bytes
    expect(fault('[{"é": "ü",, }]')).toMatchObject({ code: 'MALFORMED', line: 1, column: 12 });
    expect(fault('[{"a": "bad \\x escape"}]')).toMatchObject({ code: 'MALFORMED', column: 14 });
    expect(fault('[{"a": "tab\there"}]')).toMatchObject({ code: 'MALFORMED', column: 12 });
    expect(fault('[{"a": tru}]')).toMatchObject({ code: 'MALFORMED', column: 8 });
    expect(fault('[{"a": 01}]')).toMatchObject({ code: 'MALFORMED', column: 8 });
    expect(fault('[{"a": 1}] x')).toMatchObject({ code: 'MALFORMED', column: 12 });
    expect(fault('[{"a": 1}]\n]')).toMatchObject({ code: 'MALFORMED', line: 2, column: 1 });
  });

  it('gives TRUNCATED when the file ends inside an array, object or string, keeping what it read', () => {
    const whole = report([scenario([result('failed')]), scenario([result('passed')])]);
    const cut = whole.slice(0, whole.lastIndexOf('{'));
    const results = read(cut);
    expect(results).toMatchObject({ tests: 1, failed: 1 });
    expect(results.problems.map((p) => p.code)).toEqual(['TRUNCATED']);
    expect(fault('[{"elements":[{"type":"scen')?.code).toBe('TRUNCATED');
    expect(fault('[{"a": 12')?.code).toBe('TRUNCATED');
  });

  it('never throws: random damage to a real report gives a result', () => {
    const bytes = readFileSync(new URL('cucumber-jvm.json', CORPUS));
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 300; round++) {
      const damaged = Buffer.from(bytes);
      for (let k = 0; k < 3; k++)
        damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
      const cut = damaged.subarray(0, Math.floor(random() * damaged.length) + 1);
      expect(() => inChunks(cut, 1 + Math.floor(random() * 64))).not.toThrow();
    }
  });
});

describe('Cucumber JSON in chunks', () => {
  it.each(['cucumber-jvm.json', 'cucumber-js.json', 'truncated.json', 'malformed.json'])(
    '%s gives the same results in 1-byte and odd-sized chunks',
    (name) => {
      const bytes = readFileSync(new URL(name, CORPUS));
      const whole = read(bytes);
      expect(inChunks(bytes, 1)).toEqual(whole);
      expect(inChunks(bytes, 7)).toEqual(whole);
      expect(inChunks(bytes, 4096)).toEqual(whole);
    },
  );

  it('does not keep the caller’s chunk: reusing the buffer after write() changes nothing', () => {
    const bytes = Buffer.from(
      report([scenario([result('failed')]), scenario([result('pending')])]),
    );
    const inspector = createInspector('cucumber.json');
    const buffer = Buffer.alloc(5);
    for (let i = 0; i < bytes.length; i += 5) {
      const n = bytes.copy(buffer, 0, i, i + 5);
      inspector.write(buffer.subarray(0, n));
      buffer.fill(0x20);
    }
    expect(inspector.end()).toMatchObject({ tests: 2, failed: 1, skipped: 1, problems: [] });
  });
});

describe('Cucumber JSON bounds', () => {
  it('stops at maxDepth with LIMIT (100 000 nested arrays, no stack overflow)', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const results = read(deep);
    expect(results.problems).toEqual([expect.objectContaining({ code: 'LIMIT', column: 257 })]);
    expect(read('[[[[]]]]', { maxDepth: 3 }).problems[0]?.code).toBe('LIMIT');
  });

  it('gives LIMIT for a key or a read value longer than maxTokenBytes', () => {
    const longKey = `[{"${'k'.repeat(2000)}": 1}]`;
    expect(read(longKey, { maxTokenBytes: 1000 }).problems[0]).toMatchObject({
      code: 'LIMIT',
      column: 3,
    });
    const longStatus = report([scenario([result('x'.repeat(2000))])]);
    expect(read(longStatus, { maxTokenBytes: 1000 }).problems[0]?.code).toBe('LIMIT');
    expect(read(longStatus, { maxTokenBytes: 4000 }).problems).toEqual([]);
  });

  it('scans a 256 MB string it does not need without holding it', () => {
    const before = report([scenario([result('failed')], { name: '@' })]);
    const [head, tail] = before.split('@') as [string, string];
    const inspector = createInspector('cucumber.json', { maxTokenBytes: 1024 * 1024 });
    const block = Buffer.alloc(1024 * 1024, 'a');
    inspector.write(Buffer.from(head));
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = 0;
    for (let i = 0; i < 256; i++) {
      inspector.write(block);
      if (i % 32 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - heapBefore);
    }
    inspector.write(Buffer.from(tail));
    const results = inspector.end();
    expect(results).toMatchObject({ tests: 1, failed: 1, problems: [] });
    expect(peak).toBeLessThan(32 * 1024 * 1024);
  });
});
