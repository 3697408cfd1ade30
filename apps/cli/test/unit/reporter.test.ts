import { describe, expect, it } from 'vitest';
import { Reporter, type CliIo } from '../../src/reporter.js';
import { renderProgressLine } from '../../src/render/progress.js';
import { PLAIN } from '../../src/render/style.js';

function fakeIo(
  env: Record<string, string> = {},
  tty = false,
): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    env,
    out,
    err,
    stdout: { write: (chunk: string) => out.push(chunk) > 0, isTTY: tty },
    stderr: { write: (chunk: string) => err.push(chunk) > 0, isTTY: tty },
  };
}

describe('Reporter', () => {
  it('puts the result on stdout and everything else on stderr', () => {
    const io = fakeIo();
    const reporter = new Reporter(io, 'verbose');
    reporter.result('summary');
    reporter.milestone('found');
    reporter.warn('careful');
    reporter.error('broken');
    reporter.debug('detail');
    expect(io.out).toEqual(['summary\n']);
    expect(io.err).toEqual(['found\n', 'careful\n', 'broken\n', 'detail\n']);
  });

  it('keeps only errors with --quiet and drops debug lines without --verbose', () => {
    const quiet = fakeIo();
    const reporter = new Reporter(quiet, 'quiet');
    reporter.milestone('found');
    reporter.warn('careful');
    reporter.error('broken');
    expect(quiet.err).toEqual(['broken\n']);
    const normal = fakeIo();
    new Reporter(normal, 'normal').debug('detail');
    expect(normal.err).toEqual([]);
  });

  it('redacts every known secret, raw, URL-encoded and as a Basic token, on both streams', () => {
    const io = fakeIo();
    const secret = 'p@ss word!';
    const reporter = new Reporter(io, 'normal', [secret]);
    const basic = Buffer.from(`alice:${secret}`).toString('base64');
    reporter.result(`password=${secret} url=${encodeURIComponent(secret)}`);
    reporter.error(
      `header Basic ${Buffer.from(`${secret}:${secret}`).toString('base64')} ${basic}`,
    );
    const all = [...io.out, ...io.err].join('');
    expect(all).not.toContain(secret);
    expect(all).not.toContain(encodeURIComponent(secret));
    expect(all).toContain('***');
  });

  it('does not mask one-letter "secrets" all over the output', () => {
    const io = fakeIo();
    new Reporter(io, 'normal', ['b']).result('absolute base');
    expect(io.out).toEqual(['absolute base\n']);
  });

  it('draws a progress bar only on a TTY stderr', () => {
    expect(new Reporter(fakeIo({}, false)).progress('Uploading')).toBeUndefined();
    const io = fakeIo({}, true);
    const progress = new Reporter(io).progress('Uploading');
    progress?.update(50, 100);
    progress?.update(100, 100);
    progress?.clear();
    expect(io.err.join('')).toContain('100%');
    expect(renderProgressLine('Uploading', 250_000, 1_000_000, PLAIN)).toBe(
      'Uploading [######------------------]  25%  250 kB / 1.0 MB',
    );
  });
});
