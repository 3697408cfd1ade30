import { createRequire as __xltvCreateRequire } from 'node:module';
const require = __xltvCreateRequire(import.meta.url);

// ../../packages/core/src/zip/deflate-worker.ts
function deflateWorkerMain(inspection) {
  const { parentPort } = process.getBuiltinModule("node:worker_threads");
  const fs = process.getBuiltinModule("node:fs");
  const zlib = process.getBuiltinModule("node:zlib");
  let readBuffer = Buffer.allocUnsafeSlow(64 * 1024);
  const OUTPUT_CHUNK_BYTES = 1024;
  const inspections = /* @__PURE__ */ new Map();
  const failed = (reason, message, actualSize) => actualSize === void 0 ? { reason, message } : { reason, message, actualSize };
  const readPart = (part, path) => {
    let fd;
    try {
      fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    } catch (error) {
      const code = error.code ?? "EIO";
      return code === "ENOENT" ? failed("vanished", "no such file") : failed(code, String(error));
    }
    try {
      const stats = fs.fstatSync(fd);
      if (!stats.isFile()) return failed("not a regular file", "not a regular file");
      if (stats.size !== part.fileSize) return failed("size", "size changed", stats.size);
      const want = part.length + (part.last ? 1 : 0);
      if (readBuffer.length < want) readBuffer = Buffer.allocUnsafeSlow(want);
      let length = 0;
      while (length < want) {
        const bytesRead = fs.readSync(fd, readBuffer, length, want - length, part.offset + length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > part.length) return failed("grew", "file grew", part.offset + length);
      if (length < part.length) return failed("shrank", "file shrank", part.offset + length);
      return readBuffer.subarray(0, length);
    } catch (error) {
      const code = error.code ?? "EIO";
      return failed(code, String(error));
    } finally {
      fs.closeSync(fd);
    }
  };
  const inspectPart = (part, bytes) => {
    const { entry, name, mtimeMs } = part.inspect;
    if (!inspection) throw new Error("a part to inspect was sent to a worker that cannot inspect");
    let current = inspections.get(entry);
    if (!current) {
      current = inspection(name, new Date(mtimeMs));
      inspections.set(entry, current);
    }
    current.write(bytes);
    if (!part.last) return void 0;
    inspections.delete(entry);
    return current.end();
  };
  const own = (bytes) => bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
  parentPort?.on("message", (job) => {
    const crcs = [];
    const outputs = [];
    const inspected = [];
    for (const part of job.parts) {
      const bytes = part.path === void 0 ? part.bytes ?? new Uint8Array(0) : readPart(part, part.path);
      if (!(bytes instanceof Uint8Array)) {
        if (part.inspect) inspections.delete(part.inspect.entry);
        parentPort.postMessage({
          id: job.id,
          failure: bytes,
          path: part.path
        });
        return;
      }
      crcs.push(zlib.crc32(bytes));
      const output = job.level === 0 ? new Uint8Array(bytes) : own(
        zlib.deflateRawSync(bytes, {
          level: job.level,
          finishFlush: part.last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
          // Output in small pieces from Node's shared buffer pool, not 16 KiB buffers of
          // their own: less memory waits for this thread's collector.
          chunkSize: OUTPUT_CHUNK_BYTES
        })
      );
      outputs.push(output);
      inspected.push(part.inspect ? inspectPart(part, bytes) : void 0);
    }
    const transfer = outputs.map((output) => output.buffer);
    const reply = job.parts.some((part) => part.inspect) ? { id: job.id, crcs, outputs, inspected } : { id: job.id, crcs, outputs };
    parentPort.postMessage(reply, transfer);
  });
}

// ../../packages/results/src/tally.ts
var Tally = class {
  format;
  tests = 0;
  failed = 0;
  errors = 0;
  skipped = 0;
  flaky = 0;
  durationMs;
  earliest;
  latest;
  problems = [];
  constructor(format) {
    this.format = format;
  }
  /** Add a duration in milliseconds (ignores what is not a finite, non-negative number). */
  addDuration(ms) {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.durationMs = (this.durationMs ?? 0) + ms;
  }
  /** Note a timestamp (ignores invalid dates). */
  addTime(time) {
    if (time === void 0) return;
    const date = typeof time === "number" ? new Date(time) : time;
    if (Number.isNaN(date.getTime())) return;
    if (!this.earliest || date < this.earliest) this.earliest = date;
    if (!this.latest || date > this.latest) this.latest = date;
  }
  problem(problem) {
    this.problems.push(problem);
  }
  /** The results; `EMPTY` is added when a recognised file holds no test and no other problem. */
  results() {
    if (this.tests === 0 && this.problems.length === 0) {
      this.problems.push({ code: "EMPTY", message: "no test in the file" });
    }
    return {
      format: this.format,
      tests: this.tests,
      passed: Math.max(0, this.tests - this.failed - this.errors - this.skipped),
      failed: this.failed,
      errors: this.errors,
      skipped: this.skipped,
      flaky: this.flaky,
      durationMs: this.durationMs === void 0 ? void 0 : Math.round(this.durationMs),
      earliest: this.earliest,
      latest: this.latest,
      problems: this.problems
    };
  }
};

// ../../packages/results/src/types.ts
var DEFAULT_LIMITS = { maxDepth: 256, maxTokenBytes: 16 * 1024 * 1024 };

// ../../packages/results/src/formats/cucumber-json.ts
var QUOTE = 34;
var BACKSLASH = 92;
var NUMBER_CHARS = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
var LITERALS = { true: true, false: false, null: null };
var JsonTokenizer = class {
  constructor(handler, limits) {
    this.handler = handler;
    this.limits = limits;
  }
  handler;
  limits;
  state = 0 /* Value */;
  /** Open containers: true for an object. */
  stack = [];
  fault;
  stopped = false;
  // Position of the next byte: line, the offset where it starts, and UTF-8 continuation bytes
  // seen on it (so columns count characters).
  offset = 0;
  line = 1;
  lineStart = 0;
  continuations = 0;
  // The token being read.
  tokenLine = 1;
  tokenColumn = 1;
  isKey = false;
  keep = false;
  escape = 0;
  // 0 none, 1 after '\', 2..5 reading the hex digits of \uXXXX
  parts = [];
  partBytes = 0;
  scalar = "";
  keepNext = false;
  /** Stop reading (the reader has seen enough); later chunks are ignored. */
  stop() {
    this.stopped = true;
  }
  write(chunk) {
    if (this.stopped || this.fault) return;
    let i = 0;
    const n = chunk.length;
    while (i < n && !this.stopped && !this.fault) {
      if (this.state === 7 /* String */) i = this.readString(chunk, i);
      else {
        const b = chunk[i];
        if (this.state === 8 /* Number */ || this.state === 9 /* Literal */) {
          if (this.continuesScalar(b)) {
            this.scalar += String.fromCharCode(b);
            if (this.scalar.length > this.limits.maxTokenBytes) return this.tooLong();
            this.offset++;
            i++;
            continue;
          }
          this.endScalar();
          continue;
        }
        if (b === 32 || b === 10 || b === 13 || b === 9) {
          i = this.skipSpace(chunk, i);
          continue;
        }
        this.structural(b);
        if (!this.fault) this.offset++;
        i++;
      }
    }
  }
  /** The end of the input: the fault that stopped reading, if any. */
  end() {
    if (this.stopped || this.fault) return this.fault;
    if (this.state === 8 /* Number */ || this.state === 9 /* Literal */) this.endScalar();
    if (this.fault) return this.fault;
    if (this.state !== 6 /* Done */) {
      const where = this.stack.length > 0 ? "inside an unclosed object or array" : "before any value";
      return this.fail("TRUNCATED", `the file ends ${where}`);
    }
    return void 0;
  }
  /** Skips whitespace from `start`, keeping the position; returns the next byte's index. */
  skipSpace(chunk, start) {
    let i = start;
    for (; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === 10) {
        this.line++;
        this.lineStart = this.offset + i - start + 1;
        this.continuations = 0;
      } else if (b !== 32 && b !== 13 && b !== 9) break;
    }
    this.offset += i - start;
    return i;
  }
  structural(b) {
    switch (this.state) {
      case 0 /* Value */:
      case 1 /* ValueOrClose */:
        if (b === 93 && this.state === 1 /* ValueOrClose */) return this.close();
        return this.startValue(b);
      case 2 /* KeyOrClose */:
      case 3 /* Key */:
        if (b === 125 && this.state === 2 /* KeyOrClose */) return this.close();
        if (b !== QUOTE) return this.unexpected(b, "a key in quotes");
        return this.startString(true);
      case 4 /* Colon */:
        if (b !== 58) return this.unexpected(b, "':'");
        this.state = 0 /* Value */;
        return;
      case 5 /* AfterValue */: {
        const inObject = this.stack[this.stack.length - 1];
        if (b === 44) {
          this.state = inObject ? 3 /* Key */ : 0 /* Value */;
          return;
        }
        if (b === (inObject ? 125 : 93)) return this.close();
        return this.unexpected(b, inObject ? "',' or '}'" : "',' or ']'");
      }
      case 6 /* Done */:
        return this.unexpected(b, "the end of the file");
      default:
        return;
    }
  }
  startValue(b) {
    if (b === 123 || b === 91) {
      if (this.stack.length >= this.limits.maxDepth) {
        this.fault = this.here("LIMIT", `nesting deeper than ${this.limits.maxDepth} levels`);
        return;
      }
      const isObject = b === 123;
      this.stack.push(isObject);
      this.state = isObject ? 2 /* KeyOrClose */ : 1 /* ValueOrClose */;
      this.keepNext = false;
      this.handler.open(isObject ? "object" : "array");
      return;
    }
    if (b === QUOTE) return this.startString(false);
    this.markToken();
    if (b === 45 || b >= 48 && b <= 57) this.state = 8 /* Number */;
    else if (b === 116 || b === 102 || b === 110) this.state = 9 /* Literal */;
    else return this.unexpected(b, "a value");
    this.scalar = String.fromCharCode(b);
  }
  close() {
    this.stack.pop();
    this.handler.close();
    this.afterValue();
  }
  afterValue() {
    this.state = this.stack.length === 0 ? 6 /* Done */ : 5 /* AfterValue */;
    this.keepNext = false;
  }
  startString(isKey) {
    this.markToken();
    this.state = 7 /* String */;
    this.isKey = isKey;
    this.keep = isKey || this.keepNext;
    this.escape = 0;
    this.parts = [];
    this.partBytes = 0;
  }
  /** Reads string bytes from `start`; returns where it stopped. */
  readString(chunk, start) {
    let i = start;
    const n = chunk.length;
    for (; i < n; i++) {
      const b = chunk[i];
      if (this.escape === 0 && b >= 32 && b !== QUOTE && b !== BACKSLASH) {
        if ((b & 192) === 128) this.continuations++;
        continue;
      }
      if (this.escape === 1) {
        if (b === 117) this.escape = 2;
        else if (isSimpleEscape(b)) this.escape = 0;
        else return this.badString(chunk, start, i, "an invalid escape in a string");
      } else if (this.escape > 1) {
        if (!isHex(b)) return this.badString(chunk, start, i, "an invalid \\u escape in a string");
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
      } else if (b < 32) {
        return this.badString(chunk, start, i, "a control character in a string");
      }
    }
    this.keepPart(chunk, start, n);
    this.offset += n - start;
    return n;
  }
  keepPart(chunk, from, to) {
    if (!this.keep || to === from) return;
    this.partBytes += to - from;
    if (this.partBytes > this.limits.maxTokenBytes) return this.tooLong();
    this.parts.push(new Uint8Array(chunk.subarray(from, to)));
  }
  /** The string ends with `last`, its bytes in the current chunk (used at once, not copied). */
  endString(last) {
    const text = this.keep ? decodeString(this.parts, last) : void 0;
    this.parts = [];
    if (this.isKey) {
      this.keepNext = this.handler.key(text ?? "");
      this.state = 4 /* Colon */;
    } else {
      this.handler.value(text);
      this.afterValue();
    }
  }
  continuesScalar(b) {
    if (this.state === 9 /* Literal */) return b >= 97 && b <= 122;
    return b >= 48 && b <= 57 || b === 46 || b === 45 || b === 43 || (b | 32) === 101;
  }
  endScalar() {
    const text = this.scalar;
    if (this.state === 9 /* Literal */) {
      if (!(text in LITERALS)) return this.failToken(`'${text}' is not a JSON value`);
      this.handler.value(LITERALS[text]);
    } else {
      if (!NUMBER_CHARS.test(text)) return this.failToken(`'${text}' is not a JSON number`);
      this.handler.value(Number(text));
    }
    this.afterValue();
  }
  column() {
    return this.offset - this.lineStart - this.continuations + 1;
  }
  markToken() {
    this.tokenLine = this.line;
    this.tokenColumn = this.column();
  }
  badString(chunk, start, i, message) {
    this.offset += i - start;
    this.fault = this.here("MALFORMED", message);
    return chunk.length;
  }
  tooLong() {
    this.fault = {
      code: "LIMIT",
      message: `a token longer than ${this.limits.maxTokenBytes} bytes`,
      line: this.tokenLine,
      column: this.tokenColumn
    };
  }
  unexpected(b, expected) {
    const found = b >= 33 && b <= 126 ? `'${String.fromCharCode(b)}'` : `byte 0x${b.toString(16)}`;
    this.fault = this.here("MALFORMED", `expected ${expected}, found ${found}`);
  }
  failToken(message) {
    this.fault = { code: "MALFORMED", message, line: this.tokenLine, column: this.tokenColumn };
  }
  fail(code, message) {
    this.fault = this.here(code, message);
    return this.fault;
  }
  here(code, message) {
    return { code, message, line: this.line, column: this.column() };
  }
};
function isSimpleEscape(b) {
  return b === 34 || b === 92 || b === 47 || b === 98 || b === 102 || b === 110 || b === 114 || b === 116;
}
function isHex(b) {
  return b >= 48 && b <= 57 || (b | 32) >= 97 && (b | 32) <= 102;
}
function decodeString(parts, last) {
  const bytes = parts.length === 0 ? last : Buffer.concat([...parts, last]);
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  return raw.includes("\\") ? JSON.parse(`"${raw}"`) : raw;
}

