/**
 * The reader of every XML result format: one parse per file, bytes decoded as UTF-8 chunk by
 * chunk, the root element choosing the format (xml/root.ts) whose reader counts the elements.
 * Bounded by construction: no entity but the predefined five is expanded, nesting stops at
 * `maxDepth` and no token held in memory grows past `maxTokenBytes`.
 */
import { Tally } from '../tally.js';
import { DEFAULT_LIMITS } from '../types.js';
import type { InspectOptions, Inspector, Problem } from '../types.js';
import type { XmlFormatReader } from './xml/format.js';
import { createFormatReader, formatOfRoot } from './xml/root.js';
import { createXmlTokenizer } from './xml/tokenizer.js';

/**
 * Bytes decoded and handed to the tokenizer at once, so a token is measured at least this
 * often. Decoding a whole 1 MiB chunk would make a 1 MiB string per chunk, garbage that V8
 * keeps outside its young generation: +85 MB of peak RSS over 200 MB read, against +15 MB in
 * 64 KiB slices (BENCHMARKS.md "Reading results").
 */
const SLICE_BYTES = 64 * 1024;

export function createXmlReader(path: string, options: InspectOptions): Inspector {
  const maxDepth = options.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  const maxTokenBytes = options.maxTokenBytes ?? DEFAULT_LIMITS.maxTokenBytes;
  const tally = new Tally();
  const decoder = new TextDecoder('utf-8');
  const open: string[] = [];
  let format: XmlFormatReader | undefined;
  let stopped = false;
  let complete = false;
  /** Set once all input is in: a parse error from then on means the file stopped early. */
  let ending = false;

  const stop = (problem: Problem): void => {
    if (stopped) return;
    stopped = true;
    tally.problem(problem);
  };

  const tokenizer = createXmlTokenizer({
    open(name, attributes) {
      if (stopped) return;
      open.push(name);
      const depth = open.length;
      if (depth > maxDepth) {
        stop({
          code: 'LIMIT',
          message: `elements nest deeper than ${maxDepth}; the rest was not read`,
        });
        return;
      }
      if (depth === 1) {
        tally.format = formatOfRoot(name, attributes, path);
        format = tally.format && createFormatReader(tally.format, tally, path);
        if (!format) {
          stop({
            code: 'UNKNOWN_FORMAT',
            message: `no test result format has the root element <${name}>`,
          });
          return;
        }
        // Most readers ignore character data: the tokenizer then never copies it.
        tokenizer.wantText(format.text !== undefined);
      }
      format?.open(localName(name), attributes, depth);
    },
    close(name) {
      if (stopped) return;
      format?.close(localName(name), open.length);
      open.pop();
      if (open.length === 0) complete = true;
    },
    text(text) {
      if (!stopped) format?.text?.(text, open.length);
    },
    doctype(body) {
      // Declared entities are never expanded: refusing them is what keeps "billion laughs"
      // and external entities harmless.
      if (/<!ENTITY/i.test(body)) {
        stop({
          code: 'LIMIT',
          message: 'the file declares XML entities, which are not expanded; it was not read',
        });
      }
    },
    error(message, line, column) {
      if (ending) {
        const inside =
          open.length > 0 ? `inside <${open.at(-1)}>` : 'before its root element closed';
        stop({ code: 'TRUNCATED', message: `the file ends ${inside}` });
      } else {
        stop({ code: 'MALFORMED', message: `not well-formed XML: ${message}`, line, column });
      }
    },
  });

  tokenizer.wantText(false);

  const feed = (text: string): void => {
    tokenizer.write(text);
    if (tokenizer.pendingChars() > maxTokenBytes) {
      stop({
        code: 'LIMIT',
        message: `a text, attribute or tag is longer than ${maxTokenBytes} bytes; the rest was not read`,
      });
    }
  };

  const guarded = (step: () => void): void => {
    try {
      step();
    } catch (error) {
      // The parser's own failure is a property of this file, never the caller's exception.
      const reason = error instanceof Error ? error.message : String(error);
      stop({ code: 'MALFORMED', message: `not readable as XML: ${reason}` });
    }
  };

  return {
    write(chunk) {
      for (let start = 0; start < chunk.length && !stopped; start += SLICE_BYTES) {
        const slice = chunk.subarray(start, start + SLICE_BYTES);
        guarded(() => feed(decoder.decode(slice, { stream: true })));
      }
    },
    end() {
      if (!stopped) {
        guarded(() => {
          feed(decoder.decode());
          ending = true;
          if (!stopped) tokenizer.end();
        });
      }
      if (complete && !stopped) format?.finish();
      return tally.results();
    },
  };
}

/** `ns:TestRun` → `TestRun`: the readers match local names. */
function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}
