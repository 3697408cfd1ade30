/**
 * Secret-leak guard used by every test of the suite. Each test's credentials are registered
 * here, and so is everything the test produced that a user or server could see: the CLI's
 * stdout and stderr, receipt files, saved request bodies, the receiver's JSON records and its
 * data directory. After each test all of it is scanned for every registered credential in
 * every form it could leak in (raw, percent-encoded, the Basic token); any hit fails the test.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';

interface TextSource {
  readonly label: string;
  readonly text: string;
}

interface Collected {
  secrets: Set<string>;
  texts: TextSource[];
  files: Set<string>;
  dirs: Set<string>;
  /** Async producers of text (e.g. an HTTP GET of the receiver's records), run at scan time. */
  probes: Array<{ label: string; read: () => Promise<string> }>;
}

let current: Collected = fresh();

function fresh(): Collected {
  return { secrets: new Set(), texts: [], files: new Set(), dirs: new Set(), probes: [] };
}

/** Register a credential; its encoded forms are registered too. Values shorter than 6 chars are refused (too easy to hit by accident). */
export function registerSecret(secret: string): void {
  if (secret.length < 6) throw new Error(`test secret too short to scan for: ${secret.length}`);
  current.secrets.add(secret);
  current.secrets.add(encodeURIComponent(secret));
}

/** Register Basic credentials: the password and the header token are secrets, the user is not. */
export function registerBasicCredentials(username: string, password: string): void {
  registerSecret(password);
  registerSecret(Buffer.from(`${username}:${password}`, 'utf8').toString('base64'));
}

/** Something the test produced, already in memory. */
export function recordText(label: string, text: string): void {
  current.texts.push({ label, text });
}

/** A file to read at scan time (it may not exist: then nothing is scanned). */
export function recordFile(file: string): void {
  current.files.add(path.resolve(file));
}

/** A directory whose files (recursively) are read at scan time. */
export function recordDir(dir: string): void {
  current.dirs.add(path.resolve(dir));
}

/** Text fetched at scan time, e.g. the receiver's record listing. */
export function recordProbe(label: string, read: () => Promise<string>): void {
  current.probes.push({ label, read });
}

async function walk(dir: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
}

/** One leak: which secret (masked) appeared where. */
export interface Leak {
  readonly where: string;
  readonly secretPreview: string;
}

function mask(secret: string): string {
  return `${secret.slice(0, 3)}…(${secret.length} chars)`;
}

/** Scan everything recorded so far for every registered secret. */
export async function findLeaks(): Promise<Leak[]> {
  const collected = current;
  const sources: TextSource[] = [...collected.texts];
  for (const file of collected.files) {
    try {
      sources.push({ label: `file ${file}`, text: (await readFile(file)).toString('latin1') });
    } catch {
      // Not written (e.g. the run failed before a receipt): nothing to scan.
    }
  }
  for (const dir of collected.dirs) {
    const files: string[] = [];
    await walk(dir, files);
    for (const file of files) {
      const info = await stat(file);
      // Stored zips are deflated, so a secret could not be found inside them anyway; cap the
      // read to keep the scan fast on big uploads.
      if (info.size > 64 * 1024 * 1024) continue;
      sources.push({ label: `file ${file}`, text: (await readFile(file)).toString('latin1') });
    }
  }
  for (const probe of collected.probes) {
    try {
      sources.push({ label: probe.label, text: await probe.read() });
    } catch (error) {
      sources.push({ label: `${probe.label} (failed: ${String(error)})`, text: '' });
    }
  }
  const leaks: Leak[] = [];
  for (const source of sources) {
    // Also look at the latin1 view's UTF-8 decoding so non-ASCII secrets match in files.
    const utf8 = Buffer.from(source.text, 'latin1').toString('utf8');
    for (const secret of collected.secrets) {
      if (source.text.includes(secret) || utf8.includes(secret)) {
        leaks.push({ where: source.label, secretPreview: mask(secret) });
      }
    }
  }
  return leaks;
}

/** Forget everything recorded so far: only for the guard's own self-test, which plants leaks on purpose. */
export function discardEvidence(): void {
  current = fresh();
}

/** How many sources were recorded in the current test (a guard that scans nothing proves nothing). */
export function recordedSourceCount(): number {
  return current.texts.length + current.files.size + current.dirs.size + current.probes.length;
}

/**
 * Install the guard in a test file: a fresh collection before each test, a scan after it.
 * Call once at the top level of every test file of the suite.
 */
export function useLeakGuard(): void {
  beforeEach(() => {
    current = fresh();
  });
  afterEach(async () => {
    const registered = current.secrets.size;
    const sources = recordedSourceCount();
    const leaks = await findLeaks();
    current = fresh();
    if (registered > 0 && sources === 0) {
      throw new Error(
        'the test registered secrets but recorded nothing for the leak guard to scan',
      );
    }
    if (leaks.length > 0) {
      throw new Error(
        `secret leaked:\n${leaks.map((leak) => `  ${leak.secretPreview} in ${leak.where}`).join('\n')}`,
      );
    }
  });
}
