/**
 * The XML tokenizer's own promises: character data is copied only while text is wanted (yet
 * always checked), tokens may be split anywhere between writes, and errors are placed by
 * line and column with every kind of line end.
 */
import { describe, expect, it } from 'vitest';
import { createXmlTokenizer } from '../src/formats/xml/tokenizer.js';
import { createInspector } from '../src/index.js';
import type { XmlTokenizer } from '../src/formats/xml/tokenizer.js';

interface Seen {
  readonly log: string[];
  readonly texts: string[];
  readonly errors: { message: string; line: number; column: number }[];
}

/** A tokenizer whose events are logged; text pieces are kept apart to count them. */
function tokenizer(): { tokenizer: XmlTokenizer; seen: Seen } {
  const seen: Seen = { log: [], texts: [], errors: [] };
  const t = createXmlTokenizer({
    open: (name, attributes) => seen.log.push(`<${name} ${JSON.stringify({ ...attributes })}>`),
    close: (name) => seen.log.push(`</${name}>`),
    text: (text) => seen.texts.push(text),
    doctype: (body) => seen.log.push(`doctype ${body}`),
    error: (message, line, column) => seen.errors.push({ message, line, column }),
  });
  return { tokenizer: t, seen };
}

function read(parts: readonly string[], wantText = true): Seen {
  const { tokenizer: t, seen } = tokenizer();
  t.wantText(wantText);
  for (const part of parts) t.write(part);
  t.end();
  return seen;
}

const position = (seen: Seen): [number, number][] =>
  seen.errors.map((error) => [error.line, error.column]);

const SYSTEM_OUT = `<system-out><![CDATA[${'log line\r\n'.repeat(1000)}]]></system-out>`;
const JUNIT =
  `<testsuite name="s"><testcase name="a &amp; b" time="1">\n  ${SYSTEM_OUT}\n` +
  '  <failure message="x">trace &lt;1&gt; ]] ></failure></testcase></testsuite>';

describe('text on demand', () => {
  it('never hands out text that is not wanted, yet reads the same elements', () => {
    const without = read([JUNIT], false);
    expect(without.texts).toEqual([]);
    expect(without.errors).toEqual([]);
    const wanted = read([JUNIT]);
    expect(wanted.log).toEqual(without.log);
    expect(wanted.texts.join('')).toContain('log line\nlog line\n');
    expect(wanted.texts.join('')).toContain('trace <1> ]] >');
  });

  it('still checks text that is not wanted, even split between writes', () => {
    const cases = [
      ['<a>x &bogus; y</a>', 1, 12],
      ['<a>x ]]> y</a>', 1, 8],
      ['<a>x &#0; y</a>', 1, 9],
      ['<a>x & y</a>', 1, 7],
    ] as const;
    for (const [xml, line, column] of cases) {
      for (let split = 1; split < xml.length; split++) {
        const seen = read([xml.slice(0, split), xml.slice(split)], false);
        expect(position(seen), `${xml} split at ${split}`).toEqual([[line, column]]);
      }
    }
  });

  it('measures a long CDATA that is not wanted without handing it out', () => {
    const { tokenizer: t, seen } = tokenizer();
    t.wantText(false);
    t.write('<a><![CDATA[');
    for (let n = 0; n < 100; n++) t.write('x]'.repeat(5000));
    expect(t.pendingChars()).toBe(100 * 10_000 + '<![CDATA['.length);
    t.write(']]>text');
    expect(t.pendingChars()).toBe(4);
    t.write('</a>');
    t.end();
    expect(seen).toEqual({ log: ['<a {}>', '</a>'], texts: [], errors: [] });
  });
});

describe('tokens split anywhere', () => {
  const xml =
    '\uFEFF<?xml version="1.0"?>\r\n<!DOCTYPE r [<!-- ]> --><!ATTLIST r a CDATA "]>">]>' +
    '<r a="1&amp;2&#x1F600;" b=\'x\r\ny\'><!-- a - b --><?pi x?y?>t\r\nu&lt;🚀' +
    '<![CDATA[c]]d]]]><e/>\r</r>\r\n';

  it('gives the same events wherever the input is cut, even into single characters', () => {
    const whole = read([xml]);
    expect(whole.errors).toEqual([]);
    expect(whole.log).toEqual([
      'doctype  r [<!-- ]> --><!ATTLIST r a CDATA "]>">]',
      '<r {"a":"1&2😀","b":"x y"}>',
      '<e {}>',
      '</e>',
      '</r>',
    ]);
    expect(whole.texts.join('')).toBe('t\nu<🚀c]]d]\n');
    for (let split = 1; split < xml.length; split++) {
      const seen = read([xml.slice(0, split), xml.slice(split)]);
      expect({ ...seen, texts: seen.texts.join('') }, `split at ${split}`).toEqual({
        ...whole,
        texts: whole.texts.join(''),
      });
    }
    const bytes = read([...xml].flatMap((c) => c.split('')));
    expect(bytes.log).toEqual(whole.log);
    expect(bytes.texts.join('')).toBe(whole.texts.join(''));
  });
});

