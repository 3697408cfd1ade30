/**
 * Gatling's text `simulation.log` (Gatling 2 and the Gatling 3 releases that wrote text): one
 * tab-separated record a line, `RUN` first (after any `ASSERTION`s), then `USER`, `REQUEST`,
 * `GROUP` and `ERROR` records. One test is one `REQUEST`, failed when its status is `KO`.
 * Newer Gatling writes a binary log, which is not read (docs/results.md).
 */
import { Tally } from '../tally.js';
import { DEFAULT_LIMITS, type InspectOptions, type Inspector } from '../types.js';

const LF = 0x0a;
/** Epoch milliseconds: 12 digits or more (any time after 1973). */
const EPOCH_MS = /^\d{12,}$/;
/** A record's type: an upper-case word. */
const RECORD_TYPE = /^[A-Z]+$/;

export function createGatlingReader(_path: string, options: InspectOptions): Inspector {
  const maxTokenBytes = options.maxTokenBytes ?? DEFAULT_LIMITS.maxTokenBytes;
  const tally = new Tally('gatling');
  let parts: Uint8Array[] = [];
  let partBytes = 0;
  let line = 0;
  let done = false;

  const stop = (problem: Parameters<Tally['problem']>[0]): void => {
    tally.problem(problem);
    done = true;
  };

  /** One line (without its LF); `last` when the file ended without one. */
  const readLine = (bytes: Uint8Array, last: boolean): void => {
    line++;
    let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (line === 1) return readFirst(text);
    if (text.trim() === '') return;
    const fields = text.split('\t');
    const type = fields[0]!;
    if (!RECORD_TYPE.test(type) || fields.length < 2) {
      return stop({
        code: 'MALFORMED',
        message: 'a line that is not a Gatling record',
        line,
        column: 1,
      });
    }
    if (type === 'RUN') return tally.addTime(runStart(fields));
    if (type !== 'REQUEST') return; // USER, GROUP, ERROR, ASSERTION: not tests
    const request = requestOf(fields);
    if (!request) {
      return stop({
        code: last ? 'TRUNCATED' : 'MALFORMED',
        message: last
          ? 'the file ends inside a REQUEST record'
          : 'a REQUEST record without start, end and OK/KO status',
        line,
        column: 1,
      });
    }
    tally.tests++;
    if (request.status === 'KO') tally.failed++;
    tally.addDuration(request.end - request.start);
    tally.addTime(request.start);
    tally.addTime(request.end);
  };

  const readFirst = (text: string): void => {
    const fields = text.replace(/^\uFEFF/, '').split('\t');
    if (fields[0] === 'RUN') return tally.addTime(runStart(fields));
    if (fields[0] === 'ASSERTION') return; // Gatling 3 writes its assertions before RUN
    tally.format = undefined;
    stop({
      code: 'UNKNOWN_FORMAT',
      message: isBinary(text)
        ? "a binary simulation.log (newer Gatling): only Gatling's text simulation.log is read"
        : 'not a Gatling simulation.log: it does not start with a RUN record',
    });
  };

  return {
    write(chunk) {
      let from = 0;
      while (!done) {
        const newline = chunk.indexOf(LF, from);
        const to = newline < 0 ? chunk.length : newline;
        partBytes += to - from;
        if (partBytes > maxTokenBytes) {
          const binary = line === 0;
          if (binary)
            readFirst(Buffer.concat([...parts, chunk.subarray(from, to)]).toString('latin1'));
          if (!done)
            stop({
              code: 'LIMIT',
              message: `a line longer than ${maxTokenBytes} bytes`,
              line: line + 1,
              column: 1,
            });
          return;
        }
        if (newline < 0) {
          // Copied (a Buffer's slice() would not): the caller may reuse its buffer.
          if (to > from) parts.push(new Uint8Array(chunk.subarray(from, to)));
          return;
        }
        const bytes =
          parts.length === 0
            ? chunk.subarray(from, to)
            : Buffer.concat([...parts, chunk.subarray(from, to)]);
        parts = [];
        partBytes = 0;
        readLine(bytes, false);
        from = newline + 1;
      }
    },
    end() {
      if (!done && (partBytes > 0 || line === 0)) readLine(Buffer.concat(parts), true);
      return tally.results();
    },
  };
}

/** The run's start: the first epoch-milliseconds field of the RUN record. */
function runStart(fields: readonly string[]): number | undefined {
  const start = fields.find((field) => EPOCH_MS.test(field));
  return start === undefined ? undefined : Number(start);
}

/**
 * A REQUEST's status and times. The layouts differ by version (Gatling 2.0 has four
 * timestamps, 2.x two after the scenario and user, 3.x drops the scenario, later the user), so
 * the status is the first `OK`/`KO` right after a run of epoch-millisecond fields.
 */
function requestOf(
  fields: readonly string[],
): { status: string; start: number; end: number } | undefined {
  for (let i = 3; i < fields.length; i++) {
    const status = fields[i];
    if (status !== 'OK' && status !== 'KO') continue;
    let first = i;
    while (first > 1 && EPOCH_MS.test(fields[first - 1]!)) first--;
    if (i - first < 2) continue;
    return { status, start: Number(fields[first]), end: Number(fields[i - 1]) };
  }
  return undefined;
}

/** Text records hold no control characters but tabs and line ends. */
function isBinary(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return true;
  }
  return false;
}
