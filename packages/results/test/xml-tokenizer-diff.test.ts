/**
 * Our XML tokenizer against saxes, the parser it replaced: documents drawn from a seeded PRNG,
 * well-formed and then mutated, fed to both in random chunk sizes down to one character. The
 * events up to the first error must be the same, and so must the error's position, except
 * where this file names an intended difference.
 */
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { createXmlTokenizer } from '../src/formats/xml/tokenizer.js';
import type { XmlEvents } from '../src/formats/xml/tokenizer.js';

type Random = () => number;

function prng(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)]!;
const chance = (random: Random, p: number): boolean => random() < p;

// ---- documents ------------------------------------------------------------------------

const NAMES = ['testsuite', 'testcase', 'a', 'ns:Run', '_x.y-z', 'ü', '名前', 'a1', 'Ωmega', '𐀀b'];
const ATTRIBUTES = ['name', 'time', 'x:y', 'é', 'classname', 'a-b', 'z_1', '𐀁'];
const WORDS = ['x', 'hello', ' ', '>', ']]', ']', 'ü', '🚀', '"', "'", '-', 'a b', '名'];
const REFERENCES = ['&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#10;', '&#x1F600;', '&#13;'];

function newline(random: Random): string {
  return pick(random, ['\n', '\n', '\r\n', '\r']);
}

function characters(random: Random, quote = ''): string {
  let text = '';
  for (let n = Math.floor(random() * 6); n > 0; n--) {
    const r = random();
    if (r < 0.15) text += pick(random, REFERENCES);
    else if (r < 0.25) text += newline(random);
    else if (r < 0.3) text += '\t';
    else text += pick(random, WORDS).replace(quote, '');
  }
  return text;
}

function element(random: Random, depth: number): string {
  const name = pick(random, NAMES);
  let tag = `<${name}`;
  const used = new Set<string>();
  for (let n = Math.floor(random() * 4); n > 0; n--) {
    const attribute = pick(random, ATTRIBUTES);
    if (used.has(attribute)) continue;
    used.add(attribute);
    const quote = pick(random, ['"', "'"]);
    const space = (): string => pick(random, ['', '', ' ', newline(random)]);
    tag += `${pick(random, [' ', '  ', newline(random), '\t'])}${attribute}${space()}=${space()}`;
    tag += `${quote}${characters(random, quote).replace(/]]/g, '] ')}${quote}`;
  }
  tag += pick(random, ['', ' ', newline(random)]);
  if (depth > 3 || chance(random, 0.25)) return `${tag}/>`;
  let content = '';
  for (let n = Math.floor(random() * 5); n > 0; n--) {
    const r = random();
    if (r < 0.35) content += element(random, depth + 1);
    else if (r < 0.6) content += characters(random).replace(/]]>/g, ']] >').replace(/]]$/, ']');
    else if (r < 0.7) content += `<![CDATA[${characters(random).replace(/&/g, '&&')}<]]]>`;
    else if (r < 0.8) content += `<!--${characters(random).replace(/-/g, '+')} - -->`;
    else if (r < 0.9) content += `<?pi-${pick(random, ['x', 'y'])} ${characters(random)}?>`;
    else content += newline(random);
  }
  // A text ending in `]` would make `]]>`-free content end in one after joining: keep apart.
  return `${tag}>${content}</${name}${pick(random, ['', ' ', newline(random)])}>`;
}

function misc(random: Random): string {
  const r = random();
  if (r < 0.3) return `<!-- ${pick(random, WORDS).replace(/-/g, '+')} -->`;
  if (r < 0.5) return `<?target ${pick(random, WORDS)}?>`;
  return pick(random, [' ', '\n', '\r\n', '\t']);
}

const DOCTYPE =
  '<!DOCTYPE testsuite SYSTEM "a>b" [\n  <!ELEMENT testsuite ANY>\n  <!-- a > comment -->\n' +
  '  <?pi ]>?>\n  <!ATTLIST testsuite name CDATA "x]>y">\r\n]>';

function document(random: Random): string {
  let xml = '';
  if (chance(random, 0.1)) xml += '\uFEFF';
  if (chance(random, 0.5)) {
    xml += pick(random, [
      '<?xml version="1.0"?>',
      "<?xml version='1.0' encoding='UTF-8'?>",
      '<?xml version="1.0" encoding="utf-8" standalone="yes" ?>',
    ]);
  }
  for (let n = Math.floor(random() * 3); n > 0; n--) xml += misc(random);
  if (chance(random, 0.2)) xml += DOCTYPE;
  for (let n = Math.floor(random() * 3); n > 0; n--) xml += misc(random);
  xml += element(random, 0);
  for (let n = Math.floor(random() * 3); n > 0; n--) xml += misc(random);
  return xml;
}