// ../../packages/results/src/formats/cucumber.ts
var SKIPPED = /* @__PURE__ */ new Set(["skipped", "pending", "undefined"]);
var ELEMENT_KEYS = /* @__PURE__ */ new Set(["type", "keyword", "start_timestamp"]);
function createCucumberReader(_path, options) {
  const tally = new Tally();
  const handler = new CucumberHandler(tally);
  const tokenizer = new JsonTokenizer(handler, {
    maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxTokenBytes: options.maxTokenBytes ?? DEFAULT_LIMITS.maxTokenBytes
  });
  handler.stop = () => tokenizer.stop();
  return {
    write: (chunk) => tokenizer.write(chunk),
    end() {
      const fault = tokenizer.end();
      if (fault) tally.problem(fault);
      else if (handler.notCucumber()) {
        tally.format = void 0;
        tally.problem({
          code: "UNKNOWN_FORMAT",
          message: "a JSON file, but not a Cucumber report (an array of features with elements)"
        });
      }
      if (!handler.sawStartTimestamp) tally.addTime(options.mtime);
      return tally.results();
    }
  };
}
var CucumberHandler = class {
  constructor(tally) {
    this.tally = tally;
  }
  tally;
  stop = () => void 0;
  sawStartTimestamp = false;
  frames = [];
  pendingKey;
  topIsObject = false;
  features = 0;
  sawElements = false;
  element;
  background;
  /** Depth of the `result` object being read, inside an element. */
  resultDepth;
  notCucumber() {
    return this.topIsObject || this.features > 0 && !this.sawElements;
  }
  open(kind) {
    const key = this.pendingKey;
    this.pendingKey = void 0;
    this.frames.push({ object: kind === "object", key });
    const depth = this.frames.length;
    if (depth === 1 && kind === "object") {
      this.topIsObject = true;
      this.stop();
    } else if (depth === 2) {
      this.features++;
      this.background = void 0;
    } else if (depth === 3 && key === "elements" && kind === "array" && this.frames[1].object) {
      this.sawElements = true;
      this.tally.format = "cucumber";
    } else if (depth === 4 && kind === "object" && this.frames[2].key === "elements") {
      this.element = { failed: false, skipped: false, durationNs: 0 };
    } else if (this.element && this.resultDepth === void 0 && key === "result" && kind === "object") {
      this.resultDepth = depth;
    }
  }
  close() {
    const depth = this.frames.length;
    if (depth === this.resultDepth) this.resultDepth = void 0;
    if (depth === 4 && this.element) this.endElement(this.element);
    if (depth === 1 && this.features === 0) this.tally.format = "cucumber";
    this.frames.pop();
  }
  key(name) {
    this.pendingKey = name;
    const depth = this.frames.length;
    if (depth === 4 && this.element) return ELEMENT_KEYS.has(name);
    return depth === this.resultDepth && name === "status";
  }
  value(value) {
    const key = this.pendingKey;
    this.pendingKey = void 0;
    const depth = this.frames.length;
    const element = this.element;
    if (depth === 1) this.features++;
    if (!element) return;
    if (depth === 4 && typeof value === "string") {
      if (key === "type") element.type = value;
      else if (key === "keyword") element.keyword = value;
      else if (key === "start_timestamp") element.start = value;
    } else if (depth === this.resultDepth) {
      if (key === "status" && value === "failed") element.failed = true;
      else if (key === "status" && typeof value === "string" && SKIPPED.has(value))
        element.skipped = true;
      else if (key === "duration" && typeof value === "number") element.durationNs += value;
    }
  }
  endElement(element) {
    this.element = void 0;
    const type = element.type ?? (/background/i.test(element.keyword ?? "") ? "background" : "scenario");
    if (type === "background") {
      this.background = { failed: element.failed, skipped: element.skipped };
      this.tally.addDuration(element.durationNs / 1e6);
      return;
    }
    if (type !== "scenario") return;
    const background = this.background;
    this.background = void 0;
    const failed = element.failed || background?.failed === true;
    const skipped = !failed && (element.skipped || background?.skipped === true);
    this.tally.tests++;
    if (failed) this.tally.failed++;
    else if (skipped) this.tally.skipped++;
    this.tally.addDuration(element.durationNs / 1e6);
    if (element.start !== void 0) {
      const time = Date.parse(element.start);
      if (!Number.isNaN(time)) {
        this.sawStartTimestamp = true;
        this.tally.addTime(time);
      }
    }
  }
};

