/**
 * A streaming JSON tokenizer for the Cucumber reader: bytes in, structure events out, with
 * the position of every fault. Only the strings the reader asks for are kept (and at most
 * `maxTokenBytes` of them), so a huge embedded screenshot is scanned, never held. Chosen over
 * the npm tokenizers for speed and bounds (see the package README, "Limits").
 */

/** What a tokenizer tells its reader, in document order. */
export interface JsonHandler {
  /** An object or array opens (its key, if any, was given to {@link key} just before). */
  open(kind: 'object' | 'array'): void;
  close(): void;
  /** A key of the current object; return true to be given the string value that follows. */
  key(name: string): boolean;
  /** A scalar; a string not asked for comes as `undefined`. */
  value(value: string | number | boolean | null | undefined): void;
}

/** Why reading stopped before a clean end. */
export interface JsonFault {
  readonly code: 'MALFORMED' | 'TRUNCATED' | 'LIMIT';
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export interface JsonLimits {
  readonly maxDepth: number;
  readonly maxTokenBytes: number;
}

const enum State {
  Value, // a value is expected
  ValueOrClose, // just after '['
  KeyOrClose, // just after '{'
  Key, // after ',' in an object
  Colon,
  AfterValue, // ',' or the container's close
  Done, // the top value is complete: only whitespace may follow
  String,
  Number,
  Literal,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NUMBER_CHARS = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const LITERALS: Record<string, boolean | null> = { true: true, false: false, null: null };

export class JsonTokenizer {
  private state = State.Value;
  /** Open containers: true for an object. */
  private readonly stack: boolean[] = [];
  private fault: JsonFault | undefined;
  private stopped = false;

  // Position of the next byte: line, the offset where it starts, and UTF-8 continuation bytes
  // seen on it (so columns count characters).
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  private continuations = 0;

  // The token being read.
  private tokenLine = 1;
  private tokenColumn = 1;
  private isKey = false;
  private keep = false;
  private escape = 0; // 0 none, 1 after '\', 2..5 reading the hex digits of \uXXXX
  private parts: Uint8Array[] = [];
  private partBytes = 0;
  private scalar = '';
  private keepNext = false;

  constructor(
    private readonly handler: JsonHandler,
    private readonly limits: JsonLimits,
  ) {}

  /** Stop reading (the reader has seen enough); later chunks are ignored. */
  stop(): void {
    this.stopped = true;
  }

  write(chunk: Uint8Array): void {
    if (this.stopped || this.fault) return;
    let i = 0;
    const n = chunk.length;
    while (i < n && !this.stopped && !this.fault) {
      if (this.state === State.String) i = this.readString(chunk, i);
      else {
        const b = chunk[i]!;
        if (this.state === State.Number || this.state === State.Literal) {
          if (this.continuesScalar(b)) {
            this.scalar += String.fromCharCode(b);
            if (this.scalar.length > this.limits.maxTokenBytes) return this.tooLong();
            this.offset++; // number and literal characters are ASCII
            i++;
            continue;
          }
          this.endScalar();
          continue; // the byte that ended the scalar is read again in the new state
        }
        if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) {
          i = this.skipSpace(chunk, i);
          continue;
        }
        this.structural(b);
        if (!this.fault) this.offset++; // structural bytes are ASCII and not newlines
        i++;
      }
    }
  }

  /** The end of the input: the fault that stopped reading, if any. */
  end(): JsonFault | undefined {
    if (this.stopped || this.fault) return this.fault;
    if (this.state === State.Number || this.state === State.Literal) this.endScalar();
    if (this.fault) return this.fault;
    if (this.state !== State.Done) {
      const where =
        this.stack.length > 0 ? 'inside an unclosed object or array' : 'before any value';
      return this.fail('TRUNCATED', `the file ends ${where}`);
    }
    return undefined;
  }

  /** Skips whitespace from `start`, keeping the position; returns the next byte's index. */
  private skipSpace(chunk: Uint8Array, start: number): number {
    let i = start;
    for (; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x0a) {
        this.line++;
        this.lineStart = this.offset + i - start + 1;
        this.continuations = 0;
      } else if (b !== 0x20 && b !== 0x0d && b !== 0x09) break;
    }
    this.offset += i - start;
    return i;
  }

  private structural(b: number): void {
    switch (this.state) {
      case State.Value:
      case State.ValueOrClose:
        if (b === 0x5d && this.state === State.ValueOrClose) return this.close();
        return this.startValue(b);
      case State.KeyOrClose:
      case State.Key:
        if (b === 0x7d && this.state === State.KeyOrClose) return this.close();
        if (b !== QUOTE) return this.unexpected(b, 'a key in quotes');
        return this.startString(true);
      case State.Colon:
        if (b !== 0x3a) return this.unexpected(b, "':'");
        this.state = State.Value;
        return;
      case State.AfterValue: {
        const inObject = this.stack[this.stack.length - 1]!;
        if (b === 0x2c) {
          this.state = inObject ? State.Key : State.Value;
          return;
        }
        if (b === (inObject ? 0x7d : 0x5d)) return this.close();
        return this.unexpected(b, inObject ? "',' or '}'" : "',' or ']'");
      }
      case State.Done:
        return this.unexpected(b, 'the end of the file');
      default:
        return;
    }
  }

  private startValue(b: number): void {
    if (b === 0x7b || b === 0x5b) {
      if (this.stack.length >= this.limits.maxDepth) {
        this.fault = this.here('LIMIT', `nesting deeper than ${this.limits.maxDepth} levels`);
        return;
      }
      const isObject = b === 0x7b;
      this.stack.push(isObject);
      this.state = isObject ? State.KeyOrClose : State.ValueOrClose;
      this.keepNext = false;
      this.handler.open(isObject ? 'object' : 'array');
      return;
    }
    if (b === QUOTE) return this.startString(false);
    this.markToken();
    if (b === 0x2d || (b >= 0x30 && b <= 0x39)) this.state = State.Number;
    else if (b === 0x74 || b === 0x66 || b === 0x6e) this.state = State.Literal;
    else return this.unexpected(b, 'a value');
    this.scalar = String.fromCharCode(b);
  }

