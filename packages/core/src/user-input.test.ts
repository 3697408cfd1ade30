// Input the user names that must not hang, flood or silently surprise: metadata and CA files
// that are FIFOs or endless devices, selections far too large, a signal during the crawl, a
// directory given as a pattern.
import { spawnSync } from 'node:child_process';
import { open as openFile, mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { constants, openSync, closeSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INPUT_ERROR_CODES } from './errors.js';
import { LARGE_SELECTION_BYTES, selectFiles } from './files.js';
import { META_FILE_LIMIT, readMetaFile } from './metadata.js';
import { readUserFile } from './user-file.js';

const posix = process.platform !== 'win32';
let root: string;

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'xltv-user-input-')));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function fifo(name: string): string {
  const path = join(root, name);
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
  return path;
}

describe.skipIf(!posix)('files named by an option', () => {
  it('a metadata FIFO without a writer waits on the event loop and ends with the signal', async () => {
    const path = fifo('meta.fifo');
    const controller = new AbortController();
    const reading = readMetaFile(path, { signal: controller.signal });
    const settled = reading.then(
      () => 'resolved',
      (error: { code?: string }) => error.code,
    );
    // The event loop still runs while the read waits: timers fire, the abort gets through.
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await expect(settled).resolves.toBe('ABORTED');
  });

  it('a metadata FIFO is read once its writer writes (/dev/stdin, <(…))', async () => {
    const path = fifo('meta.fifo');
    const reading = readMetaFile(path);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const writer = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    writeSync(writer, '{"branch":"main"}');
    closeSync(writer);
    await expect(reading).resolves.toEqual({ branch: 'main' });
  });

  it('an endless device is cut off at the limit: INVALID_METADATA too-large, an input error', async () => {
    const error = await readMetaFile('/dev/zero').catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'INVALID_METADATA',
      details: { path: '/dev/zero', rule: 'too-large', limit: META_FILE_LIMIT },
    });
    expect(INPUT_ERROR_CODES.has('INVALID_METADATA')).toBe(true);
  });

  it('a regular file above the limit is refused without being read', async () => {
    const path = join(root, 'big.json');
    const handle = await openFile(path, 'w');
    await handle.truncate(META_FILE_LIMIT + 1);
    await handle.close();
    await expect(readMetaFile(path)).rejects.toMatchObject({
      code: 'INVALID_METADATA',
      details: { rule: 'too-large' },
    });
    await expect(readUserFile(path, { limit: META_FILE_LIMIT + 1 })).resolves.toHaveLength(
      META_FILE_LIMIT + 1,
    );
  });

  it('a missing metadata file names the option, so the words do not suggest --exclude', async () => {
    await expect(readMetaFile(join(root, 'nope.json'))).rejects.toMatchObject({
      code: 'UNREADABLE_FILE',
      details: { option: 'metaFile', reason: 'ENOENT' },
    });
  });
});

describe('the selection', () => {
  async function results(count: number): Promise<void> {
    await mkdir(join(root, 'results'), { recursive: true });
    for (let index = 0; index < count; index++) {
      await writeFile(join(root, 'results', `r${index}.xml`), '<testsuite/>');
    }
  }

  it('more files than maxFiles is TOO_MANY_FILES, an input error', async () => {
    await results(3);
    await expect(
      selectFiles({ include: ['results/**'], baseDir: root, maxFiles: 2 }),
    ).rejects.toMatchObject({
      code: 'TOO_MANY_FILES',
      details: { files: 3, limit: 2, option: 'maxFiles' },
    });
    await expect(
      selectFiles({ include: ['results/**'], baseDir: root, maxFiles: 3 }),
    ).resolves.toMatchObject({ files: { length: 3 } });
    expect(INPUT_ERROR_CODES.has('TOO_MANY_FILES')).toBe(true);
  });

  it('more bytes than maxBytes is TOO_LARGE, an input error; 0 is no limit', async () => {
    await results(2);
    await expect(
      selectFiles({ include: ['results/**'], baseDir: root, maxBytes: 20 }),
    ).rejects.toMatchObject({
      code: 'TOO_LARGE',
      details: { files: 2, bytes: 24, limit: 20, option: 'maxBytes' },
    });
    await expect(
      selectFiles({ include: ['results/**'], baseDir: root, maxBytes: 0 }),
    ).resolves.toMatchObject({ totalBytes: 24 });
    expect(INPUT_ERROR_CODES.has('TOO_LARGE')).toBe(true);
  });

  it('past the large-selection size the selection warns LARGE_SELECTION', async () => {
    await mkdir(join(root, 'results'));
    // A sparse file: large to stat, no space on disk.
    const handle = await openFile(join(root, 'results', 'huge.xml'), 'w');
    await handle.truncate(LARGE_SELECTION_BYTES + 1);
    await handle.close();
    const selection = await selectFiles({ include: ['results/**'], baseDir: root });
    expect(selection.warnings.map((warning) => warning.code)).toContain('LARGE_SELECTION');
    const small = await selectFiles({ include: ['results/*.xml'], baseDir: root, maxBytes: 0 });
    expect(small.warnings.find((w) => w.code === 'LARGE_SELECTION')?.details).toMatchObject({
      files: 1,
      bytes: LARGE_SELECTION_BYTES + 1,
    });
  });

  it('a directory given as a pattern warns DIRECTORY_PATTERN with a glob to use instead', async () => {
    await results(2);
    await writeFile(join(root, 'results', 'build.log'), 'log');
    const selection = await selectFiles({ include: ['results'], baseDir: root });
    expect(selection.files).toHaveLength(3);
    expect(selection.warnings.find((w) => w.code === 'DIRECTORY_PATTERN')?.details).toEqual({
      pattern: 'results',
      files: 3,
      suggestion: 'results/**/*.xml',
    });
    const globbed = await selectFiles({ include: ['results/**/*.xml'], baseDir: root });
    expect(globbed.warnings.map((w) => w.code)).not.toContain('DIRECTORY_PATTERN');
  });

  it('an aborted signal stops the selection with ABORTED, also mid-crawl', async () => {
    await results(2);
    const aborted = AbortSignal.abort();
    await expect(
      selectFiles({ include: ['results/**'], baseDir: root, signal: aborted }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    // Abort while the crawl lists directories.
    for (let index = 0; index < 200; index++)
      await mkdir(join(root, 'tree', `d${index}`, 'e'), { recursive: true });
    const controller = new AbortController();
    const selecting = selectFiles({
      include: ['**/*.xml'],
      baseDir: root,
      signal: controller.signal,
    });
    controller.abort();
    await expect(selecting).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