// ../../packages/results/src/formats/gatling.ts
var LF = 10;
var EPOCH_MS = /^\d{12,}$/;
var RECORD_TYPE = /^[A-Z]+$/;
function createGatlingReader(_path, options) {
  const maxTokenBytes = options.maxTokenBytes ?? DEFAULT_LIMITS.maxTokenBytes;
  const tally = new Tally("gatling");
  let parts = [];
  let partBytes = 0;
  let line = 0;
  let done = false;
  const stop = (problem) => {
    tally.problem(problem);
    done = true;
  };
  const readLine = (bytes, last) => {
    line++;
    let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (line === 1) return readFirst(text);
    if (text.trim() === "") return;
    const fields = text.split("	");
    const type = fields[0];
    if (!RECORD_TYPE.test(type) || fields.length < 2) {
      return stop({
        code: "MALFORMED",
        message: "a line that is not a Gatling record",
        line,
        column: 1
      });
    }
    if (type === "RUN") return tally.addTime(runStart(fields));
    if (type !== "REQUEST") return;
    const request = requestOf(fields);
    if (!request) {
      return stop({
        code: last ? "TRUNCATED" : "MALFORMED",
        message: last ? "the file ends inside a REQUEST record" : "a REQUEST record without start, end and OK/KO status",
        line,
        column: 1
      });
    }
    tally.tests++;
    if (request.status === "KO") tally.failed++;
    tally.addDuration(request.end - request.start);
    tally.addTime(request.start);
    tally.addTime(request.end);
  };
  const readFirst = (text) => {
    const fields = text.replace(/^\uFEFF/, "").split("	");
    if (fields[0] === "RUN") return tally.addTime(runStart(fields));
    if (fields[0] === "ASSERTION") return;
    tally.format = void 0;
    stop({
      code: "UNKNOWN_FORMAT",
      message: isBinary(text) ? "a binary simulation.log (newer Gatling): only Gatling's text simulation.log is read" : "not a Gatling simulation.log: it does not start with a RUN record"
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
            readFirst(Buffer.concat([...parts, chunk.subarray(from, to)]).toString("latin1"));
          if (!done)
            stop({
              code: "LIMIT",
              message: `a line longer than ${maxTokenBytes} bytes`,
              line: line + 1,
              column: 1
            });
          return;
        }
        if (newline < 0) {
          if (to > from) parts.push(new Uint8Array(chunk.subarray(from, to)));
          return;
        }
        const bytes = parts.length === 0 ? chunk.subarray(from, to) : Buffer.concat([...parts, chunk.subarray(from, to)]);
        parts = [];
        partBytes = 0;
        readLine(bytes, false);
        from = newline + 1;
      }
    },
    end() {
      if (!done && (partBytes > 0 || line === 0)) readLine(Buffer.concat(parts), true);
      return tally.results();
    }
  };
}
function runStart(fields) {
  const start = fields.find((field) => EPOCH_MS.test(field));
  return start === void 0 ? void 0 : Number(start);
}
function requestOf(fields) {
  for (let i = 3; i < fields.length; i++) {
    const status = fields[i];
    if (status !== "OK" && status !== "KO") continue;
    let first = i;
    while (first > 1 && EPOCH_MS.test(fields[first - 1])) first--;
    if (i - first < 2) continue;
    return { status, start: Number(fields[first]), end: Number(fields[i - 1]) };
  }
  return void 0;
}
function isBinary(text) {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 && code !== 9 && code !== 10 && code !== 13) return true;
  }
  return false;
}

// ../../packages/results/src/formats/jmeter-csv-records.ts
var QUOTE2 = 34;
var LF2 = 10;
var CR = 13;
var CsvRecords = class {
  constructor(options) {
    this.options = options;
  }
  options;
  state = 0 /* FieldStart */;
  fields = [];
  parts = [];
  partBytes = 0;
  /** Bytes of the record's fields so far, kept or not (0: a blank line). */
  recordBytes = 0;
  keeping = true;
  /** Start, in the current chunk, of the field bytes not yet put in `parts` (-1: none). */
  segment = -1;
  line = 1;
  recordLine = 1;
  lineStart = 0;
  offset = 0;
  fault;
  stopped = false;
  write(chunk) {
    if (this.stopped || this.fault) return;
    const sep = this.options.separator;
    for (let i = 0; i < chunk.length && !this.stopped && !this.fault; i++) {
      const b = chunk[i];
      if (this.state === 4 /* AfterCr */) {
        this.state = 0 /* FieldStart */;
        if (b === LF2) {
          this.newLine(i);
          continue;
        }
      }
      switch (this.state) {
        case 0 /* FieldStart */:
          if (b === QUOTE2) {
            this.state = 2 /* Quoted */;
            this.segment = i + 1;
          } else if (b === sep) this.endField(chunk, i);
          else if (b === LF2 || b === CR) this.endRecord(chunk, i, b);
          else {
            this.state = 1 /* Unquoted */;
            this.segment = i;
          }
          break;
        case 1 /* Unquoted */:
          if (b === sep) this.endField(chunk, i);
          else if (b === LF2 || b === CR) this.endRecord(chunk, i, b);
          break;
        case 2 /* Quoted */:
          if (b === QUOTE2) {
            this.take(chunk, i);
            this.state = 3 /* QuoteInQuoted */;
          } else if (b === LF2) this.newLine(i);
          break;
        case 3 /* QuoteInQuoted */:
          if (b === QUOTE2) {
            this.segment = i;
            this.state = 2 /* Quoted */;
          } else if (b === sep) this.endField(chunk, i);
          else if (b === LF2 || b === CR) this.endRecord(chunk, i, b);
          else this.malformed(i, "a character after the closing quote of a field");
          break;
      }
    }
    if (this.segment >= 0 && !this.fault) {
      this.take(chunk, chunk.length);
      this.segment = 0;
    }
    this.offset += chunk.length;
  }
  /** The end of the input: the last record (if it has no line break) and any fault. */
  end() {
    if (this.stopped || this.fault) return this.fault;
    if (this.state === 2 /* Quoted */) {
      return {
        code: "TRUNCATED",
        message: "the file ends inside a quoted field",
        line: this.line,
        column: this.offset - this.lineStart + 1
      };
    }
    if (this.state !== 0 /* FieldStart */ || this.fields.length > 0) {
      this.segment = -1;
      this.finishField();
      this.emit();
    }
    return this.fault;
  }
  /** Adds the field bytes from the segment's start to `to` (copied: chunks may be reused). */
  take(chunk, to) {
    const from = this.segment;
    this.segment = -1;
    if (from < 0 || to <= from) return;
    this.recordBytes += to - from;
    if (!this.keeping) return;
    this.partBytes += to - from;
    if (this.partBytes > this.options.maxTokenBytes) {
      this.fault = {
        code: "LIMIT",
        message: `a field longer than ${this.options.maxTokenBytes} bytes`,
        line: this.line,
        column: 1
      };
      return;
    }
    this.parts.push(new Uint8Array(chunk.subarray(from, to)));
  }
  endField(chunk, i) {
    if (this.segment >= 0) this.take(chunk, i);
    this.finishField();
    this.state = 0 /* FieldStart */;
  }
  finishField() {
    this.fields.push(this.keeping ? Buffer.concat(this.parts).toString("utf8") : void 0);
    this.parts = [];
    this.partBytes = 0;
    this.keeping = this.options.keep(this.fields.length);
  }
  endRecord(chunk, i, b) {
    this.endField(chunk, i);
    this.emit();
    if (b === CR) this.state = 4 /* AfterCr */;
    else this.newLine(i);
  }
  emit() {
    const fields = this.fields;
    this.fields = [];
    if (!this.fault && !(fields.length === 1 && this.recordBytes === 0)) {
      if (!this.options.record(fields, this.recordLine)) this.stopped = true;
    }
    this.keeping = this.options.keep(0);
    this.recordBytes = 0;
  }
  newLine(i) {
    this.line++;
    this.lineStart = this.offset + i + 1;
    if (this.state === 0 /* FieldStart */) this.recordLine = this.line;
  }
  malformed(i, message) {
    const column = this.offset + i - this.lineStart + 1;
    this.fault = { code: "MALFORMED", message, line: this.line, column };
  }
};

// ../../packages/results/src/formats/jmeter-csv.ts
var SEPARATORS = [",", ";", "	", "|"];
function createJmeterCsvReader(_path, options) {
  const maxTokenBytes = options.maxTokenBytes ?? DEFAULT_LIMITS.maxTokenBytes;
  const tally = new Tally("jmeter-csv");
  let columns;
  let head = [];
  let headBytes = 0;
  let records;
  const record = (fields, line) => {
    if (!columns) {
      columns = columnsOf(fields);
      if (columns) return true;
      tally.format = void 0;
      tally.problem({ code: "UNKNOWN_FORMAT", message: "a CSV file without a success column" });
      return false;
    }
    const success = fields[columns.success]?.trim().toLowerCase();
    if (success !== "true" && success !== "false") {
      tally.problem({
        code: "MALFORMED",
        message: success === void 0 ? `a sample with ${fields.length} fields where the header names ${columns.count}` : `a sample whose success is '${success}', not true or false`,
        line,
        column: 1
      });
      return false;
    }
    tally.tests++;
    if (success === "false") tally.failed++;
    const elapsed = fields[columns.elapsed];
    if (elapsed !== void 0 && elapsed.trim() !== "") tally.addDuration(Number(elapsed));
    tally.addTime(timeOf(fields[columns.timeStamp]));
    return true;
  };
  const start = (separator) => new CsvRecords({
    separator,
    maxTokenBytes,
    keep: (index) => !columns || index === columns.success || index === columns.timeStamp || index === columns.elapsed,
    record
  });
  return {
    write(chunk) {
      if (records) return records.write(chunk);
      head.push(new Uint8Array(chunk));
      headBytes += chunk.length;
      const newline = chunk.indexOf(10);
      if (newline < 0 && headBytes <= maxTokenBytes) return;
      records = start(separatorOf(Buffer.concat(head)));
      for (const part of head) records.write(part);
      head = [];
    },
    end() {
      if (!records) {
        records = start(separatorOf(Buffer.concat(head)));
        for (const part of head) records.write(part);
        head = [];
      }
      const fault = records.end();
      if (fault) tally.problem(fault);
      return tally.results();
    }
  };
}
function separatorOf(bytes) {
  const text = bytes.toString("utf8");
  const newline = text.indexOf("\n");
  const firstLine = newline < 0 ? text : text.slice(0, newline);
  let best = ",";
  let most = 0;
  for (const candidate of SEPARATORS) {
    const count = firstLine.split(candidate).length - 1;
    if (count > most) {
      best = candidate;
      most = count;
    }
  }
  return best.charCodeAt(0);
}
function columnsOf(header) {
  const names = header.map((name) => (name ?? "").trim().toLowerCase());
  const success = names.indexOf("success");
  if (success < 0) return void 0;
  return {
    count: names.length,
    success,
    timeStamp: names.indexOf("timestamp"),
    elapsed: names.indexOf("elapsed")
  };
}
function timeOf(value) {
  const text = value?.trim();
  if (!text) return void 0;
  if (/^\d+$/.test(text)) return Number(text);
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?$/.exec(text);
  if (m) {
    const [, y, mo, d, h, mi, s, ms] = m.map(Number);
    return Date.UTC(y, mo - 1, d, h, mi, s || 0, ms || 0);
  }
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? void 0 : parsed;
}

