// The parts of compress-commons (archiver's zip engine, untyped) that zip-records.test.ts
// uses as its oracle.
declare module 'compress-commons' {
  export class ZipArchiveEntry {
    constructor(name: string);
    setTime(date: Date, forceLocalTime: boolean): void;
    setMethod(method: number): void;
    setUnixMode(mode: number): void;
    setSize(size: number): void;
    setCompressedSize(size: number): void;
    setCrc(crc: number): void;
    getGeneralPurposeBit(): {
      useUTF8ForNames(value: boolean): void;
      useDataDescriptor(value: boolean): void;
    };
  }
  export class ZipArchiveOutputStream {
    constructor(options: { zlib: { level: number } });
    offset: number;
    write: (chunk: Buffer | string) => boolean;
    _normalizeEntry(entry: ZipArchiveEntry): void;
    _writeLocalFileHeader(entry: ZipArchiveEntry): void;
    _writeCentralFileHeader(entry: ZipArchiveEntry): void;
  }
}