const MUTANTS = [
  '<',
  '>',
  '&',
  ';',
  '"',
  "'",
  '=',
  '/',
  '!',
  '?',
  '-',
  '[',
  ']',
  ' ',
  '\n',
  'a',
  '#',
];

function mutate(random: Random, xml: string): string {
  const at = Math.floor(random() * xml.length);
  // Never between the halves of a surrogate pair: saxes lets a lone high surrogate through,
  // we refuse it (no surrogate is an XML character). An intended difference, not compared.
  const safe = /[\uDC00-\uDFFF]/.test(xml[at] ?? '') ? at - 1 : at;
  const r = random();
  if (r < 0.05) {
    // An attribute written twice.
    const attribute = /[ \t\r\n]+[^\s=<>"'/?!]+[ \t\r\n]*=[ \t\r\n]*("[^"<]*"|'[^'<]*')/.exec(xml);
    if (attribute) {
      const end = attribute.index + attribute[0].length;
      return xml.slice(0, end) + attribute[0] + xml.slice(end);
    }
  }
  if (r < 0.3)
    return xml.slice(0, safe) + xml.slice(safe + (/[\uD800-\uDBFF]/.test(xml[safe]!) ? 2 : 1));
  if (r < 0.6) return xml.slice(0, safe) + pick(random, MUTANTS) + xml.slice(safe);
  if (r < 0.9) return xml.slice(0, safe) + pick(random, MUTANTS) + xml.slice(safe + 1);
  return xml.slice(0, safe);
}

function chunks(random: Random, text: string): string[] {
  const mode = random();
  const parts: string[] = [];
  for (let at = 0; at < text.length;) {
    const size = mode < 0.25 ? 1 : 1 + Math.floor(random() * (mode < 0.6 ? 8 : 200));
    parts.push(text.slice(at, at + size));
    at += size;
  }
  return parts;
}

// ---- the two parsers, seen the same way -------------------------------------------------

interface Outcome {
  readonly events: string[];
  readonly error?: { line: number; column: number; atEnd: boolean; message: string };
}

/** Events as comparable strings; text inside the root joined; nothing after the first error. */
function recorder(): { events: XmlEvents; outcome: () => Outcome; ending: () => void } {
  const events: string[] = [];
  let depth = 0;
  let text = '';
  let error: Outcome['error'];
  let atEnd = false;
  const flush = (): void => {
    if (text !== '') events.push(`text ${JSON.stringify(text)}`);
    text = '';
  };
  return {
    events: {
      open(name, attributes) {
        if (error) return;
        flush();
        depth++;
        const sorted = Object.keys(attributes)
          .sort()
          .map((key) => [key, attributes[key]]);
        events.push(`open ${name} ${JSON.stringify(sorted)}`);
      },
      close(name) {
        if (error) return;
        flush();
        depth--;
        events.push(`close ${name}`);
      },
      text(value) {
        if (!error && depth > 0) text += value;
      },
      doctype(body) {
        if (error) return;
        flush();
        events.push(`doctype ${JSON.stringify(body)}`);
      },
      error(message, line, column) {
        if (error) return;
        flush();
        error = { line, column, atEnd, message };
      },
    },
    outcome: () => {
      if (!error) flush();
      return error ? { events, error } : { events };
    },
    ending: () => {
      atEnd = true;
    },
  };
}

/** saxes as the old tokenizer wrapped it: a close tag that errs is not reported. */
function viaSaxes(parts: readonly string[]): Outcome {
  const { events, outcome, ending } = recorder();
  const parser = new SaxesParser<{ xmlns: false; position: true }>({
    xmlns: false,
    position: true,
  });
  let held: string | undefined;
  let heldAt = 0;
  const release = (): void => {
    if (held === undefined) return;
    const name = held;
    held = undefined;
    events.close(name);
  };
  parser.on('opentag', (tag) => {
    release();
    events.open(tag.name, tag.attributes);
  });
  parser.on('closetag', (tag) => {
    release();
    held = tag.name;
    heldAt = parser.position;
  });
  parser.on('text', (text) => {
    release();
    events.text(text);
  });
  parser.on('cdata', (text) => {
    release();
    events.text(text);
  });
  parser.on('doctype', (body) => {
    release();
    events.doctype(body);
  });
  parser.on('error', (error) => {
    if (parser.position === heldAt) held = undefined;
    else release();
    events.error(error.message, parser.line, parser.column);
  });
  for (const part of parts) {
    parser.write(part);
    release();
  }
  ending();
  parser.close();
  release();
  return outcome();
}

function viaOurs(parts: readonly string[]): Outcome {
  const { events, outcome, ending } = recorder();
  const tokenizer = createXmlTokenizer(events);
  for (const part of parts) tokenizer.write(part);
  ending();
  tokenizer.end();
  return outcome();
}

// ---- intended differences ---------------------------------------------------------------

/** The index in `xml` of the character at `line`/`column` as both parsers count them. */
function indexAt(xml: string, line: number, column: number): number {
  let l = 1;
  let c = 0;
  for (let i = 0; i < xml.length;) {
    const code = xml.codePointAt(i)!;
    c++;
    if (l === line && c === column) return i;
    if (code === 0x0d || code === 0x0a) {
      // saxes gives column 0 of the next line for a line end.
      if (l === line - 1 && column === 0) return i;
      if (code === 0x0d && xml[i + 1] === '\n') i++;
      l++;
      c = 0;
    }
    i += code > 0xffff ? 2 : 1;
  }
  return xml.length;
}

/**
 * Why our error may come before saxes' (at `ours`, an index of `xml`), or undefined. We
 * report the character that breaks the rule; saxes reads on further in these cases.
 */
function earlierBecause(xml: string, ours: number, message: string): string | undefined {
  const before = xml.slice(0, ours);
  // saxes reads a reference up to the next `;`, wherever that is.
  if (/&#?[^\s&<>"';]*$/.test(before)) return 'reference without its ;';
  // saxes waits for seven characters after `<!` before it refuses them.
  if (/<!(-|\[[A-Z]{0,5}|D[A-Z]{0,6})?$/.test(before)) return '<! prefix';
  // saxes reports text outside the root element where that text ends.
  if (message === 'text outside the root element') return message;
  // saxes reports an error on a line end at column 0 of the next line.
  if (xml[ours] === '\n' || xml[ours] === '\r') return 'line end';
  return undefined;
}

/** The end of the XML declaration the file starts with, or -1. */
function declarationEnd(xml: string): number {
  const start = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!xml.startsWith('<?xml', start)) return -1;
  const question = xml.indexOf('?', start + 2);
  return question < 0 ? xml.length : question + 1;
}

function compare(xml: string, parts: readonly string[]): string | undefined {
  const theirs = viaSaxes(parts);
  const ours = viaOurs(parts);
  if (!theirs.error || !ours.error) {
    if (JSON.stringify(theirs) === JSON.stringify(ours)) return undefined;
    return `events differ:\n saxes ${JSON.stringify(theirs)}\n ours  ${JSON.stringify(ours)}`;
  }
  const same = JSON.stringify(theirs.events) === JSON.stringify(ours.events);
  // At the end of the file any error is TRUNCATED, without a position.
  if (theirs.error.atEnd && ours.error.atEnd && same) return undefined;
  const { line, column } = ours.error;
  if (line === theirs.error.line && column === theirs.error.column && same) return undefined;
  const at = indexAt(xml, line, column);
  const theirAt = indexAt(xml, theirs.error.line, theirs.error.column);
  const prefix = JSON.stringify(theirs.events).startsWith(JSON.stringify(ours.events).slice(0, -1));
  const reason = earlierBecause(xml, at, ours.error.message);
  if (reason && prefix && (theirs.error.atEnd || theirAt >= at)) return undefined;
  // We check the XML declaration once it is complete, at its `?`; saxes as it reads it.
  const declaration = declarationEnd(xml);
  if (same && at <= declaration && theirAt <= declaration) return undefined;
  // An error inside a tag the file ends in is found once the tag is complete, or at the end.
  const lastLt = xml.lastIndexOf('<');
  if (ours.error.atEnd && !theirs.error.atEnd && theirAt > lastLt && prefix) return undefined;
  return (
    `errors differ: saxes ${JSON.stringify(theirs.error)} at ${theirAt}, ours ${JSON.stringify(ours.error)} at ${at}` +
    ` (${reason ?? 'no reason'})\n saxes ${theirs.events.slice(-3).join(' | ')}\n ours  ${ours.events.slice(-3).join(' | ')}`
  );
}

// ---- the comparisons --------------------------------------------------------------------

describe('our XML tokenizer against saxes', () => {
  it('gives the same events for well-formed documents, in any chunks', () => {
    const random = prng(20261205);
    const failures: string[] = [];
    for (let n = 0; n < 1000; n++) {
      const xml = document(random);
      const problem = compare(xml, chunks(random, xml));
      if (problem) failures.push(`${JSON.stringify(xml)}\n${problem}`);
    }
    expect(failures.slice(0, 3)).toEqual([]);
  });

  it('finds the same errors in mutated documents, in any chunks', () => {
    const random = prng(7);
    const failures: string[] = [];
    let errors = 0;
    for (let n = 0; n < 5000; n++) {
      let xml = document(random);
      for (let m = 1 + Math.floor(random() * 2); m > 0; m--) xml = mutate(random, xml);
      const parts = chunks(random, xml);
      const problem = compare(xml, parts);
      if (problem) failures.push(`${JSON.stringify(xml)}\n${problem}`);
      if (viaOurs(parts).error) errors++;
    }
    expect(failures.slice(0, 3)).toEqual([]);
    // The mutations must mostly produce errors, or this test proves little.
    expect(errors).toBeGreaterThan(2500);
  });
});
