/**
 * Credentials in URLs that do not parse: a password with an unencoded `/` or a URL without a
 * scheme must be masked wherever the value is echoed, and count as a known secret.
 */
import { describe, expect, it } from 'vitest';
import { parseBaseUrl } from '../src/http/url.js';
import { checkConnection } from '../src/connection.js';
import { isXltvError } from '../src/errors.js';
import { knownSecrets, stripCredentials, urlCredentials } from '../src/secrets.js';

const BROKEN = [
  { url: 'u:s3cret-pw@host:1', password: 's3cret-pw', shown: '***@host:1' },
  { url: 'http://u:pa/ss-word@host', password: 'pa/ss-word', shown: 'http://***@host' },
  {
    url: 'https://u:pa?ss#word@host:6516/x',
    password: 'pa?ss#word',
    shown: 'https://***@host:6516/x',
  },
  { url: 'u:pa/ss-word@host', password: 'pa/ss-word', shown: '***@host' },
];

describe('stripCredentials of URLs that do not parse', () => {
  it.each(BROKEN)('masks the user-info of $url', ({ url, password, shown }) => {
    expect(stripCredentials(url)).toBe(shown);
    expect(stripCredentials(`not a URL: "${url}".`)).toBe(`not a URL: "${shown}".`);
    expect(stripCredentials(url)).not.toContain(password);
    // Masking twice changes nothing: details pass through it more than once.
    expect(stripCredentials(stripCredentials(url))).toBe(shown);
    // Only what looks like credentials: an @ in a path, image references, scp-style remotes stay.
    for (const text of [
      'https://registry.example.com/@scope/pkg',
      'https://host:8080/path/@scope',
      'nginx:1.25@sha256:0123abcd',
      'git@github.com:o/r.git',
      'fix: see a@b.c',
      'mailto:a@b.c',
      'ssh://git@host/r',
    ]) {
      expect(stripCredentials(text)).toBe(text);
    }
  });
});

describe('the password of a URL that does not parse', () => {
  // A password without `/`, `?` or `#` was a known secret already.
  const unparsable = BROKEN.filter(({ password }) => /[/?#]/.test(password));

  it.each(unparsable)('is a known secret for $url', ({ url, password }) => {
    expect(urlCredentials(url)).toContain(password);
    expect(knownSecrets({ url })).toContain(password);
    expect(knownSecrets({ env: {}, url: undefined, password: undefined })).toEqual([]);
  });

  it.each(BROKEN)(
    'is not echoed by parseBaseUrl or checkConnection for $url',
    ({ url, password }) => {
      for (const call of [() => parseBaseUrl(url), () => checkConnection({ url })]) {
        let thrown: unknown;
        try {
          call();
        } catch (error) {
          thrown = error;
        }
        expect(isXltvError(thrown, 'INVALID_URL')).toBe(true);
        const error = thrown as Error & { details: unknown };
        expect(error.message).not.toContain(password);
        expect(JSON.stringify(error.details)).not.toContain(password);
        expect(JSON.stringify(error.details)).toContain('***@');
      }
    },
  );
});
