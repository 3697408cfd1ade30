// One parser candidate over one input set, in its own process (so its peak RSS and heap are its
// own): `node parser-probe.mjs '<json>'` with { candidate, files, element, attribute, from }.
// Every candidate does the same work: find each test (`element`, or a Cucumber scenario) and
// read its duration (`attribute`, or a step's `duration`). Prints one JSON line: wall time of
// the work (set-up such as compiling WebAssembly excluded), bytes, tests, duration sum, errors
// reported, peak heap, and the last duration value as given (for the behaviour checks).
import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { register } from 'node:module';
import { TextDecoder } from 'node:util';
import v8 from 'node:v8';

const { candidate, files, element, attribute, from } = JSON.parse(process.argv[2]);
if (from) register(new URL('./resolve-from.mjs', import.meta.url), { data: { from } });

const CHUNK = 64 * 1024;
let peakHeap = 0;
let tests = 0;
let sum = 0;
let errors = 0;
/** The last duration value as the candidate gave it (the behaviour checks look at its decoding). */
let value;
/** Heap in use now; sampled after every chunk (and after whole-document parses). */
function sample() {
  const used = v8.getHeapStatistics().used_heap_size;
  if (used > peakHeap) peakHeap = used;
}

/** `1.234` (seconds, JUnit) or `00:00:01.2340000` (TRX) in seconds. */
function seconds(value) {
  if (value === undefined) return 0;
  const text = String(value);
  if (!text.includes(':')) return Number(text) || 0;
  return text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

function onTest(duration) {
  value = duration;
  tests += 1;
  sum += seconds(duration);
}

/** Feed a file in 64 KiB chunks (a fresh buffer each, as a stream would give them). */
function eachChunk(file, write) {
  const fd = openSync(file, 'r');
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK);
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      write(buffer.subarray(0, n));
      sample();
    }
  } finally {
    closeSync(fd);
  }
}

/** Walk a parsed document for `element` entries (fast-xml-parser's object tree). */
function walk(node) {
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === element)
      for (const item of Array.isArray(value) ? value : [value]) onTest(item?.[attribute]);
    if (typeof value === 'object') walk(value);
  }
}

/** Count scenarios and sum step durations of a parsed Cucumber report (JSON.parse). */
function walkCucumber(features) {
  for (const feature of features)
    for (const el of feature.elements ?? []) {
      if (el.type === 'scenario') tests += 1;
      for (const list of [el.before, el.steps, el.after])
        for (const item of list ?? []) sum += item.result?.duration ?? 0;
    }
}

/**
 * The token-level rule of the streaming JSON candidates: a `type` of `scenario` is a test, a
 * `duration` adds to the sum (in the generated reports both appear only there).
 */
function jsonValue(key, value) {
  if (key === 'type' && value === 'scenario') tests += 1;
  else if (key === 'duration') sum += Number(value);
}

const CANDIDATES = {
  /** The floor: read the bytes and decode them to text, no parsing. */
  async decode() {
    return (file) => {
      const decoder = new TextDecoder();
      eachChunk(file, (chunk) => decoder.decode(chunk, { stream: true }));
      decoder.decode();
    };
  },
  async saxes() {
    const { SaxesParser } = await import('saxes');
    return (file) => {
      const parser = new SaxesParser();
      parser.on('opentag', (tag) => {
        if (tag.name === element) onTest(tag.attributes[attribute]);
      });
      parser.on('error', () => {
        errors += 1;
      });
      const decoder = new TextDecoder();
      eachChunk(file, (chunk) => parser.write(decoder.decode(chunk, { stream: true })));
      parser.write(decoder.decode()).close();
    };
  },
  async 'sax-wasm'() {
    const { SaxEventType, SAXParser } = await import('sax-wasm');
    const { createRequire } = await import('node:module');
    // The .wasm is a separate file of the package: found through the package's own exports.
    const base = from ? `${from}/package.json` : import.meta.url;
    const wasm = readFileSync(createRequire(base).resolve('sax-wasm/lib/sax-wasm.wasm'));
    const parser = new SAXParser(SaxEventType.OpenTag);
    await parser.prepareWasm(wasm);
    parser.eventHandler = (_event, tag) => {
      if (tag.name !== element) return;
      const attr = tag.attributes.find((a) => a.name.value === attribute);
      onTest(attr?.value.value);
    };
    return (file) => {
      eachChunk(file, (chunk) => parser.write(chunk));
      parser.end();
    };
  },
  async 'fxp-validate'() {
    const { XMLValidator } = await import('fast-xml-parser');
    return (file) => {
      const text = readFileSync(file, 'utf8');
      if (XMLValidator.validate(text) !== true) errors += 1;
      sample();
    };
  },
  async 'fxp-parse'() {
    const { XMLParser } = await import('fast-xml-parser');
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
    return (file) => {
      const tree = parser.parse(readFileSync(file, 'utf8'));
      sample();
      walk(tree);
    };
  },
  async 'fxp-validate-parse'() {
    const { XMLParser, XMLValidator } = await import('fast-xml-parser');
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
    return (file) => {
      const text = readFileSync(file, 'utf8');
      if (XMLValidator.validate(text) !== true) errors += 1;
      const tree = parser.parse(text);
      sample();
      walk(tree);
    };
  },
  async 'json-parse'() {
    return (file) => {
      const report = JSON.parse(readFileSync(file, 'utf8'));
      sample();
      walkCucumber(report);
    };
  },
  async 'streamparser-json'() {
    const { Tokenizer, TokenType } = await import('@streamparser/json');
    return (file) => {
      const tokenizer = new Tokenizer();
      let pending;
      let key;
      let afterColon = false;
      tokenizer.onToken = ({ token, value }) => {
        if (token === TokenType.COLON) {
          key = pending;
          afterColon = true;
          return;
        }
        if (token === TokenType.STRING && !afterColon) pending = value;
        else if (afterColon) jsonValue(key, value);
        afterColon = false;
      };
      eachChunk(file, (chunk) => tokenizer.write(chunk));
      tokenizer.end();
    };
  },
  async 'stream-json'() {
    const { parser } = await import('stream-json');
    return async (file) => {
      const tokens = createReadStream(file, { highWaterMark: CHUNK }).pipe(
        parser.asStream({ streamValues: false }),
      );
      let key;
      let n = 0;
      for await (const token of tokens) {
        if (token.name === 'keyValue') key = token.value;
        else if (token.name === 'stringValue' || token.name === 'numberValue') {
          jsonValue(key, token.value);
          key = undefined;
        } else key = undefined;
        if (++n % 4096 === 0) sample();
      }
    };
  },
  async clarinet() {
    const clarinet = (await import('clarinet')).default;
    return (file) => {
      const parser = clarinet.parser();
      let key;
      parser.onopenobject = (first) => {
        key = first;
      };
      parser.onkey = (next) => {
        key = next;
      };
      parser.onvalue = (value) => jsonValue(key, value);
      parser.onerror = () => {
        errors += 1;
      };
      const decoder = new TextDecoder();
      eachChunk(file, (chunk) => parser.write(decoder.decode(chunk, { stream: true })));
      parser.write(decoder.decode());
      parser.close();
    };
  },
};

const make = CANDIDATES[candidate];
if (!make) throw new Error(`unknown candidate ${candidate}`);
const readOne = await make();
const list = JSON.parse(readFileSync(files, 'utf8'));
sample();
const started = process.hrtime.bigint();
let bytes = 0;
for (const { file, size } of list) {
  await readOne(file);
  bytes += size;
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(`${JSON.stringify({ ms, bytes, tests, sum, errors, peakHeap, value })}\n`);