// ../../packages/results/src/formats/xml/values.ts
var TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
function parseTimestamp(value) {
  if (value === void 0) return void 0;
  const text = value.trim().replace(/\s+[A-Z]{2,5}$/, (zone2) => /UTC|GMT/i.test(zone2) ? zone2 : "");
  const match = TIMESTAMP.exec(text);
  if (!match) return void 0;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const ms = fraction === void 0 ? 0 : Math.round(Number(`0.${fraction}`) * 1e3);
  let time = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second ?? 0),
    ms
  );
  const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone ?? "");
  if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
    time -= (offset[1] === "-" ? -1 : 1) * minutes * 6e4;
  }
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? void 0 : date;
}
function parseFitnesseFileTime(path) {
  const match = /(?:^|[/\\])(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_\d+_\d+_\d+_\d+\.xml$/i.exec(
    path
  );
  if (!match) return void 0;
  return parseTimestamp(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}`);
}
function parseSeconds(value) {
  const seconds = parseNumber(value, true);
  return seconds === void 0 ? void 0 : seconds * 1e3;
}
function parseMillis(value) {
  return parseNumber(value, false);
}
function parseTimeSpan(value) {
  const match = /^(?:(\d+)\.)?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value?.trim() ?? "");
  if (!match) return void 0;
  const [, days, hours, minutes, seconds] = match;
  return ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 6e4 + Number(seconds) * 1e3;
}
function parseCount(value) {
  if (value === void 0 || !/^\s*\d+\s*$/.test(value)) return void 0;
  return Number(value);
}
function parseNumber(value, thousands) {
  if (value === void 0) return void 0;
  let text = value.trim();
  if (thousands && /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, "");
  if (!/^\d+(\.\d*)?([eE][+-]?\d+)?$|^\.\d+$/.test(text)) return void 0;
  const number = Number(text);
  return Number.isFinite(number) ? number : void 0;
}

// ../../packages/results/src/formats/xml/fitnesse.ts
var COUNTS = /* @__PURE__ */ new Set(["right", "wrong", "ignores", "exceptions"]);
function createFitnesseReader(tally, path) {
  let page;
  let inCounts = false;
  let field;
  tally.addTime(parseFitnesseFileTime(path));
  return {
    open(name, _attributes, depth) {
      if (depth === 2 && name === "result") page = /* @__PURE__ */ new Map();
      else if (page && depth === 3 && name === "counts") inCounts = true;
      else if (page && (inCounts && depth === 4 && COUNTS.has(name) || depth === 3 && name === "runTimeInMillis")) {
        field = { name, depth, text: "" };
      }
    },
    text(text, depth) {
      if (field && depth === field.depth) field.text += text;
    },
    close(name, depth) {
      if (field && depth === field.depth) {
        const value = field.name === "runTimeInMillis" ? parseMillis(field.text) : parseCount(field.text);
        if (value !== void 0) page?.set(field.name, value);
        field = void 0;
      } else if (inCounts && depth === 3) inCounts = false;
      else if (page && depth === 2 && name === "result") {
        countPage(page);
        page = void 0;
      }
    },
    finish() {
    }
  };
  function countPage(counts) {
    const get = (name) => counts.get(name) ?? 0;
    tally.tests += 1;
    if (get("wrong") > 0) tally.failed += 1;
    else if (get("exceptions") > 0) tally.errors += 1;
    else if (get("ignores") > 0 && get("right") === 0) tally.skipped += 1;
    const ms = counts.get("runTimeInMillis");
    if (ms !== void 0) tally.addDuration(ms);
  }
}

// ../../packages/results/src/formats/xml/jmeter-xml.ts
function createJmeterXmlReader(tally) {
  return {
    open(name, attributes, depth) {
      if (depth !== 2 || name !== "httpSample" && name !== "sample") return;
      tally.tests += 1;
      if (attributes.s === "false") tally.failed += 1;
      const ms = parseMillis(attributes.t);
      if (ms !== void 0) tally.addDuration(ms);
      const at = parseMillis(attributes.ts);
      if (at !== void 0) tally.addTime(at);
    },
    close() {
    },
    finish() {
    }
  };
}

// ../../packages/results/src/formats/xml/stated-totals.ts
var StatedTotals = class {
  first;
  others = 0;
  /** Compare the totals `where` (e.g. `testsuite "Foo"`) states with what it holds. */
  compare(where, totals) {
    const differ = totals.filter(([, stated, actual]) => {
      const count = parseCount(stated);
      return count !== void 0 && count !== actual;
    });
    if (differ.length === 0) return;
    if (this.first !== void 0) {
      this.others += 1;
      return;
    }
    const said = differ.map(([name, stated]) => `${name}=${String(stated).trim()}`).join(" ");
    const found = differ.map(([name, , actual]) => `${name}=${actual}`).join(" ");
    this.first = `${where} states ${said} but holds ${found}`;
  }
  report(tally) {
    if (this.first === void 0) return;
    const more = this.others === 0 ? "" : ` (and ${this.others} more that differ)`;
    tally.problem({ code: "COUNT_MISMATCH", message: `${this.first}${more}` });
  }
};

// ../../packages/results/src/formats/xml/junit.ts
var RERUNS = /* @__PURE__ */ new Set(["flakyFailure", "flakyError", "rerunFailure", "rerunError"]);
function createJunitReader(tally) {
  const suites = [];
  const stated = new StatedTotals();
  let testCase;
  return {
    open(name, attributes, depth) {
      if (testCase) {
        if (depth !== testCase.depth + 1) return;
        if (name === "failure") testCase.failure = true;
        else if (name === "error") testCase.error = true;
        else if (name === "skipped") testCase.skipped = true;
        else if (RERUNS.has(name)) testCase.rerun = true;
        return;
      }
      if (name === "testsuite" || name === "testsuites") {
        tally.addTime(parseTimestamp(attributes.timestamp));
        const label = attributes.name === void 0 ? name : `${name} "${attributes.name}"`;
        suites.push({
          depth,
          where: label,
          attributes,
          tests: 0,
          failures: 0,
          errors: 0,
          skipped: 0
        });
      } else if (name === "testcase") {
        const ms = parseSeconds(attributes.time);
        testCase = { depth, failure: false, error: false, skipped: false, rerun: false, ms };
      }
    },
    close(_name, depth) {
      if (testCase && depth === testCase.depth) {
        count(outcomeOf(testCase), testCase.rerun);
        if (testCase.ms !== void 0) tally.addDuration(testCase.ms);
        testCase = void 0;
        return;
      }
      const suite = suites.at(-1);
      if (suite && depth === suite.depth) {
        suites.pop();
        const { attributes: a } = suite;
        stated.compare(suite.where, [
          ["tests", a.tests, suite.tests],
          ["failures", a.failures, suite.failures],
          ["errors", a.errors, suite.errors],
          ["skipped", a.skipped, suite.skipped]
        ]);
      }
    },
    finish() {
      stated.report(tally);
    }
  };
  function count(outcome, rerun) {
    tally.tests += 1;
    if (outcome === "failed") tally.failed += 1;
    else if (outcome === "errors") tally.errors += 1;
    else if (outcome === "skipped") tally.skipped += 1;
    else if (rerun) tally.flaky += 1;
    for (const suite of suites) {
      suite.tests += 1;
      if (outcome === "failed") suite.failures += 1;
      else if (outcome === "errors") suite.errors += 1;
      else if (outcome === "skipped") suite.skipped += 1;
    }
  }
}
function outcomeOf(testCase) {
  if (testCase.failure) return "failed";
  if (testCase.error) return "errors";
  if (testCase.skipped) return "skipped";
  return "passed";
}

// ../../packages/results/src/formats/xml/nunit.ts
function createNunitReader(tally) {
  const stated = new StatedTotals();
  let run = {};
  return {
    open(name, attributes, depth) {
      if (depth === 1) {
        run = attributes;
        tally.addTime(parseTimestamp(attributes["start-time"]));
      }
      if (name !== "test-case") return;
      tally.tests += 1;
      const result = attributes.result?.toLowerCase();
      if (result === "failed") tally.failed += 1;
      else if (result === "skipped" || result === "inconclusive") tally.skipped += 1;
      tally.addTime(parseTimestamp(attributes["start-time"]));
      const ms = parseSeconds(attributes.duration);
      if (ms !== void 0) tally.addDuration(ms);
    },
    close() {
    },
    finish() {
      stated.compare("test-run", [
        ["total", run.total, tally.tests],
        ["failed", run.failed, tally.failed]
      ]);
      stated.report(tally);
    }
  };
}

// ../../packages/results/src/formats/xml/testng.ts
function createTestngReader(tally) {
  const stated = new StatedTotals();
  let root = {};
  return {
    open(name, attributes, depth) {
      if (depth === 1) root = attributes;
      if (name === "suite" || name === "test")
        tally.addTime(parseTimestamp(attributes["started-at"]));
      if (name !== "test-method" || attributes["is-config"] === "true") return;
      tally.tests += 1;
      const status = attributes.status?.toUpperCase();
      if (status === "FAIL") tally.failed += 1;
      else if (status === "SKIP") tally.skipped += 1;
      tally.addTime(parseTimestamp(attributes["started-at"]));
      const ms = parseMillis(attributes["duration-ms"]);
      if (ms !== void 0) tally.addDuration(ms);
    },
    close() {
    },
    finish() {
      const passed = tally.tests - tally.failed - tally.skipped;
      stated.compare("testng-results", [
        ["total", root.total, tally.tests],
        ["passed", root.passed, passed],
        ["failed", root.failed, tally.failed],
        ["skipped", root.skipped, tally.skipped]
      ]);
      stated.report(tally);
    }
  };
}

// ../../packages/results/src/formats/xml/trx.ts
var FAILED = /* @__PURE__ */ new Set(["failed", "error", "timeout", "aborted"]);
function createTrxReader(tally) {
  const stated = new StatedTotals();
  let resultDepth;
  let passed = 0;
  let counters;
  return {
    open(name, attributes, depth) {
      if (name === "Times" && depth === 2) tally.addTime(parseTimestamp(attributes.start));
      else if (name === "Counters") counters = attributes;
      else if (name === "UnitTestResult" && resultDepth === void 0) {
        resultDepth = depth;
        tally.tests += 1;
        const outcome = attributes.outcome?.toLowerCase();
        if (outcome === "passed") passed += 1;
        else if (outcome !== void 0 && FAILED.has(outcome)) tally.failed += 1;
        else tally.skipped += 1;
        const ms = parseTimeSpan(attributes.duration);
        if (ms !== void 0) tally.addDuration(ms);
      }
    },
    close(_name, depth) {
      if (depth === resultDepth) resultDepth = void 0;
    },
    finish() {
      if (counters) {
        stated.compare("ResultSummary/Counters", [
          ["total", counters.total, tally.tests],
          ["passed", counters.passed, passed]
        ]);
      }
      stated.report(tally);
    }
  };
}

// ../../packages/results/src/formats/xml/root.ts
var TEAMTEST_2010 = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
function formatOfRoot(name, attributes, path) {
  const colon = name.indexOf(":");
  const local = name.slice(colon + 1);
  switch (local) {
    case "testsuite":
    case "testsuites":
      return "junit";
    case "testng-results":
      return "testng";
    case "test-run":
      return "nunit";
    case "TestRun": {
      const xmlns = colon < 0 ? "xmlns" : `xmlns:${name.slice(0, colon)}`;
      return attributes[xmlns]?.trim() === TEAMTEST_2010 ? "trx" : void 0;
    }
    case "testResults":
      return path.split(/[\\/]/).includes("FitNesseRoot") ? "fitnesse" : "jmeter-xml";
    default:
      return void 0;
  }
}
function createFormatReader(format, tally, path) {
  switch (format) {
    case "junit":
      return createJunitReader(tally);
    case "testng":
      return createTestngReader(tally);
    case "trx":
      return createTrxReader(tally);
    case "nunit":
      return createNunitReader(tally);
    case "jmeter-xml":
      return createJmeterXmlReader(tally);
    case "fitnesse":
      return createFitnesseReader(tally, path);
    default:
      return void 0;
  }
}

// ../../packages/results/src/formats/xml/entities.ts
function isXmlChar(cp) {
  return cp === 9 || cp === 10 || cp === 13 || cp >= 32 && cp <= 55295 || cp >= 57344 && cp <= 65533 || cp >= 65536 && cp <= 1114111;
}
function resolveReference(body) {
  switch (body) {
    case "lt":
      return "<";
    case "gt":
      return ">";
    case "amp":
      return "&";
    case "quot":
      return '"';
    case "apos":
      return "'";
  }
  if (body.charCodeAt(0) !== 35) return void 0;
  let cp = NaN;
  if (/^#x[0-9a-fA-F]+$/.test(body)) cp = parseInt(body.slice(2), 16);
  else if (/^#[0-9]+$/.test(body)) cp = parseInt(body.slice(1), 10);
  return isXmlChar(cp) ? String.fromCodePoint(cp) : void 0;
}

// ../../packages/results/src/formats/xml/declaration.ts
var QUESTION = 63;
var GT = 62;
var EQUALS = 61;
var DQUOTE = 34;
var SQUOTE = 39;
var isSpace = (c) => c === 32 || c === 10 || c === 9 || c === 13;
var DECLARATION = [
  ["version", /^1\.[0-9]+$/],
  ["encoding", /^[A-Za-z][A-Za-z0-9._-]*$/],
  ["standalone", /^(yes|no)$/]
];
function xmlDeclaration(text, from, limit) {
  let next = 0;
  let i = from;
  const at = (k) => k < limit ? text.charCodeAt(k) : -1;
  for (; ; ) {
    let c2 = at(i);
    if (c2 === QUESTION) break;
    if (c2 < 0) return void 0;
    if (!isSpace(c2)) return -1 - i;
    while (isSpace(c2)) c2 = at(++i);
    if (c2 === QUESTION) break;
    const nameAt = i;
    while (c2 >= 0 && c2 !== QUESTION && c2 !== EQUALS && !isSpace(c2)) c2 = at(++i);
    if (c2 < 0) return void 0;
    if (c2 === QUESTION) return -1 - i;
    const name = text.slice(nameAt, i);
    let expected = next;
    while (expected < DECLARATION.length && DECLARATION[expected][0] !== name) expected++;
    if (expected === DECLARATION.length || next === 0 && expected !== 0) return -1 - i;
    while (isSpace(c2)) c2 = at(++i);
    if (c2 !== EQUALS) return c2 < 0 ? void 0 : -1 - i;
    c2 = at(++i);
    while (isSpace(c2)) c2 = at(++i);
    if (c2 !== DQUOTE && c2 !== SQUOTE) return c2 < 0 ? void 0 : -1 - i;
    const valueAt = i + 1;
    const quote = c2;
    do
      c2 = at(++i);
    while (c2 >= 0 && c2 !== quote && c2 !== QUESTION);
    if (c2 !== quote) return c2 < 0 ? void 0 : -1 - i;
    if (!DECLARATION[expected][1].test(text.slice(valueAt, i))) return -1 - i;
    next = expected + 1;
    i++;
  }
  const c = at(i + 1);
  if (c !== GT) return c < 0 ? void 0 : -1 - (i + 1);
  return next === 0 ? -1 - (i + 1) : i + 2;
}

// ../../packages/results/src/formats/xml/doctype.ts
var OUT = 0;
var QUOTE_OUT = 1;
var SUBSET = 2;
var QUOTE_SUBSET = 3;
var LT_SEEN = 4;
var BANG_SEEN = 5;
var BANG_DASH = 6;
var COMMENT = 7;
var COMMENT_DASH = 8;
var COMMENT_END = 9;
var PI = 10;
var PI_END = 11;
var LT = 60;
var GT2 = 62;
var BANG = 33;
var QUESTION2 = 63;
var DQUOTE2 = 34;
var SQUOTE2 = 39;
var DASH = 45;
var LBRACKET = 91;
var RBRACKET = 93;
function startDoctypeScan() {
  return { state: OUT, quote: 0 };
}
function doctypeEnd(text, from, limit, scan) {
  let { state, quote } = scan;
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    switch (state) {
      case OUT:
        if (c === GT2) return i;
        if (c === LBRACKET) state = SUBSET;
        else if (c === DQUOTE2 || c === SQUOTE2) {
          state = QUOTE_OUT;
          quote = c;
        }
        break;
      case QUOTE_OUT:
        if (c === quote) state = OUT;
        break;
      case SUBSET:
        if (c === RBRACKET) state = OUT;
        else if (c === LT) state = LT_SEEN;
        else if (c === DQUOTE2 || c === SQUOTE2) {
          state = QUOTE_SUBSET;
          quote = c;
        }
        break;
      case QUOTE_SUBSET:
        if (c === quote) state = SUBSET;
        break;
      case LT_SEEN:
        state = c === BANG ? BANG_SEEN : c === QUESTION2 ? PI : SUBSET;
        break;
      case BANG_SEEN:
        state = c === DASH ? BANG_DASH : SUBSET;
        break;
      case BANG_DASH:
        state = c === DASH ? COMMENT : SUBSET;
        break;
      case COMMENT:
        if (c === DASH) state = COMMENT_DASH;
        break;
      case COMMENT_DASH:
        state = c === DASH ? COMMENT_END : COMMENT;
        break;
      case COMMENT_END:
        if (c !== GT2) return -1 - i;
        state = SUBSET;
        break;
      case PI:
        if (c === QUESTION2) state = PI_END;
        break;
      default:
        if (c === GT2) state = SUBSET;
    }
  }
  scan.state = state;
  scan.quote = quote;
  return void 0;
}

// ../../packages/results/src/formats/xml/names.ts
var ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = c >= 65 && c <= 90 || c >= 97 && c <= 122;
  if (letter || c === 58 || c === 95) ASCII[c] = 3;
  else if (c >= 48 && c <= 57 || c === 45 || c === 46) ASCII[c] = 2;
}
function isNameStart(cp) {
  if (cp < 128) return (ASCII[cp] & 1) !== 0;
  return cp >= 192 && cp <= 214 || cp >= 216 && cp <= 246 || cp >= 248 && cp <= 767 || cp >= 880 && cp <= 893 || cp >= 895 && cp <= 8191 || cp === 8204 || cp === 8205 || cp >= 8304 && cp <= 8591 || cp >= 11264 && cp <= 12271 || cp >= 12289 && cp <= 55295 || cp >= 63744 && cp <= 64975 || cp >= 65008 && cp <= 65533 || cp >= 65536 && cp <= 983039;
}
function isNameChar(cp) {
  if (cp < 128) return ASCII[cp] !== 0;
  return isNameStart(cp) || cp === 183 || cp >= 768 && cp <= 879 || cp === 8255 || cp === 8256;
}
function nameCharsEnd(text, from, limit) {
  let i = from;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (ASCII[c] === 0) return i;
      i++;
    } else if (c >= 55296 && c <= 56319) {
      if (i + 1 >= limit || !isNameChar(text.codePointAt(i))) return i;
      i += 2;
    } else {
      if (!isNameChar(c)) return i;
      i++;
    }
  }
  return i;
}
function isName(text) {
  return text.length > 0 && isNameStart(text.codePointAt(0)) && nameCharsEnd(text, 0, text.length) === text.length;
}

// ../../packages/results/src/formats/xml/tokenizer.ts
function createXmlTokenizer(events) {
  return new Tokenizer(events);
}
var TEXT = 0;
var TAG = 1;
var CDATA = 2;
var COMMENT2 = 3;
var PI2 = 4;
var DOCTYPE = 5;
var DEAD = 6;
var NEXT_LT = 0;
var NEXT_AMP = 1;
var NEXT_LF = 2;
var NEXT_TAB = 3;
var NEXT_CR = 4;
var NEXT_SEARCHED = ["<", "&", "\n", "	", "\r"];
var SCAN_TAG = 0;
var SCAN_NAME = 1;
var SCAN_DECLARATION = 2;
var PIECE = 64 * 1024;
var NEED = -1;
var ERROR = -2;
var CR2 = 13;
var LT2 = 60;
var GT3 = 62;
var AMP = 38;
var SEMI = 59;
var SLASH = 47;
var BANG2 = 33;
var QUESTION3 = 63;
var EQUALS2 = 61;
var DQUOTE3 = 34;
var SQUOTE3 = 39;
var DASH2 = 45;
var HASH = 35;
var LBRACKET2 = 91;
var DISALLOWED = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/g;
var LOW_SURROGATE = /[\uDC00-\uDFFF]/g;
var isSpace2 = (c) => c === 32 || c === 10 || c === 9 || c === 13;
var newlines = (text) => text.indexOf("\r") < 0 ? text : text.replace(/\r\n?/g, "\n");
var attributeSpaces = (text) => /[\t\n\r]/.test(text) ? text.replace(/\r\n|[\t\n\r]/g, " ") : text;
function disallowedAt(text, from) {
  DISALLOWED.lastIndex = from;
  for (let match = DISALLOWED.exec(text); match; match = DISALLOWED.exec(text)) {
    const at = match.index;
    const c = text.charCodeAt(at);
    const next = text.charCodeAt(at + 1);
    if (c > 56319 || c < 55296 || !(next >= 56320 && next <= 57343)) return at;
    DISALLOWED.lastIndex = at + 2;
  }
  return -1;
}
var Tokenizer = class {
  constructor(events) {
    this.events = events;
  }
  events;
  /** Unconsumed input: from the token being read (or a kept tail) to the end of the last write. */
  buf = "";
  /** Where reading resumes in `buf`; everything before it is consumed. */
  pos = 0;
  /** Where reading must stop in `buf`: its end, or a disallowed character. */
  lim = 0;
  /** Index in `buf` of a disallowed character, reported once everything before it is read. */
  badAt = -1;
  /** Stream offset of `buf[0]`, of the token being read, and of the end of the input. */
  base = 0;
  tokenStart = 0;
  fed = 0;
  /** A high surrogate at the end of a write, held until its other half arrives. */
  carry = "";
  started = false;
  docStart = 0;
  mode = TEXT;
  open = [];
  sawRoot = false;
  sawDoctype = false;
  wanted = true;
  /** Character data read but not yet reported (only while text is wanted). */
  text = "";
  /** The expansion of the reference just read. */
  refValue = "";
  // Resumable scans of a token split across writes, as offsets from `pos`: rather than read
  // it again on every write, its end is looked for in what each write adds.
  scanning = false;
  scanKind = SCAN_TAG;
  resume = 0;
  quote = 0;
  doctypeScan = startDoctypeScan();
  piReserved = false;
  // The next `<`, `&`, line end or tab at or after some point of `buf` (`buf.length` when
  // none), by NEXT_*: one search serves every text run and attribute value until it is passed.
  nextAt = [-1, -1, -1, -1, -1];
  cdEndAt = -1;
  /** The start of a long token being read, in pieces before `buf` (`pos` is then negative). */
  held = [];
  heldLength = 0;
  // Position of `buf[counted]`: lines are counted lazily, over what is consumed.
  counted = 0;
  line = 1;
  column = 0;
  prevCR = false;
  get dead() {
    return this.mode === DEAD;
  }
  wantText(wanted) {
    this.wanted = wanted;
  }
  pendingChars() {
    return this.fed - this.tokenStart;
  }
  write(chunk) {
    if (this.mode === DEAD) return;
    this.fed += chunk.length;
    let text = this.carry === "" ? chunk : this.carry + chunk;
    this.carry = "";
    const last = text.charCodeAt(text.length - 1);
    if (last >= 55296 && last <= 56319) {
      this.carry = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text.length === 0) return;
    this.append(text);
    this.run("disallowed character");
  }
  end() {
    if (this.mode === DEAD) return;
    if (this.carry !== "") {
      const lone = this.carry;
      this.carry = "";
      this.append(lone);
      this.run("disallowed character");
      if (this.mode === DEAD) return;
    }
    this.unhold();
    const { buf, pos } = this;
    const inMarkup = buf.charCodeAt(pos) === LT2 || buf.charCodeAt(pos) === AMP;
    if (this.mode !== TEXT || inMarkup) this.finish(buf.length, "unexpected end of the file");
    else if (!this.sawRoot) this.fail("no root element", buf.length);
    else if (this.open.length > 0) this.fail("unclosed element", buf.length);
  }
  // ---- input --------------------------------------------------------------------------
  /** Drops what is consumed, adds `text`, and finds the first disallowed character in it. */
  append(text) {
    this.countLines(this.pos);
    const holding = this.scanning || this.mode === DOCTYPE;
    if (this.heldLength > 0 || holding && this.buf.length - this.pos >= PIECE) {
      const piece = this.heldLength > 0 ? this.buf : this.buf.slice(this.pos);
      this.held.push(piece);
      this.heldLength += piece.length;
      this.base += this.buf.length;
      this.pos -= this.buf.length;
      this.counted -= this.buf.length;
      this.buf = text;
    } else {
      const keep = this.pos === 0 ? this.buf : this.buf.slice(this.pos);
      this.base += this.pos;
      this.counted -= this.pos;
      this.pos = 0;
      this.buf = keep.length === 0 ? text : keep + text;
    }
    this.nextAt.fill(-1);
    this.cdEndAt = -1;
    const bad = disallowedAt(text, 0);
    this.badAt = bad < 0 ? -1 : this.buf.length - text.length + bad;
    this.lim = bad < 0 ? this.buf.length : this.badAt;
    if (!this.started) {
      this.started = true;
      if (this.buf.charCodeAt(0) === 65279) this.pos = this.docStart = this.tokenStart = 1;
    }
  }
  /** Puts the pieces of a long token back in front of `buf`; returns how far `buf` moved. */
  unhold() {
    const shift = this.heldLength;
    if (shift === 0) return 0;
    this.held.push(this.buf);
    this.buf = this.held.join("");
    this.held = [];
    this.heldLength = 0;
    this.base -= shift;
    this.pos += shift;
    this.counted += shift;
    this.lim += shift;
    if (this.badAt >= 0) this.badAt += shift;
    this.nextAt.fill(-1);
    this.cdEndAt = -1;
    return shift;
  }
  /** Whether the end of the token being scanned for has arrived (then it is whole in `buf`). */
  scanned() {
    const { buf, pos, lim } = this;
    const from = Math.max(0, pos + this.resume);
    let found;
    switch (this.scanKind) {
      case SCAN_TAG:
        if (!this.tagEndIn()) return false;
        this.unhold();
        return true;
      case SCAN_NAME:
        found = nameCharsEnd(buf, from, lim) < lim;
        break;
      default: {
        let end = lim;
        for (const c of ["?", "<", ">"]) {
          const at = buf.indexOf(c, from);
          if (at >= 0 && at < end) end = at;
        }
        found = end + 1 < lim;
      }
    }
    if (!found) {
      this.resume = Math.max(this.resume, lim - pos - 1);
      return false;
    }
    this.scanning = false;
    this.unhold();
    return true;
  }
  /** Waits for more input to finish the token at `pos`, scanning from `pos + resume`. */
  scanFor(kind, resume) {
    this.scanning = true;
    this.scanKind = kind;
    this.resume = resume;
    return false;
  }
  /** Reads tokens until the input runs out; a disallowed character ends it as an error. */
  run(message) {
    for (; ; ) {
      if (this.scanning && this.mode === TEXT && !this.scanned()) break;
      let more;
      switch (this.mode) {
        case TEXT:
          more = this.stepText();
          break;
        case TAG:
          more = this.stepTag();
          break;
        case CDATA:
          more = this.stepCdata();
          break;
        case COMMENT2:
          more = this.stepComment();
          break;
        case PI2:
          more = this.stepPi();
          break;
        case DOCTYPE:
          more = this.stepDoctype();
          break;
        default:
          return;
      }
      if (!more) break;
    }
    if (!this.dead && this.badAt >= 0) this.finish(this.badAt, message);
  }
  /** No more input past `at`: an error inside the token being read, or `message` at `at`. */
  finish(at, message) {
    at += this.unhold();
    this.nextAt.fill(-1);
    if (this.mode === TAG && this.parseTag(this.pos) === ERROR) return;
    this.fail(message, at);
  }
  /** Reports an error at `buf[at]` and stops reading for good. */
  fail(message, at) {
    at += this.unhold();
    this.countLines(at);
    this.mode = DEAD;
    this.buf = this.text = "";
    this.events.error(message, this.line, this.column + 1);
    return ERROR;
  }
  /** {@link fail} for the steps, which answer whether to read on. */
  failed(message, at) {
    this.fail(message, at);
    return false;
  }
  /** Counts lines and columns (in code points) up to `buf[to]`; `\r\n` and a lone `\r` end one line. */
  countLines(to) {
    const { buf, counted: from } = this;
    if (to <= from) return;
    let lastEnd = -1;
    for (let n = buf.indexOf("\n", from); n >= 0 && n < to; n = buf.indexOf("\n", n + 1)) {
      const afterCR = n > from ? buf.charCodeAt(n - 1) === CR2 : this.prevCR;
      if (!afterCR) this.line++;
      lastEnd = n;
    }
    for (let r = buf.indexOf("\r", from); r >= 0 && r < to; r = buf.indexOf("\r", r + 1)) {
      this.line++;
      if (r > lastEnd) lastEnd = r;
    }
    if (lastEnd >= 0) this.column = codePoints(buf, lastEnd + 1, to);
    else this.column += codePoints(buf, from, to);
    this.prevCR = buf.charCodeAt(to - 1) === CR2;
    this.counted = to;
  }
  /** The token being read ended just before `buf[end]`. */
  done(end) {
    this.pos = end;
    this.tokenStart = this.base + end;
    this.mode = TEXT;
    return true;
  }
  /** The index of the next NEXT_SEARCHED[`which`] at or after `from`, searches going forward. */
  next(which, from) {
    const { nextAt } = this;
    if (nextAt[which] < from) {
      const at = this.buf.indexOf(NEXT_SEARCHED[which], from);
      nextAt[which] = at < 0 ? this.buf.length : at;
    }
    return nextAt[which];
  }
  // ---- character data -----------------------------------------------------------------
  /** Text up to the next `<`, then the markup it starts. */
  stepText() {
    const { lim, pos } = this;
    const lt = this.next(NEXT_LT, pos);
    const end = lt < lim ? lt : lim;
    if (end > pos) {
      const read = this.open.length > 0 ? this.checkText(pos, end, end === lim) : this.outside(pos, end);
      if (read < 0) return false;
      if (read < end || end === lim) {
        this.pos = read;
        return false;
      }
    }
    if (end === lim) return false;
    this.pos = lt;
    this.tokenStart = this.base + lt;
    if (this.text !== "" && this.open.length > 0) {
      const text = this.text;
      this.text = "";
      this.events.text(text);
    }
    return this.markup(lt);
  }
  /** Outside the root element only white space may appear between markup. */
  outside(from, end) {
    const { buf } = this;
    for (let i = from; i < end; i++) {
      if (!isSpace2(buf.charCodeAt(i))) return this.fail("text outside the root element", i);
    }
    return end;
  }
  /**
   * Checks text in `buf[from, to)` (references, no `]]>`) and keeps it if wanted. Returns
   * where reading stopped: `to`, or earlier when the text may go on in the next write.
   */
  checkText(from, to, open) {
    const { buf } = this;
    if (this.cdEndAt < from) {
      const at = buf.indexOf("]]>", from);
      this.cdEndAt = at < 0 ? buf.length : at;
    }
    const cdEnd = this.cdEndAt + 2 < to ? this.cdEndAt + 2 : -1;
    const stop = cdEnd >= 0 ? cdEnd : to;
    let segment = from;
    for (let amp = this.next(NEXT_AMP, from); amp < stop; amp = this.next(NEXT_AMP, segment)) {
      const semi = this.reference(amp, stop, open && cdEnd < 0);
      if (semi === ERROR) return ERROR;
      if (semi === NEED) {
        if (this.wanted) this.text += newlines(buf.slice(segment, amp));
        this.scanFor(SCAN_NAME, to - amp);
        return amp;
      }
      if (this.wanted) this.text += newlines(buf.slice(segment, amp)) + this.refValue;
      segment = semi + 1;
    }
    if (cdEnd >= 0) return this.fail("']]>' in text", cdEnd);
    const read = open ? this.tail(segment, to) : to;
    if (this.wanted && read > segment) this.text += newlines(buf.slice(segment, read));
    return read;
  }
  /** Where to stop reading open character data: before a possible `]]>` or `\r\n` split. */
  tail(from, to) {
    let keep = Math.max(from, to - 2);
    if (keep > from && this.buf.charCodeAt(keep - 1) === CR2) keep--;
    return keep;
  }
  /**
   * The reference at `buf[amp]` (`&name;`, `&#n;`, `&#xh;`) ending before `stop`: the index of
   * its `;` with its expansion in `refValue`, NEED when `open` and it reaches `stop`, or ERROR.
   */
  reference(amp, stop, open) {
    const { buf } = this;
    let end = amp + 1;
    if (end < stop && buf.charCodeAt(end) === HASH) {
      end++;
      while (end < stop && isAlphanumeric(buf.charCodeAt(end))) end++;
    } else {
      end = nameCharsEnd(buf, end, stop);
    }
    if (end >= stop && open) return NEED;
    if (end >= stop || buf.charCodeAt(end) !== SEMI) {
      return this.fail("'&' that does not start a reference ending in ';'", end);
    }
    const body = buf.slice(amp + 1, end);
    const value = resolveReference(body);
    if (value === void 0) {
      if (body === "") return this.fail("empty reference", end);
      return this.fail(isName(body) ? "undefined entity" : "malformed character reference", end);
    }
    this.refValue = value;
    return end;
  }
  stepCdata() {
    const { buf, pos, lim } = this;
    const end = buf.indexOf("]]>", pos);
    if (end < 0 || end + 2 >= lim) {
      const read = this.tail(pos, lim);
      if (this.wanted) this.text += newlines(buf.slice(pos, read));
      this.pos = read;
      return false;
    }
    if (this.wanted) {
      const text = this.text + newlines(buf.slice(pos, end));
      this.text = "";
      if (text !== "") this.events.text(text);
    }
    return this.done(end + 3);
  }
  // ---- markup -------------------------------------------------------------------------
  /** What the `<` at `buf[lt]` starts; false when its first characters have not arrived. */
  markup(lt) {
    const { buf, lim } = this;
    if (lt + 1 >= lim) return false;
    const c = buf.charCodeAt(lt + 1);
    if (c === SLASH || isNameStart(c < 128 ? c : buf.codePointAt(lt + 1))) {
      this.mode = TAG;
      this.scanning = false;
      return this.stepTag();
    }
    if (c === QUESTION3) return this.processingInstruction(lt);
    if (c !== BANG2) return this.failed("'<' not followed by a name", lt + 1);
    if (lt + 2 >= lim) return false;
    const c2 = buf.charCodeAt(lt + 2);
    const keyword = c2 === DASH2 ? "<!--" : c2 === LBRACKET2 ? "<![CDATA[" : "<!DOCTYPE";
    for (let i = lt + 2; i < lt + keyword.length; i++) {
      if (i >= lim) return false;
      if (buf.charCodeAt(i) !== keyword.charCodeAt(i - lt)) {
        return this.failed("'<!' that starts no comment, CDATA section or DOCTYPE", i);
      }
    }
    if (c2 === DASH2) {
      this.mode = COMMENT2;
      this.pos = lt + 4;
      return true;
    }
    if (c2 === LBRACKET2) {
      if (this.open.length === 0) return this.failed("CDATA outside the root element", lt + 8);
      this.mode = CDATA;
      this.pos = lt + 9;
      return true;
    }
    if (this.sawRoot || this.sawDoctype) return this.failed("misplaced DOCTYPE", lt + 8);
    this.mode = DOCTYPE;
    this.doctypeScan = startDoctypeScan();
    this.resume = 9;
    return this.stepDoctype();
  }
  /** A start or end tag at `pos`, parsed once all of it is in. */
  stepTag() {
    if (this.scanning && !this.scanned()) return false;
    const end = this.parseTag(this.pos);
    if (end === ERROR) return false;
    if (end === NEED) {
      if (!this.scanning) {
        this.scanFor(SCAN_TAG, 1);
        this.quote = 0;
        this.tagEndIn();
      }
      return false;
    }
    this.scanning = false;
    return this.done(end);
  }
  /** Whether the tag being read has its `>` (or a stray `<`) in `buf` by now. */
  tagEndIn() {
    const { buf, pos, lim } = this;
    let q = this.quote;
    for (let i = pos + this.resume; i < lim; i++) {
      const c = buf.charCodeAt(i);
      if (c === LT2) return true;
      if (q !== 0) {
        if (c === q) q = 0;
      } else if (c === GT3) return true;
      else if (c === DQUOTE3 || c === SQUOTE3) q = c;
    }
    this.resume = lim - pos;
    this.quote = q;
    return false;
  }
  parseTag(lt) {
    return this.buf.charCodeAt(lt + 1) === SLASH ? this.endTag(lt) : this.startTag(lt);
  }
  /** `<name attr="value" …>` or `…/>` at `buf[lt]`: the index past it, NEED or ERROR. */
  startTag(lt) {
    const { buf, lim } = this;
    let i = nameCharsEnd(buf, lt + 1, lim);
    if (i >= lim) return NEED;
    const name = buf.slice(lt + 1, i);
    if (this.sawRoot && this.open.length === 0) return this.fail("a second root element", i);
    const attributes = new Attributes();
    let duplicate = false;
    let afterValue = false;
    let selfClosing = false;
    for (; ; ) {
      let c = buf.charCodeAt(i);
      let spaced = false;
      while (isSpace2(c)) {
        spaced = true;
        if (++i >= lim) return NEED;
        c = buf.charCodeAt(i);
      }
      if (c === GT3) break;
      if (c === SLASH) {
        if (i + 1 >= lim) return NEED;
        if (buf.charCodeAt(i + 1) !== GT3) return this.fail("'/' not followed by '>'", i + 1);
        selfClosing = true;
        i++;
        break;
      }
      if (!spaced || !isNameStart(c < 128 ? c : buf.codePointAt(i))) {
        const nameStart = isNameStart(c < 128 ? c : buf.codePointAt(i));
        if (afterValue && nameStart) return this.fail("no white space between attributes", i);
        return this.fail(afterValue || spaced ? "bad attribute name" : "bad tag name", i);
      }
      const nameAt = i;
      i = nameCharsEnd(buf, i, lim);
      if (i >= lim) return NEED;
      const attribute = buf.slice(nameAt, i);
      c = buf.charCodeAt(i);
      while (isSpace2(c)) {
        if (++i >= lim) return NEED;
        c = buf.charCodeAt(i);
      }
      if (c !== EQUALS2) return this.fail("attribute without a value", i);
      do {
        if (++i >= lim) return NEED;
        c = buf.charCodeAt(i);
      } while (isSpace2(c));
      if (c !== DQUOTE3 && c !== SQUOTE3) return this.fail("unquoted attribute value", i);
      const close = buf.indexOf(c === DQUOTE3 ? '"' : "'", i + 1);
      const closed = close >= 0 && close < lim;
      const value = this.attributeValue(i + 1, closed ? close : lim, !closed);
      if (value === void 0) return this.mode === DEAD ? ERROR : NEED;
      if (attributes[attribute] !== void 0) duplicate = true;
      attributes[attribute] = value;
      i = close + 1;
      if (i >= lim) return NEED;
      afterValue = true;
    }
    if (duplicate) return this.fail("duplicate attribute", i);
    this.sawRoot = true;
    this.open.push(name);
    this.events.open(name, attributes);
    if (selfClosing) this.closeElement(name);
    return i + 1;
  }
  /** The value in `buf[from, to)` expanded and normalised; undefined on an error or NEED. */
  attributeValue(from, to, open) {
    const { buf } = this;
    const lt = this.next(NEXT_LT, from);
    const stop = lt < to ? lt : to;
    let value = "";
    let segment = from;
    for (let amp = this.next(NEXT_AMP, from); amp < stop; amp = this.next(NEXT_AMP, segment)) {
      const semi = this.reference(amp, stop, open && lt >= to);
      if (semi < 0) return void 0;
      value += attributeSpaces(buf.slice(segment, amp)) + this.refValue;
      segment = semi + 1;
    }
    if (lt < to) {
      this.fail("'<' in an attribute value", lt);
      return void 0;
    }
    if (open) return void 0;
    const spaced = this.next(NEXT_LF, segment) < to || this.next(NEXT_TAB, segment) < to || this.next(NEXT_CR, segment) < to;
    const rest = spaced ? attributeSpaces(buf.slice(segment, to)) : buf.slice(segment, to);
    return segment === from ? rest : value + rest;
  }
  /** `</name>` at `buf[lt]`: it must close the element open last. */
  endTag(lt) {
    const { buf, lim } = this;
    const at = lt + 2;
    let i = nameCharsEnd(buf, at, lim);
    if (i >= lim) return NEED;
    const length = i - at;
    let c = buf.charCodeAt(i);
    while (isSpace2(c)) {
      if (++i >= lim) return NEED;
      c = buf.charCodeAt(i);
    }
    if (c !== GT3) return this.fail("bad end tag", i);
    if (length === 0) return this.fail("end tag without a name", i);
    const current = this.open[this.open.length - 1];
    if (current === void 0) return this.fail("end tag without a start tag", i);
    if (current.length !== length || !buf.startsWith(current, at)) {
      return this.fail("end tag does not match the start tag", i);
    }
    this.closeElement(current);
    return i + 1;
  }
  closeElement(name) {
    this.open.pop();
    this.events.close(name);
  }
  /** `<!-- … -->`: `--` may appear only in its end. Nothing of it is kept. */
  stepComment() {
    const { buf, pos, lim } = this;
    const dashes = buf.indexOf("--", pos);
    if (dashes < 0 || dashes + 2 >= lim) {
      this.pos = dashes >= 0 && dashes < lim ? dashes : Math.max(pos, lim - 1);
      return false;
    }
    if (buf.charCodeAt(dashes + 2) !== GT3) return this.failed("'--' inside a comment", dashes + 2);
    return this.done(dashes + 3);
  }
  /** `<?target …?>`; `<?xml …?>` is the XML declaration, allowed only at the very start. */
  processingInstruction(lt) {
    const { buf, lim } = this;
    const first = lt + 2;
    if (first >= lim) return this.scanFor(SCAN_NAME, 2);
    const c = buf.charCodeAt(first);
    if (!isNameStart(c < 128 ? c : buf.codePointAt(first))) {
      return this.failed("processing instruction without a target", first);
    }
    const end = nameCharsEnd(buf, first, lim);
    if (end >= lim) return this.scanFor(SCAN_NAME, end - lt);
    const after = buf.charCodeAt(end);
    if (after !== QUESTION3 && !isSpace2(after)) {
      return this.failed("bad processing instruction target", end);
    }
    const target = buf.slice(first, end);
    if (target !== "xml") {
      this.piReserved = target.toLowerCase() === "xml";
      this.mode = PI2;
      this.pos = end;
      return true;
    }
    if (this.base + lt !== this.docStart) {
      return this.failed("XML declaration not at the start of the file", end);
    }
    const declared = xmlDeclaration(buf, end, lim);
    if (declared === void 0) return this.scanFor(SCAN_DECLARATION, end - lt);
    if (declared < 0) return this.failed("bad XML declaration", -declared - 1);
    return this.done(declared);
  }
  stepPi() {
    const { buf, pos, lim } = this;
    const close = buf.indexOf("?>", pos);
    if (close < 0 || close + 1 >= lim) {
      this.pos = Math.max(pos, lim - 1);
      return false;
    }
    if (this.piReserved) return this.failed("reserved processing instruction target", close + 1);
    return this.done(close + 2);
  }
  /** `<!DOCTYPE …>` up to its end ({@link doctypeEnd}); its body is reported. */
  stepDoctype() {
    const { buf, pos, lim } = this;
    const end = doctypeEnd(buf, pos + this.resume, lim, this.doctypeScan);
    if (end === void 0) {
      this.resume = lim - pos;
      return false;
    }
    if (end < 0) return this.failed("'--' inside a comment", -end - 1);
    const shift = this.unhold();
    this.sawDoctype = true;
    this.events.doctype(newlines(this.buf.slice(this.pos + 9, end + shift)));
    return this.done(end + shift + 1);
  }
};
var Attributes = function() {
};
Attributes.prototype = /* @__PURE__ */ Object.create(null);
var isAlphanumeric = (c) => c >= 48 && c <= 57 || c >= 65 && c <= 90 || c >= 97 && c <= 122;
function codePoints(text, from, to) {
  let count = to - from;
  LOW_SURROGATE.lastIndex = from;
  for (let m = LOW_SURROGATE.exec(text); m && m.index < to; m = LOW_SURROGATE.exec(text)) count--;
  return count;
}

