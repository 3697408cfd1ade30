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
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let reader: Inspector | undefined;
  let unknown = false;

  const decide = (atEnd: boolean): void => {
    const bytes = Buffer.concat(head);
    const kind = kindOf(path, bytes, atEnd);
    if (kind === undefined && !atEnd && headBytes < HEAD_BYTES) return;
    if (kind === undefined) unknown = true;
    else reader = readerOf(kind, path, options);
    reader?.write(bytes);
    head.length = 0;
  };

  return {
    write(chunk) {
      if (reader) return reader.write(chunk);
      if (unknown || chunk.length === 0) return;
      head.push(chunk);
      headBytes += chunk.length;
      decide(false);
    },
    end(): FileResults {
      if (!reader && !unknown) {
        if (headBytes === 0 || isBlank(Buffer.concat(head))) return emptyFile();
        decide(true);
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
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start.startsWith('<')) return 'xml';
  if (start.startsWith('[') || start.startsWith('{')) return 'json';
  const newline = start.search(/\r?\n/);
  if (newline < 0 && !atEnd) return undefined;
  const firstLine = newline < 0 ? start : start.slice(0, newline);
  if (/^RUN\t/.test(firstLine)) return 'gatling';
  if (/(^|[,;\t|])"?success"?([,;\t|]|$)/i.test(firstLine)) return 'jmeter-csv';
  return /simulation\.log$/i.test(path) ? 'gatling' : undefined;
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