describe('tokens longer than a write', () => {
  const many = (n: number, make: (i: number) => string): string =>
    Array.from({ length: n }, (_, i) => make(i)).join('');
  const long = [
    `<?xml${' \r\n'.repeat(30_000)}version="1.0"?><r/>`,
    `<!DOCTYPE r [${many(5000, (i) => `<!ATTLIST r a${i} CDATA "]>">\n`)}]><r/>`,
    `<r>${many(10_000, (i) => `<e${i}\n a="1&amp;${i}"\r\n b='x\ty'/>`)}</r>`,
    `<r ${many(10_000, (i) => `a${i}="${i}&lt;"\n`)}></r>`,
    `<r>&#${'0'.repeat(100_000)}65;<?${'p'.repeat(100_000)} x?></r>`,
    `<r>\n${'<a '.repeat(1)}${many(20_000, (i) => `b${i}='\n'\r\n`)}b1="again"/></r>`,
  ];

  it('reads the same in small writes as in one, errors and positions too', () => {
    for (const xml of long) {
      const whole = read([xml]);
      for (const size of [1000, 4096, 65_536 + 7]) {
        const parts = [];
        for (let at = 0; at < xml.length; at += size) parts.push(xml.slice(at, at + size));
        const seen = read(parts);
        expect(seen.log, `${xml.slice(0, 30)} in ${size}`).toEqual(whole.log);
        expect(seen.texts.join('')).toBe(whole.texts.join(''));
        expect(seen.errors).toEqual(whole.errors);
      }
    }
    // The last one writes an attribute twice: its line is counted across the pieces.
    expect(position(read([long[5]!]))).toEqual([[40_002, 12]]);
  });

  it.each([
    ['a tag', '<testsuite><t a="1" '],
    ['a reference', '<testsuite>&'],
    ['a processing instruction target', '<testsuite><?p'],
    ['a DOCTYPE', '<!DOCTYPE r ['],
  ])('reads %s up to the default token bound in linear time', (_what, head) => {
    // Each 64 KiB slice used to copy or walk all that was held before it: 13 to 20 s here.
    const started = performance.now();
    const inspector = createInspector('TEST-a.xml');
    inspector.write(Buffer.from(head));
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    for (let n = 0; n < 20; n++) inspector.write(chunk);
    expect(inspector.end().problems.map((p) => p.code)).toEqual(['LIMIT']);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('positions', () => {
  it('counts CR LF and a lone CR as one line end each, even split between writes', () => {
    const xml = '<a>\r\n\r\n<b/>\r<c/>\n\r<d x="1" x="2"/></a>';
    const expected = [[6, 16]];
    expect(position(read([xml]))).toEqual(expected);
    for (let split = 1; split < xml.length; split++) {
      expect(position(read([xml.slice(0, split), xml.slice(split)]))).toEqual(expected);
    }
  });

  it('counts columns in characters, a surrogate pair being one', () => {
    expect(position(read(['<a>🚀🚀<1</a>']))).toEqual([[1, 7]]);
  });

  it('reports a duplicate attribute at the end of its tag, as saxes did', () => {
    expect(read(['<a x="1"\n x="2"  ></a>']).errors).toEqual([
      { message: 'duplicate attribute', line: 2, column: 9 },
    ]);
  });

  it('reports a disallowed character only after what comes before it', () => {
    expect(position(read(['<a><b></c>\u0001</a>']))).toEqual([[1, 10]]);
    expect(position(read(['<a>x\u0001</a>']))).toEqual([[1, 5]]);
    expect(position(read(['<a x="\uFFFE"/>']))).toEqual([[1, 7]]);
    expect(position(read(['<a>\uDC00</a>']))).toEqual([[1, 4]]);
    expect(position(read(['<a>\uD83D', '</a>']))).toEqual([[1, 4]]);
    expect(position(read(['<a>\uD83D', '\uDE80</a>']))).toEqual([]);
  });
});

describe('attributes', () => {
  it('expands references and turns line ends and tabs into spaces', () => {
    const seen = read(['<a v="1\r\n2\n3\r4\t5&#10;6&#13;7&#9;8&lt;&gt;&amp;&quot;&apos;"/>']);
    expect(seen.log[0]).toBe(`<a ${JSON.stringify({ v: '1 2 3 4 5\n6\r7\t8<>&"\'' })}>`);
  });

  it('keeps attributes named like Object members as plain values', () => {
    let seen: Readonly<Record<string, string>> = {};
    const t = createXmlTokenizer({
      open: (_name, attributes) => (seen = attributes),
      close: () => undefined,
      text: () => undefined,
      doctype: () => undefined,
      error: () => undefined,
    });
    t.write('<a __proto__="p" constructor="c"/>');
    t.end();
    expect(Object.keys(seen)).toEqual(['__proto__', 'constructor']);
    expect(seen['__proto__']).toBe('p');
    expect(seen['toString']).toBeUndefined();
  });
});