// ../../packages/results/src/formats/xml.ts
var SLICE_BYTES = 64 * 1024;
function createXmlReader(path, options) {
  const maxDepth = options.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  const maxTokenBytes = options.maxTokenBytes ?? DEFAULT_LIMITS.maxTokenBytes;
  const tally = new Tally();
  const decoder = new TextDecoder("utf-8");
  const open = [];
  let format;
  let stopped = false;
  let complete = false;
  let ending = false;
  const stop = (problem) => {
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
          code: "LIMIT",
          message: `elements nest deeper than ${maxDepth}; the rest was not read`
        });
        return;
      }
      if (depth === 1) {
        tally.format = formatOfRoot(name, attributes, path);
        format = tally.format && createFormatReader(tally.format, tally, path);
        if (!format) {
          stop({
            code: "UNKNOWN_FORMAT",
            message: `no test result format has the root element <${name}>`
          });
          return;
        }
        tokenizer.wantText(format.text !== void 0);
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
      if (/<!ENTITY/i.test(body)) {
        stop({
          code: "LIMIT",
          message: "the file declares XML entities, which are not expanded; it was not read"
        });
      }
    },
    error(message, line, column) {
      if (ending) {
        const inside = open.length > 0 ? `inside <${open.at(-1)}>` : "before its root element closed";
        stop({ code: "TRUNCATED", message: `the file ends ${inside}` });
      } else {
        stop({ code: "MALFORMED", message: `not well-formed XML: ${message}`, line, column });
      }
    }
  });
  tokenizer.wantText(false);
  const feed = (text) => {
    tokenizer.write(text);
    if (tokenizer.pendingChars() > maxTokenBytes) {
      stop({
        code: "LIMIT",
        message: `a text, attribute or tag is longer than ${maxTokenBytes} bytes; the rest was not read`
      });
    }
  };
  const guarded2 = (step) => {
    try {
      step();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      stop({ code: "MALFORMED", message: `not readable as XML: ${reason}` });
    }
  };
  return {
    write(chunk) {
      for (let start = 0; start < chunk.length && !stopped; start += SLICE_BYTES) {
        const slice = chunk.subarray(start, start + SLICE_BYTES);
        guarded2(() => feed(decoder.decode(slice, { stream: true })));
      }
    },
    end() {
      if (!stopped) {
        guarded2(() => {
          feed(decoder.decode());
          ending = true;
          if (!stopped) tokenizer.end();
        });
      }
      if (complete && !stopped) format?.finish();
      return tally.results();
    }
  };
}
function localName(name) {
  return name.slice(name.indexOf(":") + 1);
}

