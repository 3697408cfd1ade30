import { describe, expect, it } from 'vitest';
import { INPUT_ERROR_CODES, XltvError } from '@xltv/core';
import { exitCodeForError } from '../../src/boundary.js';
import { EXIT, softened } from '../../src/exit.js';

describe('exit codes', () => {
  it('maps every input error code to 2 and server/network errors to 1', () => {
    for (const code of INPUT_ERROR_CODES)
      expect(exitCodeForError(new XltvError(code, 'x')), code).toBe(EXIT.USAGE);
    for (const code of [
      'UNAUTHORIZED',
      'NOT_FOUND',
      'SERVER_ERROR',
      'NETWORK',
      'TIMEOUT',
      'TLS',
      'PAYLOAD_TOO_LARGE',
    ] as const) {
      expect(exitCodeForError(new XltvError(code, 'x')), code).toBe(EXIT.FAILED);
    }
  });

  it('maps crashes to 1 and interruptions to 130 / 143', () => {
    expect(exitCodeForError(new TypeError('bug'))).toBe(1);
    expect(exitCodeForError(new XltvError('ABORTED', 'x'))).toBe(130);
    expect(exitCodeForError(new XltvError('NETWORK', 'x'), 'SIGTERM')).toBe(143);
    expect(exitCodeForError(new XltvError('NETWORK', 'x'), 'SIGINT')).toBe(130);
  });

  it('turns every failure into 0 under --soft-fail, but not an interruption', () => {
    for (const code of [1, 2, 3]) {
      expect(softened(code, true)).toBe(0);
      expect(softened(code, false)).toBe(code);
    }
    expect(softened(130, true)).toBe(130);
    expect(softened(143, true)).toBe(143);
  });
});
