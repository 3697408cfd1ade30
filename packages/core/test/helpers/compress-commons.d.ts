// The public API of compress-commons (archiver's zip engine, untyped) that
// zip-format.property.test.ts uses as its oracle. Public members only: nothing `_`-prefixed.
declare module 'compress-commons' {
  import type { Transform } from 'node:stream';

  export class ZipArchiveEntry {
    constructor(name: string);
    setTime(date: Date, forceLocalTime: boolean): void;
    setMethod(method: number): void;
    setUnixMode(mode: number): void;
  }

  /** A Transform whose readable side is the zip; one entry at a time, then `finish()`. */
  export class ZipArchiveOutputStream extends Transform {
    constructor(options: { zlib: { level: number } });
    entry(entry: ZipArchiveEntry, source: Buffer, callback: (error: Error | null) => void): this;
    finish(): void;
  }
}