// ../../packages/results/src/inspect.ts
var HEAD_BYTES = 4096;
function createInspector(path, options = {}) {
  return guarded(dispatch(path, options));
}
function guarded(inspector) {
  let failure;
  let failed = false;
  const fail = (error) => {
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
      tally.problem({ code: "MALFORMED", message: `the file could not be read: ${reason}` });
      return tally.results();
    }
  };
}
function dispatch(path, options) {
  const head = [];
  let headBytes = 0;
  let reader;
  let unknown = false;
  const decide = (chunk, atEnd) => {
    const bytes = head.length === 0 ? chunk : Buffer.concat([...head, chunk]);
    const kind = kindOf(path, bytes, atEnd);
    if (kind === void 0 && !atEnd && headBytes + chunk.length < HEAD_BYTES) return false;
    if (kind === void 0) unknown = true;
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
      head.push(new Uint8Array(chunk));
      headBytes += chunk.length;
    },
    end() {
      if (!reader && !unknown) {
        if (headBytes === 0 || isBlank(Buffer.concat(head))) return emptyFile();
        decide(new Uint8Array(0), true);
      }
      if (reader) return reader.end();
      const tally = new Tally();
      tally.problem({
        code: "UNKNOWN_FORMAT",
        message: "not a test result format XL TestView reads"
      });
      return tally.results();
    }
  };
}
function readerOf(kind, path, options) {
  switch (kind) {
    case "xml":
      return createXmlReader(path, options);
    case "json":
      return createCucumberReader(path, options);
    case "gatling":
      return createGatlingReader(path, options);
    case "jmeter-csv":
      return createJmeterCsvReader(path, options);
  }
}
function kindOf(path, bytes, atEnd) {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, HEAD_BYTES)).toString("utf8").replace(/^\uFEFF/, "");
  const start = text.trimStart();
  if (start.startsWith("<")) return "xml";
  if (start.startsWith("[") || start.startsWith("{")) return "json";
  if (/^(RUN|ASSERTION)\t/.test(start) || /(^|\/)simulation\.log$/i.test(path)) return "gatling";
  const newline = start.search(/\r?\n/);
  if (newline < 0 && !atEnd) return void 0;
  const firstLine = newline < 0 ? start : start.slice(0, newline);
  if (/(^|[,;\t|])"?success"?([,;\t|]|$)/i.test(firstLine)) return "jmeter-csv";
  return void 0;
}
function isBlank(bytes) {
  return Buffer.from(bytes).toString("utf8").replace(/^\uFEFF/, "").trim() === "";
}
function emptyFile() {
  const tally = new Tally();
  tally.problem({ code: "EMPTY", message: "the file is empty" });
  return tally.results();
}

// ../../packages/core/src/zip/inspection.ts
function startInspection(name, mtime) {
  return createInspector(name, { mtime });
}

// ../../packages/core/src/zip/worker.ts
deflateWorkerMain(startInspection);