  private close(): void {
    this.stack.pop();
    this.handler.close();
    this.afterValue();
  }

  private afterValue(): void {
    this.state = this.stack.length === 0 ? State.Done : State.AfterValue;
    this.keepNext = false;
  }

  private startString(isKey: boolean): void {
    this.markToken();
    this.state = State.String;
    this.isKey = isKey;
    this.keep = isKey || this.keepNext;
    this.escape = 0;
    this.parts = [];
    this.partBytes = 0;
  }

  /** Reads string bytes from `start`; returns where it stopped. */
  private readString(chunk: Uint8Array, start: number): number {
    let i = start;
    const n = chunk.length;
    for (; i < n; i++) {
      const b = chunk[i]!;
      if (this.escape === 0 && b >= 0x20 && b !== QUOTE && b !== BACKSLASH) {
        if ((b & 0xc0) === 0x80) this.continuations++;
        continue; // the common case: a plain character
      }
      if (this.escape === 1) {
        if (b === 0x75) this.escape = 2;
        else if (isSimpleEscape(b)) this.escape = 0;
        else return this.badString(chunk, start, i, 'an invalid escape in a string');
      } else if (this.escape > 1) {
        if (!isHex(b)) return this.badString(chunk, start, i, 'an invalid \\u escape in a string');
        this.escape = this.escape === 5 ? 0 : this.escape + 1;
      } else if (b === BACKSLASH) this.escape = 1;
      else if (b === QUOTE) {
        if (this.keep && this.partBytes + i - start > this.limits.maxTokenBytes) {
          this.tooLong();
          return n;
        }
        this.offset += i + 1 - start;
        this.endString(chunk.subarray(start, i));
        return i + 1;
      } else if (b < 0x20) {
        return this.badString(chunk, start, i, 'a control character in a string');
      }
    }
    this.keepPart(chunk, start, n);
    this.offset += n - start;
    return n;
  }

  private keepPart(chunk: Uint8Array, from: number, to: number): void {
    if (!this.keep || to === from) return;
    this.partBytes += to - from;
    if (this.partBytes > this.limits.maxTokenBytes) return this.tooLong();
    // Copied (a Buffer's slice() would not): the caller may reuse its buffer after write().
    this.parts.push(new Uint8Array(chunk.subarray(from, to)));
  }

  /** The string ends with `last`, its bytes in the current chunk (used at once, not copied). */
  private endString(last: Uint8Array): void {
    const text = this.keep ? decodeString(this.parts, last) : undefined;
    this.parts = [];
    if (this.isKey) {
      this.keepNext = this.handler.key(text ?? '');
      this.state = State.Colon;
    } else {
      this.handler.value(text);
      this.afterValue();
    }
  }

  private continuesScalar(b: number): boolean {
    if (this.state === State.Literal) return b >= 0x61 && b <= 0x7a;
    return (
      (b >= 0x30 && b <= 0x39) || b === 0x2e || b === 0x2d || b === 0x2b || (b | 0x20) === 0x65
    );
  }

  private endScalar(): void {
    const text = this.scalar;
    if (this.state === State.Literal) {
      if (!(text in LITERALS)) return this.failToken(`'${text}' is not a JSON value`);
      this.handler.value(LITERALS[text]!);
    } else {
      if (!NUMBER_CHARS.test(text)) return this.failToken(`'${text}' is not a JSON number`);
      this.handler.value(Number(text));
    }
    this.afterValue();
  }

  private column(): number {
    return this.offset - this.lineStart - this.continuations + 1;
  }

  private markToken(): void {
    this.tokenLine = this.line;
    this.tokenColumn = this.column();
  }

  private badString(chunk: Uint8Array, start: number, i: number, message: string): number {
    this.offset += i - start;
    this.fault = this.here('MALFORMED', message);
    return chunk.length;
  }

  private tooLong(): void {
    this.fault = {
      code: 'LIMIT',
      message: `a token longer than ${this.limits.maxTokenBytes} bytes`,
      line: this.tokenLine,
      column: this.tokenColumn,
    };
  }

  private unexpected(b: number, expected: string): void {
    const found =
      b >= 0x21 && b <= 0x7e ? `'${String.fromCharCode(b)}'` : `byte 0x${b.toString(16)}`;
    this.fault = this.here('MALFORMED', `expected ${expected}, found ${found}`);
  }

  private failToken(message: string): void {
    this.fault = { code: 'MALFORMED', message, line: this.tokenLine, column: this.tokenColumn };
  }

  private fail(code: JsonFault['code'], message: string): JsonFault {
    this.fault = this.here(code, message);
    return this.fault;
  }

  private here(code: JsonFault['code'], message: string): JsonFault {
    return { code, message, line: this.line, column: this.column() };
  }
}

function isSimpleEscape(b: number): boolean {
  // " \ / b f n r t
  return (
    b === 0x22 ||
    b === 0x5c ||
    b === 0x2f ||
    b === 0x62 ||
    b === 0x66 ||
    b === 0x6e ||
    b === 0x72 ||
    b === 0x74
  );
}

function isHex(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66);
}

/** The kept bytes were checked as a JSON string body, so JSON.parse only unescapes them. */
function decodeString(parts: readonly Uint8Array[], last: Uint8Array): string {
  const bytes = parts.length === 0 ? last : Buffer.concat([...parts, last]);
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
}
