/**
 * Raw deflate and inflate of many small inputs through one zlib stream each (see
 * {@link RawDeflater}, {@link RawInflater}).
 * Internal to the zip; not exported from the package.
 */
import {
  constants as zlibConstants,
  createDeflateRaw,
  createInflateRaw,
  deflateRawSync,
  inflateRawSync,
} from 'node:zlib';

/** The parts of a Node zlib stream {@link RawDeflater} uses (Node 20–24 internals). */
export interface ZlibStreamInternals {
  _handle?: {
    writeSync?: (
      flush: number,
      input: Uint8Array,
      inputOffset: number,
      inputLength: number,
      output: Uint8Array,
      outputOffset: number,
      outputLength: number,
    ) => void;
    reset?: () => void;
  } | null;
  _writeState?: unknown;
  destroyed: boolean;
  close: () => void;
}

/**
 * Z_FINISH of `input` into `output` through `stream`'s native handle, synchronously, as
 * `deflateRawSync()` and `inflateRawSync()` do: the number of bytes written, or undefined when
 * the handle is not the expected one, the call failed (an error destroys the stream) or did
 * not finish within `output`.
 */
function finishThroughHandle(
  stream: ZlibStreamInternals,
  input: Uint8Array,
  output: Uint8Array,
): number | undefined {
  const handle = stream._handle;
  const state = stream._writeState;
  if (
    !handle?.writeSync ||
    !handle.reset ||
    !(state instanceof Uint32Array) ||
    state.length < 2 ||
    stream.destroyed
  ) {
    return undefined;
  }
  handle.reset();
  handle.writeSync(zlibConstants.Z_FINISH, input, 0, input.length, output, 0, output.length);
  // state = [output bytes left, input bytes left]; output left over proves the end was reached.
  const [outputLeft, inputLeft] = state;
  if (stream.destroyed || inputLeft !== 0 || outputLeft === undefined || outputLeft === 0) {
    return undefined;
  }
  return output.length - outputLeft;
}

/**
 * Raw deflate of one whole file at a time, through one zlib stream for the whole zip, into
 * one reused output buffer. `deflateRawSync()` makes a zlib stream (and its native state) and
 * a new output buffer per call, and for thousands of files those pile up until the garbage
 * collector frees them. This drives the stream's native handle synchronously, as
 * `deflateRawSync()` itself does; when the handle is not the expected one, or a file does not
 * fit the output buffer, it falls back to `deflateRawSync()`.
 */
export class RawDeflater {
  readonly #level: number;
  readonly #createStream: (level: number) => ZlibStreamInternals;
  #stream: ZlibStreamInternals | undefined;
  #output = Buffer.allocUnsafeSlow(0);

  /** `createStream` is for tests (a stream without the expected internals). */
  constructor(
    level: number,
    createStream = (zlibLevel: number): ZlibStreamInternals =>
      createDeflateRaw({ level: zlibLevel }) as unknown as ZlibStreamInternals,
  ) {
    this.#level = level;
    this.#createStream = createStream;
  }

  /** The compressed bytes of `input`: a view valid until the next call. */
  deflate(input: Buffer): Uint8Array {
    this.#stream ??= this.#createStream(this.#level);
    // zlib's deflateBound() for raw deflate is input + input/4096 + input/16384 + 7 bytes.
    const bound = input.length + (input.length >> 10) + 64;
    if (this.#output.length < bound)
      this.#output = Buffer.allocUnsafeSlow(Math.max(bound, 64 * 1024));
    const length = finishThroughHandle(this.#stream, input, this.#output);
    if (length !== undefined) return this.#output.subarray(0, length);
    return deflateRawSync(input, {
      level: this.#level,
      chunkSize: Math.min(16 * 1024, input.length + 64),
    });
  }

  /** Free zlib's native state. */
  close(): void {
    this.#stream?.close();
    this.#stream = undefined;
  }
}

/**
 * Raw inflate of inputs whose inflated size is known, through one zlib stream, into one
 * reused output buffer: the counterpart of {@link RawDeflater}, for the zip's central records,
 * which are kept deflated in 64 KiB blocks until the directory is written. `inflateRawSync()`
 * would leave a new buffer per block for the garbage collector. Falls back to
 * `inflateRawSync()` like the deflater.
 */
export class RawInflater {
  readonly #createStream: () => ZlibStreamInternals;
  #stream: ZlibStreamInternals | undefined;
  #output = Buffer.allocUnsafeSlow(0);

  /** `createStream` is for tests (a stream without the expected internals). */
  constructor(
    createStream = (): ZlibStreamInternals => createInflateRaw() as unknown as ZlibStreamInternals,
  ) {
    this.#createStream = createStream;
  }

  /** The `size` bytes `input` inflates to: a view valid until the next call. */
  inflate(input: Uint8Array, size: number): Uint8Array {
    this.#stream ??= this.#createStream();
    // One byte to spare: output left over is how the end is told from a full buffer.
    if (this.#output.length < size + 1)
      this.#output = Buffer.allocUnsafeSlow(Math.max(size + 1, 64 * 1024));
    const length = finishThroughHandle(this.#stream, input, this.#output);
    if (length === size) return this.#output.subarray(0, length);
    return inflateRawSync(input);
  }

  /** Free zlib's native state. */
  close(): void {
    this.#stream?.close();
    this.#stream = undefined;
  }
}
