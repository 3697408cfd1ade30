/**
 * The spool directory (docs/cli.md "Spool and flush"): one subdirectory per upload that could
 * not be sent, holding `request.json` (what and where, never a credential) and `body` (the
 * exact multipart request). The name of each state is the only state there is, and every
 * change of state is one `rename`, so a crash at any point leaves an upload either spooled or
 * sent, never half:
 *
 * - `.tmp-<id>`: being written; never sent; removed by a later run once stale.
 * - `<id>`: spooled, ready to send. Ids sort by creation time, so oldest first is name order.
 * - `<id>.sending-<host>-<pid>`: claimed by one flush. Only one `rename` of a name succeeds,
 *   so two flushes never send one upload twice; a claim whose process is gone (same host) or
 *   that is older than {@link STALE_CLAIM_MS} is taken over by renaming it again.
 * - `<id>.sent-<token>`: accepted by the server, being removed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { XltvError } from '../errors.js';
import type { Metadata } from '../metadata.js';

/** What `request.json` holds: enough to send the body again and to describe it. */
export interface SpooledRequest {
  /** Format of this file. */
  readonly version: 1;
  /** The upload's identity: the entry's name, also shown in receipts. */
  readonly id: string;
  /** When the upload was spooled (ISO 8601). */
  readonly createdAt: string;
  /** The server's base URL, credentials removed. */
  readonly baseUrl: string;
  readonly target: { readonly testSpecId: string; readonly projectId?: string };
  readonly contentType: string;
  readonly contentLength: number;
  readonly files: number;
  readonly fileBytes: number;
  readonly zipBytes: number;
  /** The metadata inside the body, as the receipt showed it (redacted). */
  readonly metadata: Metadata;
  /** Why it was spooled. */
  readonly reason: { readonly code: string; readonly message: string };
}

/** An entry ready to send, or claimed by a flush. */
export interface SpoolEntry {
  readonly id: string;
  /** Its directory now. */
  readonly dir: string;
}

/** A claim older than this is taken over even when its owner may be alive on another host. */
export const STALE_CLAIM_MS = 60 * 60 * 1000;

const REQUEST_FILE = 'request.json';
const BODY_FILE = 'body';
const ID = String.raw`\d{8}T\d{9}Z-[0-9a-f]{8}`;
const READY = new RegExp(`^(${ID})$`);
const CLAIMED = new RegExp(`^(${ID})\\.sending-([A-Za-z0-9-]*)-(\\d+)$`);
const LEFTOVER = new RegExp(`^(?:\\.tmp-${ID}|${ID}\\.sent-[0-9a-f]+)$`);

/** A new id: the time (sortable) and random bits. */
export function newSpoolId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

/**
 * Write one upload: the body and `request.json` under a temporary name, each synced, then
 * renamed into place and the directory synced.
 * @returns the entry's size in bytes
 */
