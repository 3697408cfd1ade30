/**
 * Temporary directories (the spooled request body) and their removal on every way out:
 * `dispose()`, normal process exit, and SIGINT/SIGTERM/SIGHUP.
 *
 * Signal policy: handlers are installed only while at least one temporary directory exists,
 * so an idle library never changes how a process reacts to signals. When a signal arrives,
 * the handler removes every temporary directory synchronously, uninstalls itself and then:
 * - if the application has its own listener for that signal, does nothing more (the
 *   application decides how to exit, e.g. the CLI exits 130 on SIGINT and 143 on SIGTERM);
 * - otherwise re-raises the signal, so the default behaviour applies (the process dies by
 *   that signal and a shell reports 128 + signal number).
 * An application that exits from its own handler can also call {@link removeAllTempFiles}
 * first; the `exit` hook would do it anyway.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

const liveDirectories = new Set<string>();
let handlersInstalled = false;

function onExit(): void {
  removeAllTempFiles();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAllTempFiles();
  uninstallHandlers();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstallHandlers(): void {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  process.off('exit', onExit);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/**
 * Create a private temporary directory (`mkdtemp`, mode 0700) under `parent` (default
 * `os.tmpdir()`) that is removed on exit and on SIGINT/SIGTERM/SIGHUP unless removed before
 * with {@link removeTempDirectory}.
 */
export async function createTempDirectory(parent: string = os.tmpdir()): Promise<string> {
  const directory = await mkdtemp(path.join(parent, 'xltv-'));
  liveDirectories.add(directory);
  installHandlers();
  return directory;
}

/** Remove a directory made by {@link createTempDirectory}; idempotent. */
export async function removeTempDirectory(directory: string): Promise<void> {
  try {
    await rm(directory, { recursive: true, force: true, maxRetries: 3 });
  } finally {
    liveDirectories.delete(directory);
    if (liveDirectories.size === 0) uninstallHandlers();
  }
}

/**
 * Remove every temporary directory core still holds, synchronously (safe inside `exit` and
 * signal handlers). Returns the directories that were removed.
 */
export function removeAllTempFiles(): string[] {
  const removed: string[] = [];
  for (const directory of liveDirectories) {
    try {
      rmSync(directory, { recursive: true, force: true });
      removed.push(directory);
    } catch {
      // Best effort on the way out: nothing else can be done here.
    }
    liveDirectories.delete(directory);
  }
  uninstallHandlers();
  return removed;
}

/** The temporary directories core currently holds (for diagnostics and tests). */
export function liveTempDirectories(): string[] {
  return [...liveDirectories];
}
