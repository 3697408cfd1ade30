import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, stripCredentials, redactValue } from '../src/secrets.js';

describe('stripCredentials', () => {
  it('removes user:password@ and keeps everything else as written', () => {
    expect(stripCredentials('https://u:p@host:6516/xltest/')).toBe('https://host:6516/xltest/');
    expect(stripCredentials('http://token@example.com/a?b=1#c')).toBe('http://example.com/a?b=1#c');
    expect(stripCredentials('https://us%40er:p%3Ass@host')).toBe('https://host');
    // The password may contain '@': everything up to the last '@' of the authority goes.
    expect(stripCredentials('https://u:p@ss@host/path@x')).toBe('https://host/path@x');
    expect(stripCredentials('git+ssh://git:secret@gitlab.example.com/g/p.git')).toBe(
      'git+ssh://gitlab.example.com/g/p.git',
    );
  });

  it('leaves strings without credentials alone', () => {
    for (const text of ['https://host/path', 'not a url', 'git@github.com:o/r.git', '']) {
      expect(stripCredentials(text)).toBe(text);
    }
  });
});

describe('redactSecrets', () => {
  it('replaces the secret, its URL-encoded forms and Basic tokens', () => {
    const secret = 'p@ss word/ü';
    const token = Buffer.from(`alice:${secret}`, 'utf8').toString('base64');
    const text = [
      `raw ${secret}`,
      `component ${encodeURIComponent(secret)}`,
      `form ${encodeURIComponent(secret).replace(/%20/g, '+')}`,
      `header Basic ${token}`,
    ].join('\n');
    const redacted = redactSecrets(text, [secret], { basicUsers: ['alice'] });
    expect(redacted).not.toContain(secret);
    expect(redacted).not.toContain(encodeURIComponent(secret));
    expect(redacted).not.toContain(token);
    expect(redacted).toContain('raw ***');
    expect(redacted.match(/\*\*\*/g)).toHaveLength(4);
  });

  it('derives Basic tokens from pairs of given secrets', () => {
    const token = Buffer.from('svc:hunter2', 'utf8').toString('base64');
    expect(redactSecrets(`Authorization: Basic ${token}`, ['svc', 'hunter2'])).toBe(
      `Authorization: Basic ${REDACTED}`,
    );
  });

  it('removes a longer secret whole even when a shorter one is inside it', () => {
    expect(redactSecrets('x abcdef y', ['abc', 'abcdef'])).toBe(`x ${REDACTED} y`);
  });

  it('ignores empty and undefined secrets', () => {
    expect(redactSecrets('nothing to hide', ['', undefined])).toBe('nothing to hide');
  });
});

describe('redactValue', () => {
  it('redacts nested strings and URL credentials in structured details', () => {
    const details = {
      url: 'https://bob:pw1@host/x',
      nested: { list: ['pw1', 'fine'], count: 3 },
    };
    expect(redactValue(details, ['pw1'])).toEqual({
      url: 'https://host/x',
      nested: { list: [REDACTED, 'fine'], count: 3 },
    });
    expect(details.url).toBe('https://bob:pw1@host/x'); // the input is not modified
  });
});
