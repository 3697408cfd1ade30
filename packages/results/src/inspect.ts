/**
 * One file's inspection: the first bytes tell the kind of file (XML, JSON, a Gatling log, a
 * JMeter CSV), then the reader of that kind reads it all, chunk by chunk. What each kind is
 * recognised by is in docs/results.md.
 */
import { createCucumberReader } from './formats/cucumber.js';
import { createGatlingReader } from './formats/gatling.js';
import { createJmeterCsvReader } from './formats/jmeter-csv.js';
import { createXmlReader } from './formats/xml.js';
import { Tally } from './tally.js';
import type { FileResults, InspectOptions, Inspector } from './types.js';

/** Bytes looked at to tell the kind of a file. */
const HEAD_BYTES = 4096;

type Kind = 'xml' | 'json' | 'gatling' | 'jmeter-csv';

/**
 * An inspector for the file at `path` (relative, `/`-separated, as in the zip: FitNesse
 * results are recognised by a `FitNesseRoot` folder in it).
 */
export function createInspector(path: string, options: InspectOptions = {}): Inspector {
  return guarded(dispatch(path, options));
}

/**
 * `inspector`, made never to throw: readers report bad input as problems, so a throw is a bug
 * of ours, and it must not fail the caller's upload or server. The file is then `MALFORMED`
 * and not fed any more.
 */
function guarded(inspector: Inspector): Inspector {
  let failure: unknown;
  let failed = false;
  const fail = (error: unknown): void => {
    failed = true;
    failure = error;
  };
  return {
    write(chunk) {
      if (failed) return;
      try {
        inspector.write(chunk);
      } catch (error) {
        fail(error);
      }
    },
    end() {
      if (!failed) {
        try {
          return inspector.end();
        } catch (error) {
          fail(error);
        }
      }
      const tally = new Tally();
      const reason = failure instanceof Error ? failure.message : String(failure);
      tally.problem({ code: 'MALFORMED', message: `the file could not be read: ${reason}` });
      return tally.results();
    },
  };
}

/** The inspector that looks at the first bytes, then hands them all to the reader of their kind. */
function dispatch(path: string, options: InspectOptions): Inspector {
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let reader: Inspector | undefined;
  let unknown = false;

  /** Decide from what came so far plus `chunk`; true once decided (and `chunk` written). */
  const decide = (chunk: Uint8Array, atEnd: boolean): boolean => {
    const bytes = head.length === 0 ? chunk : Buffer.concat([...head, chunk]);
    const kind = kindOf(path, bytes, atEnd);
    if (kind === undefined && !atEnd && headBytes + chunk.length < HEAD_BYTES) return false;
    if (kind === undefined) unknown = true;
    else reader = readerOf(kind, path, options);
    reader?.write(bytes);
    head.length = 0;
    return true;
  };

  return {
    write(chunk) {
      if (reader) return reader.write(chunk);
      if (unknown || chunk.length === 0) return;
      if (decide(chunk, false)) return;
      head.push(new Uint8Array(chunk)); // a copy: the caller may reuse its buffer after write()
      headBytes += chunk.length;
    },
    end(): FileResults {
      if (!reader && !unknown) {
        if (headBytes === 0 || isBlank(Buffer.concat(head))) return emptyFile();
        decide(new Uint8Array(0), true);
      }
      if (reader) return reader.end();
      const tally = new Tally();
      tally.problem({
        code: 'UNKNOWN_FORMAT',
        message: 'not a test result format XL TestView reads',
      });
      return tally.results();
    },
  };
}

/** Inspect a whole file given at once (bytes, or a text already decoded). */
export function inspect(
  path: string,
  content: Uint8Array | string,
  options: InspectOptions = {},
): FileResults {
  const inspector = createInspector(path, options);
  inspector.write(typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  return inspector.end();
}

/** Inspect a file given as a stream of chunks (e.g. `fs.createReadStream`). */
export async function inspectStream(
  path: string,
  chunks: AsyncIterable<Uint8Array>,
  options: InspectOptions = {},
): Promise<FileResults> {
  const inspector = createInspector(path, options);
  for await (const chunk of chunks) inspector.write(chunk);
  return inspector.end();
}

function readerOf(kind: Kind, path: string, options: InspectOptions): Inspector {
  switch (kind) {
    case 'xml':
      return createXmlReader(path, options);
    case 'json':
      return createCucumberReader(path, options);
    case 'gatling':
      return createGatlingReader(path, options);
    case 'jmeter-csv':
      return createJmeterCsvReader(path, options);
  }
}

/**
 * The kind of a file from its first bytes, or undefined while they do not tell yet (or, at
 * the end or after {@link HEAD_BYTES}, at all).
 */
function kindOf(path: string, bytes: Uint8Array, atEnd: boolean): Kind | undefined {
  // Only the head is decoded: a first chunk may be a whole big file.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, HEAD_BYTES))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start.startsWith('<')) return 'xml';
  if (start.startsWith('[') || start.startsWith('{')) return 'json';
  // Gatling 3 writes its ASSERTION records before RUN; its newer binary log is known by name.
  if (/^(RUN|ASSERTION)\t/.test(start) || /(^|\/)simulation\.log$/i.test(path)) return 'gatling';
  const newline = start.search(/\r?\n/);
  if (newline < 0 && !atEnd) return undefined;
  const firstLine = newline < 0 ? start : start.slice(0, newline);
  if (/(^|[,;\t|])"?success"?([,;\t|]|$)/i.test(firstLine)) return 'jmeter-csv';
  return undefined;
}

function isBlank(bytes: Uint8Array): boolean {
  return (
    Buffer.from(bytes)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim() === ''
  );
}

function emptyFile(): FileResults {
  const tally = new Tally();
  tally.problem({ code: 'EMPTY', message: 'the file is empty' });
  return tally.results();
}
