/**
 * The only writer to stdout and stderr. stdout carries the result (a human summary or the
 * `--json` document); stderr carries milestones, progress, warnings and errors. Every line
 * goes through core's `redactSecrets` with every secret the process knows.
 */
import { redactSecrets, type Env } from '@xltv/core';
import { colourEnabled, createStyle, STYLE_SEQUENCE, type Style } from './render/style.js';
import type { Verbosity } from './options.js';
import { renderProgressLine } from './render/progress.js';

/** A stream the reporter writes to. */
export interface OutputStream {
  write(chunk: string): boolean;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** The process's surroundings, injectable for tests. */
export interface CliIo {
  readonly env: Env;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
}

/** Shorter secrets are not masked in free text (see {@link Reporter.addSecrets}). */
export const MIN_SECRET_LENGTH = 4;

/** C0 but line feed and tab, DEL, and C1: each could move the cursor or rewrite the screen. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * `text` with every control character made visible as `\xNN` (ESC as `\x1b`): values from CI
 * variables and servers must not clear the screen or hide lines. With `colour`, the
 * sequences of the CLI's own styles stay.
 */
export function escapeControl(text: string, colour: boolean): string {
  return text.replace(CONTROL, (char: string, offset: number) => {
    STYLE_SEQUENCE.lastIndex = offset;
    if (colour && STYLE_SEQUENCE.test(text)) return char;
    return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/** A progress bar on a TTY stderr. */
export interface Progress {
  update(done: number, total: number | undefined): void;
  clear(): void;
}

/** Writes lines, redacted, to the right stream at the right verbosity. */
export class Reporter {
  /** Styles for stdout and stderr (each coloured only when that stream allows it). */
  readonly outStyle: Style;
  readonly errStyle: Style;
  private readonly secrets = new Set<string>();
  private activeProgress: ProgressBar | undefined;

  constructor(
    readonly io: CliIo,
    readonly verbosity: Verbosity = 'normal',
    secrets: readonly string[] = [],
  ) {
    this.outStyle = createStyle(colourEnabled(io.stdout, io.env));
    this.errStyle = createStyle(colourEnabled(io.stderr, io.env));
    this.addSecrets(secrets);
  }

  /**
   * Add secrets to redact from now on. Values shorter than {@link MIN_SECRET_LENGTH} are
   * skipped: masking every "b" of the output would destroy it and protect nothing (URLs are
   * shown without their credentials anyway).
   */
  addSecrets(values: readonly (string | undefined)[]): void {
    for (const value of values)
      if (value && value.length >= MIN_SECRET_LENGTH) this.secrets.add(value);
  }

  /** `text` with every known secret replaced. */
  redact(text: string): string {
    return this.secrets.size === 0 ? text : redactSecrets(text, [...this.secrets]);
  }

  /** The result, on stdout: human words (JSON documents are written as they are). */
  result(text: string): void {
    this.io.stdout.write(`${escapeControl(this.redact(text), this.outStyle.enabled)}\n`);
  }

  /**
   * Lines for the CI to read from the log (workflow commands, service messages), whatever the
   * verbosity: stdout, or stderr when stdout carries a JSON document. The CIs read both.
   */
  ciCommands(lines: readonly string[], toStderr: boolean): void {
    for (const line of lines) {
      if (toStderr) this.stderrLine(line);
      else this.result(line);
    }
  }

  /** A milestone (files found, zip size, upload done): stderr unless `--quiet`. */
  milestone(text: string): void {
    if (this.verbosity !== 'quiet') this.stderrLine(text);
  }

  /** A warning: stderr unless `--quiet`. */
  warn(text: string): void {
    if (this.verbosity !== 'quiet') this.stderrLine(text);
  }

  /** An error: always on stderr. */
  error(text: string): void {
    this.stderrLine(text);
  }

  /** Detail for `--verbose` only. */
  debug(text: string): void {
    if (this.verbosity === 'verbose') this.stderrLine(this.errStyle.dim(text));
  }

  /** A progress bar, only when stderr is a TTY and not `--quiet`. */
  progress(label: string): Progress | undefined {
    if (this.verbosity === 'quiet' || this.io.stderr.isTTY !== true) return undefined;
    this.activeProgress = new ProgressBar(this.io.stderr, label, this.errStyle, () => {
      this.activeProgress = undefined;
    });
    return this.activeProgress;
  }

  private stderrLine(text: string): void {
    this.activeProgress?.clearLine();
    this.io.stderr.write(`${escapeControl(this.redact(text), this.errStyle.enabled)}\n`);
    this.activeProgress?.redraw();
  }
}

const REDRAW_INTERVAL_MS = 100;

class ProgressBar implements Progress {
  private lastDraw = 0;
  private line = '';

  constructor(
    private readonly stream: OutputStream,
    private readonly label: string,
    private readonly style: Style,
    private readonly onClear: () => void,
  ) {}

  update(done: number, total: number | undefined): void {
    const now = Date.now();
    if (now - this.lastDraw < REDRAW_INTERVAL_MS && (total === undefined || done < total)) return;
    this.lastDraw = now;
    this.line = renderProgressLine(this.label, done, total, this.style);
    this.redraw();
  }

  redraw(): void {
    if (this.line) this.stream.write(`\r${this.line}\u001b[K`);
  }

  clearLine(): void {
    if (this.line) this.stream.write('\r\u001b[K');
  }

  clear(): void {
    this.clearLine();
    this.line = '';
    this.onClear();
  }
}
