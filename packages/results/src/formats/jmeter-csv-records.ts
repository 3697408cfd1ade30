/**
 * CSV records (RFC 4180: quoted fields may hold the separator, quotes doubled, line breaks)
 * split from a stream of bytes for the JMeter CSV reader. Only the fields the reader asks
 * for are kept, each at most `maxTokenBytes`, so a long failure message is scanned, not held.
 */

/** One record: the kept fields' text, `undefined` for the others. */
export type CsvRecord = readonly (string | undefined)[];

export interface CsvFault {
  readonly code: 'MALFORMED' | 'TRUNCATED' | 'LIMIT';
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export interface CsvOptions {
  readonly separator: number;
  readonly maxTokenBytes: number;
  /** Whether field `index` of the records is kept (all are until it says otherwise). */
  keep(index: number): boolean;
  /** A record, with the line it starts on; return false to stop reading. */
  record(fields: CsvRecord, line: number): boolean;
}

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted, // a quote inside a quoted field: doubled, or the field's end
  AfterCr, // a CR ended a record: an LF right after it belongs to it
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export class CsvRecords {
  private state = State.FieldStart;
  private fields: (string | undefined)[] = [];
  private parts: Uint8Array[] = [];
  private partBytes = 0;
  /** Bytes of the record's fields so far, kept or not (0: a blank line). */
  private recordBytes = 0;
  private keeping = true;
  /** Start, in the current chunk, of the field bytes not yet put in `parts` (-1: none). */
  private segment = -1;
  private line = 1;
  private recordLine = 1;
  private lineStart = 0;
  private offset = 0;
  private fault: CsvFault | undefined;
  private stopped = false;

  constructor(private readonly options: CsvOptions) {}

  write(chunk: Uint8Array): void {
    if (this.stopped || this.fault) return;
    const sep = this.options.separator;
    for (let i = 0; i < chunk.length && !this.stopped && !this.fault; i++) {
      const b = chunk[i]!;
      if (this.state === State.AfterCr) {
        this.state = State.FieldStart;
        if (b === LF) {
          this.newLine(i);
          continue;
        } // else the CR alone ended the record
      }
      switch (this.state) {
        case State.FieldStart:
          if (b === QUOTE) {
            this.state = State.Quoted;
            this.segment = i + 1;
          } else if (b === sep) this.endField(chunk, i);
          else if (b === LF || b === CR) this.endRecord(chunk, i, b);
          else {
            this.state = State.Unquoted;
            this.segment = i;
          }
          break;
        case State.Unquoted:
          if (b === sep) this.endField(chunk, i);
          else if (b === LF || b === CR) this.endRecord(chunk, i, b);
          break;
        case State.Quoted:
          if (b === QUOTE) {
            this.take(chunk, i);
            this.state = State.QuoteInQuoted;
          } else if (b === LF) this.newLine(i);
          break;
        case State.QuoteInQuoted:
          if (b === QUOTE) {
            this.segment = i; // a doubled quote: the second one is the field's character
            this.state = State.Quoted;
          } else if (b === sep) this.endField(chunk, i);
          else if (b === LF || b === CR) this.endRecord(chunk, i, b);
          else this.malformed(i, 'a character after the closing quote of a field');
          break;
      }
    }
    if (this.segment >= 0 && !this.fault) {
      this.take(chunk, chunk.length);
      this.segment = 0; // the field goes on at the next chunk's start
    }
    this.offset += chunk.length;
  }

  /** The end of the input: the last record (if it has no line break) and any fault. */
  end(): CsvFault | undefined {
    if (this.stopped || this.fault) return this.fault;
    if (this.state === State.Quoted) {
      return {
        code: 'TRUNCATED',
        message: 'the file ends inside a quoted field',
        line: this.line,
        column: this.offset - this.lineStart + 1,
      };
    }
    if (this.state !== State.FieldStart || this.fields.length > 0) {
      this.segment = -1;
      this.finishField();
      this.emit();
    }
    return this.fault;
  }

  /** Adds the field bytes from the segment's start to `to` (copied: chunks may be reused). */
  private take(chunk: Uint8Array, to: number): void {
    const from = this.segment;
    this.segment = -1;
    if (from < 0 || to <= from) return;
    this.recordBytes += to - from;
    if (!this.keeping) return;
    this.partBytes += to - from;
    if (this.partBytes > this.options.maxTokenBytes) {
      this.fault = {
        code: 'LIMIT',
        message: `a field longer than ${this.options.maxTokenBytes} bytes`,
        line: this.line,
        column: 1,
      };
      return;
    }
    this.parts.push(new Uint8Array(chunk.subarray(from, to)));
  }

  private endField(chunk: Uint8Array, i: number): void {
    if (this.segment >= 0) this.take(chunk, i);
    this.finishField();
    this.state = State.FieldStart;
  }

  private finishField(): void {
    this.fields.push(this.keeping ? Buffer.concat(this.parts).toString('utf8') : undefined);
    this.parts = [];
    this.partBytes = 0;
    this.keeping = this.options.keep(this.fields.length);
  }

  private endRecord(chunk: Uint8Array, i: number, b: number): void {
    this.endField(chunk, i);
    this.emit();
    if (b === CR) this.state = State.AfterCr;
    else this.newLine(i);
  }

  private emit(): void {
    const fields = this.fields;
    this.fields = [];
    // A blank line is no record.
    if (!this.fault && !(fields.length === 1 && this.recordBytes === 0)) {
      if (!this.options.record(fields, this.recordLine)) this.stopped = true;
    }
    this.keeping = this.options.keep(0);
    this.recordBytes = 0;
  }

  private newLine(i: number): void {
    this.line++;
    this.lineStart = this.offset + i + 1;
    if (this.state === State.FieldStart) this.recordLine = this.line;
  }

  private malformed(i: number, message: string): void {
    const column = this.offset + i - this.lineStart + 1;
    this.fault = { code: 'MALFORMED', message, line: this.line, column };
  }
}
