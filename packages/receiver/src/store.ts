/**
 * Accepted imports: kept in memory (records) with their zips in a temporary directory, or
 * under a data directory where each import is a folder with `import.json` and `results.zip`
 * that the next run reads back. Also the run keys used for de-duplication.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ResultsSummary } from '@xltv/results';
import type { PartHeader } from './multipart.js';
import type { PartRole } from './upload-body.js';

/** A result file of a stored import. */
export interface StoredEntry {
  /** Entry name in the zip. */
  readonly path: string;
  readonly size: number;
  /** sha256 of the content, lowercase hex. */
  readonly sha256: string;
  /** CRC-32 of the content (verified against the zip's). */
  readonly crc32: number;
}

/** The request an import arrived in. */
export interface StoredRequest {
  readonly method: string;
  /** Path and query as sent (still percent-encoded). */
  readonly path: string;
  readonly httpVersion: string;
  /** Request headers, names lower-cased; `authorization` keeps only its scheme. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  /** The Basic user name, when the request carried credentials. */
  readonly user?: string;
  /** How the body was framed. */
  readonly transfer: 'chunked' | 'content-length';
  readonly contentLength?: number;
  /** Whether the client asked `Expect: 100-continue`. */
  readonly expectContinue: boolean;
  /** Body bytes read. */
  readonly bodyBytes: number;
}

/** The multipart framing of an import. */
export interface StoredMultipart {
  readonly boundary: string;
  readonly preambleBytes: number;
  readonly epilogueBytes: number;
  readonly parts: readonly {
    readonly index: number;
    readonly role: PartRole;
    readonly headers: readonly PartHeader[];
    readonly bytes: number;
  }[];
}

/** Where an import went. */
export interface ImportTarget {
  readonly testSpecificationId: string;
  readonly projectId: string;
}

/** One accepted import, as listed by `GET /imports` and `Receiver.imports`. */
export interface StoredImport {
  readonly id: string;
  /** 1, 2, 3… in order of acceptance (continues across restarts with a data directory). */
  readonly sequence: number;
  /** ISO 8601 time of acceptance. */
  readonly receivedAt: string;
  readonly endpoint: 'internal' | 'v1';
  readonly target: ImportTarget;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The metadata part exactly as received (UTF-8). */
  readonly metadataText: string;
  readonly request: StoredRequest;
  readonly multipart: StoredMultipart;
  readonly zip: { readonly size: number; readonly sha256: string };
  readonly entries: readonly StoredEntry[];
  /**
   * What the result files hold, as far as the specification's tool reads them (absent when
   * the receiver does not read results).
   */
  readonly results?: ResultsSummary;
  readonly testRunIds: readonly string[];
}

/** A stored import plus where its zip lies on disk. */
export interface StoredImportWithFile extends StoredImport {
  /** Absolute path of the stored zip (in memory mode: removed by `close()`). */
  readonly zipFile: string;
}

/** The fields of a new import the caller provides. */
export type NewImport = Omit<StoredImport, 'id' | 'sequence' | 'receivedAt' | 'testRunIds'>;

/**
 * The run key of a result file: sha256 of its path, a NUL and its content's sha256. An upload
 * whose files all have known run keys (for the same test specification) is a duplicate.
 */
export function runKey(entry: Pick<StoredEntry, 'path' | 'sha256'>): string {
  return createHash('sha256').update(`${entry.path}\u0000${entry.sha256}`).digest('hex');
}

/** The accepted imports of one receiver. */
export class ImportStore {
  /** The data directory, or undefined in memory mode. */
  readonly dataDir: string | undefined;
  private readonly root: string;
  private readonly records: StoredImportWithFile[] = [];
  private readonly keysBySpec = new Map<string, Set<string>>();
  private stagingCounter = 0;

  private constructor(root: string, dataDir: string | undefined) {
    this.root = root;
    this.dataDir = dataDir;
  }

