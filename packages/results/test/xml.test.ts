/**
 * The XML reader beyond the corpus: positions of problems, stated totals, limits on depth and
 * token size, hostile documents and a 1 GB single-line file fed as a stream.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createInspector, inspect } from '../src/index.js';
import type { FileResults, InspectOptions } from '../src/index.js';

const corpus = (path: string): Buffer => readFileSync(new URL(`./corpus/${path}`, import.meta.url));

const codes = (results: FileResults): string[] => results.problems.map((p) => p.code);

/** Feed `chunks` to a fresh inspector, sampling the heap; the peak growth is returned too. */
function stream(
  path: string,
  chunks: Iterable<Uint8Array>,
  options: InspectOptions = {},
): { results: FileResults; heapGrowth: number; ms: number } {
  const started = performance.now();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const inspector = createInspector(path, options);
  let n = 0;
  for (const chunk of chunks) {
    inspector.write(chunk);
    if (++n % 8 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  const results = inspector.end();
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { results, heapGrowth: peak - base, ms: performance.now() - started };
}

/**
 * `head`, then about `total` bytes in 1 MiB chunks of `fill` repeated (or made by `fill` for
 * each chunk): a file of that size, never on disk.
 */
function* generated(
  head: string,
  fill: string | ((n: number) => string),
  total: number,
): Generator<Uint8Array> {
  yield Buffer.from(head);
  const same = typeof fill === 'string' ? Buffer.alloc(1024 * 1024, fill) : undefined;
  for (let sent = 0, n = 0; sent < total; n++) {
    const chunk = same ?? Buffer.from((fill as (n: number) => string)(n));
    sent += chunk.length;
    yield chunk;
  }
}

/** 1 MiB of distinct attributes (`a0_0="1" a0_1="1" …`), so none repeats. */
const attributes = (n: number): string => {
  const parts: string[] = [];
  for (let i = 0, size = 0; size < 1024 * 1024; i++) {
    const attribute = `a${n}_${i}="1" `;
    parts.push(attribute);
    size += attribute.length;
  }
  return parts.join('');
};

const testcase = (name: string, inner = ''): string =>
  `<testcase classname="c" name="${name}" time="0.001">${inner}</testcase>`;

describe('problems and their positions', () => {
  it('gives line and column of a mismatched close tag, keeping what came before', () => {
    const results = inspect('bad.xml', corpus('bad/malformed-mismatched-tag.xml'));
    expect(results.problems).toEqual([
      expect.objectContaining({ code: 'MALFORMED', line: 4, column: 79 }),
    ]);
    expect(results.tests).toBe(1);
  });

  it('does not count an element closed by a mismatched tag', () => {
    const results = inspect(
      'a.xml',
      `<testsuite>${testcase('a')}<testcase name="b"></x></testsuite>`,
    );
    expect(codes(results)).toEqual(['MALFORMED']);
    expect(results.tests).toBe(1);
  });

  it('counts an element closed just before an unrelated error', () => {
    const results = inspect('a.xml', `<testsuite>${testcase('a')}&nbsp;</testsuite>`);
    expect(codes(results)).toEqual(['MALFORMED']);
    expect(results.tests).toBe(1);
  });

  it('reports an undefined entity as MALFORMED where it is', () => {
    const results = inspect('e.xml', corpus('bad/undefined-entity.xml'));
    expect(results.problems).toEqual([
      expect.objectContaining({ code: 'MALFORMED', line: 4, column: 36 }),
    ]);
  });

  it('reports content after the root element', () => {
    const results = inspect('two-roots.xml', `<testsuite>${testcase('a')}</testsuite><testsuite/>`);
    expect(codes(results)).toEqual(['MALFORMED']);
  });

  it('names the element a truncated file ends in', () => {
    const results = inspect('t.xml', corpus('bad/truncated-surefire.xml'));
    expect(results.problems).toEqual([
      { code: 'TRUNCATED', message: 'the file ends inside <system-out>' },
    ]);
  });

  it('decodes characters split across chunks (the column counts characters)', () => {
    const bytes = Buffer.from('<testsuite name="ü✓🚀"></testsuit>');
    const inspector = createInspector('split.xml');
    for (let i = 0; i < bytes.length; i++) inspector.write(bytes.subarray(i, i + 1));
    const expected = [expect.objectContaining({ code: 'MALFORMED', line: 1, column: 33 })];
    expect(inspector.end().problems).toEqual(expected);
    expect(inspect('split.xml', bytes).problems).toEqual(expected);
  });

  it('keeps a surrogate pair whole where the text is handed to the parser in slices', () => {
    const head = '<testsuite name="';
    const name = `${'a'.repeat(64 * 1024 - head.length - 1)}🚀`;
    const results = inspect('slice.xml', `${head}${name}"></testsuit>`);
    // One character for the emoji: a split pair would be read as two invalid characters.
    expect(results.problems).toEqual([
      expect.objectContaining({ code: 'MALFORMED', column: head.length + name.length - 1 + 13 }),
    ]);
  });

  it('never throws on bytes that are not XML at all', () => {
    const garbage = Buffer.from([0x3c, 0xff, 0xfe, 0x00, 0x01, 0x3c, 0x3e, 0x26, 0x80, 0xc3]);
    expect(codes(inspect('g.xml', garbage))).toEqual(['MALFORMED']);
  });
});

describe('stated totals', () => {
  it('reports one COUNT_MISMATCH per file, with the numbers', () => {
    const xml =
      '<testsuites tests="9">' +
      `<testsuite name="A" tests="3" failures="0">${testcase('a1', '<failure/>')}${testcase('a2')}</testsuite>` +
      `<testsuite name="B" tests="5">${testcase('b1')}</testsuite>` +
      '</testsuites>';
    const results = inspect('m.xml', xml);
    expect(results.problems).toEqual([
      {
        code: 'COUNT_MISMATCH',
        message:
          'testsuite "A" states tests=3 failures=0 but holds tests=2 failures=1 (and 2 more that differ)',
      },
    ]);
    expect([results.tests, results.failed]).toEqual([3, 1]);
  });

  it('takes a flaky test as passed, as Surefire counts it', () => {
    const xml = `<testsuite tests="2" failures="0" flakes="1">${testcase('a')}${testcase('b', '<flakyFailure/>')}</testsuite>`;
    const results = inspect('f.xml', xml);
    expect(results).toMatchObject({ tests: 2, passed: 2, failed: 0, flaky: 1, problems: [] });
  });

  it('checks TestNG, NUnit and TRX totals too', () => {
    const testng = inspect(
      'testng-results.xml',
      '<testng-results total="2" failed="0"><suite><test><class><test-method status="FAIL" name="a"/></class></test></suite></testng-results>',
    );
    expect(testng.problems[0]?.message).toBe(
      'testng-results states total=2 failed=0 but holds total=1 failed=1',
    );
    const nunit = inspect('r.xml', '<test-run total="3"><test-case result="Passed"/></test-run>');
    expect(codes(nunit)).toEqual(['COUNT_MISMATCH']);
    const trx = inspect(
      'r.trx',
      '<t:TestRun xmlns:t="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><t:Results><t:UnitTestResult outcome="Passed"/></t:Results><t:ResultSummary><t:Counters total="1" passed="0"/></t:ResultSummary></t:TestRun>',
    );
    expect(trx).toMatchObject({ format: 'trx', tests: 1, passed: 1 });
    expect(trx.problems[0]?.message).toBe(
      'ResultSummary/Counters states passed=0 but holds passed=1',
    );
  });
});

describe('hostile documents', () => {
  it('never expands declared entities (billion laughs)', () => {
    const started = performance.now();
    const results = inspect('lol.xml', corpus('bad/billion-laughs.xml'));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(results.problems).toEqual([
      {
        code: 'LIMIT',
        message: 'the file declares XML entities, which are not expanded; it was not read',
      },
    ]);
  });

  it('never reads an external entity', () => {
    const results = inspect('xxe.xml', corpus('bad/external-entity.xml'));
    expect(codes(results)).toEqual(['LIMIT']);
    expect(JSON.stringify(results)).not.toContain('root:');
  });

  it('stops at maxDepth', () => {
    const results = inspect('deep.xml', corpus('bad/deep-nesting-10000.xml'));
    expect(results.problems).toEqual([
      { code: 'LIMIT', message: 'elements nest deeper than 256; the rest was not read' },
    ]);
    const shallow = inspect('d.xml', `<testsuite><a><b><c/></b></a></testsuite>`, { maxDepth: 3 });
    expect(codes(shallow)).toEqual(['LIMIT']);
    const within = inspect('d.xml', `<testsuite><a><b/></a>${testcase('x')}</testsuite>`, {
      maxDepth: 3,
    });
    expect(within).toMatchObject({ tests: 1, problems: [] });
  });
});

describe('maxTokenBytes', () => {
  const limit = 1024 * 1024;

  it('reads a big system-out under the bound', () => {
    const out = `<system-out>${'x'.repeat(limit - 200 * 1024)}</system-out>`;
    const xml = `<testsuite>${testcase('a', out)}${testcase('b', '<failure/>')}</testsuite>`;
    expect(inspect('big.xml', xml, { maxTokenBytes: limit })).toMatchObject({
      tests: 2,
      failed: 1,
      problems: [],
    });
  });

  it('reads a big file made of small tokens', () => {
    const cases = Array.from({ length: 20_000 }, (_, i) => testcase(`t${i}`)).join('\n');
    const results = inspect('many.xml', `<testsuite>${cases}</testsuite>`, { maxTokenBytes: 4096 });
    expect(results).toMatchObject({ tests: 20_000, problems: [] });
  });

  it('reads a big file with comments and processing instructions between its tags', () => {
    const cases = Array.from(
      { length: 20_000 },
      (_, i) => `<!-- case ${i} --><?trace ${i}?>${testcase(`t${i}`)}`,
    ).join('');
    const xml = `<?xml version="1.0"?><!-- head --><testsuite>${cases}</testsuite><!-- tail -->`;
    const results = inspect('comments.xml', xml, { maxTokenBytes: 4096 });
    expect(results).toMatchObject({ tests: 20_000, problems: [] });
  });

  it.each([
    ['a text', `<testsuite>${testcase('a')}<system-out>`, 'x'],
    ['an attribute', `<testsuite>${testcase('a')}<testcase name="`, 'x'],
    ['a tag with many attributes', '<testsuite><testcase ', attributes],
    ['an entity name', `<testsuite><system-out>&`, 'x'],
    ['a comment', '<testsuite><!--', '<>'],
    ['a processing instruction', '<testsuite><?pi ', '<>'],
    ['a CDATA section', '<testsuite><system-out><![CDATA[', '<>'],
  ] as const)('stops at %s past the bound', (_what, head, fill) => {
    const { results } = stream('long.xml', generated(head, fill, 8 * limit), {
      maxTokenBytes: limit,
    });
    expect(results.problems).toEqual([
      {
        code: 'LIMIT',
        message: `a text, attribute or tag is longer than ${limit} bytes; the rest was not read`,
      },
    ]);
  });

  it('reads a 1 GB single-line file in bounded memory and time, ending with LIMIT', () => {
    const { results, heapGrowth, ms } = stream(
      'huge.xml',
      generated(`<testsuite>${testcase('a')}<testcase name="b"><system-out>`, 'é', 1024 ** 3),
    );
    expect(codes(results)).toEqual(['LIMIT']);
    expect(results.tests).toBe(1);
    expect(heapGrowth).toBeLessThan(100 * 1024 * 1024);
    expect(ms).toBeLessThan(20_000);
  });
});

describe('recognising the format', () => {
  it('tells FitNesse from JMeter by the FitNesseRoot folder', () => {
    const xml = '<testResults><result><counts><wrong>1</wrong></counts></result></testResults>';
    expect(inspect('x/FitNesseRoot/r.xml', xml)).toMatchObject({ format: 'fitnesse', failed: 1 });
    expect(inspect('x/FitNesseRootless/r.xml', xml)).toMatchObject({
      format: 'jmeter-xml',
      tests: 0,
    });
  });

  it('reads a TRX whose namespace has a prefix, and refuses a TestRun in another one', () => {
    const ns = 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010';
    const results = (root: string): FileResults =>
      inspect('r.trx', `<${root}><Results><UnitTestResult outcome="Failed"/></Results></TestRun>`);
    expect(inspect('r.trx', `<a:TestRun xmlns:a="${ns}"><a:Results/></a:TestRun>`).format).toBe(
      'trx',
    );
    expect(results(`TestRun xmlns="${ns}"`)).toMatchObject({ format: 'trx', failed: 1 });
    expect(codes(results('TestRun xmlns="urn:other"'))).toEqual(['UNKNOWN_FORMAT']);
  });

  it('reads JUnit timestamps without a zone as UTC and with one as given', () => {
    const results = inspect(
      'ts.xml',
      `<testsuites><testsuite timestamp="2024-01-02T03:04:05">${testcase('a')}</testsuite>` +
        `<testsuite timestamp="2024-01-02T03:04:05.5-02:00">${testcase('b')}</testsuite></testsuites>`,
    );
    expect(results.earliest?.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(results.latest?.toISOString()).toBe('2024-01-02T05:04:05.500Z');
  });
});