export async function writeEntry(
  spoolDir: string,
  request: Omit<SpooledRequest, 'contentLength'>,
  body: Readable,
): Promise<number> {
  await mkdir(spoolDir, { recursive: true, mode: 0o700 });
  const temporary = path.join(spoolDir, `.tmp-${request.id}`);
  await mkdir(temporary, { mode: 0o700 });
  try {
    const bodyFile = path.join(temporary, BODY_FILE);
    await pipeline(body, createWriteStream(bodyFile, { flags: 'wx', mode: 0o600 }));
    syncPath(bodyFile);
    const contentLength = (await stat(bodyFile)).size;
    const json = `${JSON.stringify({ ...request, contentLength }, null, 2)}\n`;
    const requestFile = path.join(temporary, REQUEST_FILE);
    await writeFile(requestFile, json, { flag: 'wx', mode: 0o600 });
    syncPath(requestFile);
    syncPath(temporary);
    await rename(temporary, path.join(spoolDir, request.id));
    syncPath(spoolDir);
    return contentLength + Buffer.byteLength(json);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

/** Entries ready to send or claimed, oldest first; leftovers of crashed runs are removed. */
export async function listEntries(
  spoolDir: string,
): Promise<{ ready: SpoolEntry[]; claimed: SpoolEntry[] }> {
  let names: string[];
  try {
    names = await readdir(spoolDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ready: [], claimed: [] };
    throw spoolError(spoolDir, error);
  }
  const ready: SpoolEntry[] = [];
  const claimed: SpoolEntry[] = [];
  for (const name of names.sort()) {
    const dir = path.join(spoolDir, name);
    const id = READY.exec(name)?.[1] ?? CLAIMED.exec(name)?.[1];
    if (id !== undefined) (READY.test(name) ? ready : claimed).push({ id, dir });
    else if (LEFTOVER.test(name) && (await isStale(dir))) {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return { ready, claimed };
}

/**
 * Claim an entry for sending; undefined when another flush has it (or took it first).
 * A claimed entry is taken over only when its claim is stale.
 */
export async function claim(entry: SpoolEntry): Promise<SpoolEntry | undefined> {
  const name = path.basename(entry.dir);
  const owner = CLAIMED.exec(name);
  if (owner && !(await claimIsStale(entry.dir, owner[2] ?? '', Number(owner[3])))) return undefined;
  const dir = path.join(path.dirname(entry.dir), `${entry.id}.sending-${hostTag()}-${process.pid}`);
  try {
    await rename(entry.dir, dir);
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
  // The claim's age is its directory's mtime, which a rename does not change.
  const now = new Date();
  await utimes(dir, now, now);
  return { id: entry.id, dir };
}

/** Give a claimed entry back (not sent, or sending failed). */
export async function release(entry: SpoolEntry): Promise<void> {
  await rename(entry.dir, path.join(path.dirname(entry.dir), entry.id));
}

/** The server accepted a claimed entry: mark it sent (one rename), then remove it. */
export async function remove(entry: SpoolEntry): Promise<void> {
  const sent = path.join(
    path.dirname(entry.dir),
    `${entry.id}.sent-${randomBytes(4).toString('hex')}`,
  );
  await rename(entry.dir, sent);
  await rm(sent, { recursive: true, force: true });
}

/** The entry's `request.json`. */
export async function readRequest(entry: SpoolEntry): Promise<SpooledRequest> {
  const file = path.join(entry.dir, REQUEST_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw spoolError(file, error);
  }
  const request = parsed as Partial<SpooledRequest> | null;
  if (
    request?.version !== 1 ||
    typeof request.baseUrl !== 'string' ||
    typeof request.target?.testSpecId !== 'string' ||
    typeof request.contentType !== 'string' ||
    typeof request.contentLength !== 'number'
  ) {
    throw new XltvError('SPOOL_ERROR', `${file} is not a spooled request of this version`, {
      path: file,
    });
  }
  return request as SpooledRequest;
}

/** The entry's body file. */
export function bodyPath(entry: SpoolEntry): string {
  return path.join(entry.dir, BODY_FILE);
}

/** Size of an entry's files in bytes. */
export async function entrySize(entry: SpoolEntry): Promise<number> {
  const sizes = await Promise.all(
    [REQUEST_FILE, BODY_FILE].map((file) =>
      stat(path.join(entry.dir, file)).then(
        (info) => info.size,
        () => 0,
      ),
    ),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** An `SPOOL_ERROR` naming the path and what went wrong. */
export function spoolError(where: string, error: unknown): XltvError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return new XltvError(
    'SPOOL_ERROR',
    `spool ${where}: ${reason}`,
    { path: where, reason },
    { cause: error },
  );
}

/** This host in a claim's name: letters, digits and `-` only. */
function hostTag(): string {
  return os
    .hostname()
    .replace(/[^A-Za-z0-9-]/g, '-')
    .slice(0, 40);
}

async function claimIsStale(dir: string, host: string, pid: number): Promise<boolean> {
  if (host === hostTag() && pid !== process.pid && !isAlive(pid)) return true;
  return isStale(dir);
}

async function isStale(dir: string): Promise<boolean> {
  const info = await stat(dir).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > STALE_CLAIM_MS;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTEMPTY' || code === 'EEXIST';
}

/** fsync a file or directory, so a rename after it publishes complete bytes. */
function syncPath(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