  /** Open (and read back) a data directory, or make a temporary one for memory mode. */
  static async open(dataDir: string | undefined): Promise<ImportStore> {
    const root =
      dataDir === undefined
        ? await mkdtemp(path.join(os.tmpdir(), 'xltv-receiver-'))
        : path.resolve(dataDir);
    const store = new ImportStore(root, dataDir === undefined ? undefined : root);
    await mkdir(path.join(root, 'imports'), { recursive: true });
    // Uploads cut short by a previous run's end leave partial files here.
    await rm(path.join(root, 'staging'), { recursive: true, force: true });
    await mkdir(path.join(root, 'staging'), { recursive: true });
    if (dataDir !== undefined) await store.readBack();
    return store;
  }

  /** A fresh path for an incoming zip, on the same file system as the store. */
  stagingFile(): string {
    this.stagingCounter += 1;
    return path.join(this.root, 'staging', `${process.pid}-${this.stagingCounter}.zip`);
  }

  /**
   * De-duplication, atomically: if every entry's run key is already known for `specId`,
   * returns undefined (a duplicate); otherwise records the new keys and returns them, so that
   * {@link release} can forget them should storing fail.
   */
  reserve(specId: string, entries: readonly StoredEntry[]): string[] | undefined {
    const known = this.keysBySpec.get(specId) ?? new Set<string>();
    this.keysBySpec.set(specId, known);
    const keys = entries.map(runKey);
    const fresh = keys.filter((key) => !known.has(key));
    if (fresh.length === 0) return undefined;
    for (const key of fresh) known.add(key);
    return fresh;
  }

  /** Forget keys returned by {@link reserve}. */
  release(specId: string, keys: readonly string[]): void {
    const known = this.keysBySpec.get(specId);
    for (const key of keys) known?.delete(key);
  }

  /** Store an accepted import; `stagedZip` (from {@link stagingFile}) is moved into it. */
  async add(fields: NewImport, stagedZip: string): Promise<StoredImportWithFile> {
    const id = randomUUID();
    const directory = path.join(this.root, 'imports', id);
    await mkdir(directory);
    const zipFile = path.join(directory, 'results.zip');
    await rename(stagedZip, zipFile);
    // The sequence number is computed and the record pushed in one synchronous step, so
    // concurrent adds get distinct numbers.
    const record: StoredImport = {
      id,
      sequence: (this.records[this.records.length - 1]?.sequence ?? 0) + 1,
      receivedAt: new Date().toISOString(),
      ...fields,
      testRunIds: [randomUUID()],
    };
    const stored = { ...record, zipFile };
    this.records.push(stored);
    if (this.dataDir !== undefined) {
      const temporary = path.join(directory, 'import.json.tmp');
      await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`);
      await rename(temporary, path.join(directory, 'import.json'));
    }
    return stored;
  }

  /** Every stored import, oldest first. */
  list(): StoredImportWithFile[] {
    return [...this.records];
  }

  /** One stored import. */
  get(id: string): StoredImportWithFile | undefined {
    return this.records.find((record) => record.id === id);
  }

  /** Remove the temporary directory of memory mode; a data directory stays. */
  async close(): Promise<void> {
    if (this.dataDir === undefined) {
      await rm(this.root, { recursive: true, force: true });
    } else {
      await rm(path.join(this.root, 'staging'), { recursive: true, force: true });
    }
  }

  /** Read the imports a previous run stored. Folders without `import.json` are incomplete. */
  private async readBack(): Promise<void> {
    const importsDir = path.join(this.root, 'imports');
    const loaded: StoredImportWithFile[] = [];
    for (const name of await readdir(importsDir)) {
      const directory = path.join(importsDir, name);
      let text: string;
      try {
        text = await readFile(path.join(directory, 'import.json'), 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') continue;
        throw error;
      }
      const record = JSON.parse(text) as StoredImport;
      loaded.push({ ...record, zipFile: path.join(directory, 'results.zip') });
    }
    loaded.sort((a, b) => a.sequence - b.sequence);
    for (const record of loaded) {
      this.records.push(record);
      this.reserve(record.target.testSpecificationId, record.entries);
    }
  }
}
