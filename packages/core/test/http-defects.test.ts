// Core's side of the HTTP defects: how attempt failures are classified, what the redactor
// masks of a proxy's credentials, and the client against answers a receiver never gives.
import { afterEach, describe, expect, it } from 'vitest';
import { XltvClient } from '../src/client.js';
import { classifyFailure } from '../src/http/failures.js';
import { failure } from './helpers/errors.js';
import { startServer, type Route, type TestServer } from './helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
async function serve(route: Route): Promise<TestServer> {
  const server = await startServer(route);
  servers.push(server);
  return server;
}

function coded(message: string, code?: string, name?: string): Error {
  const error = new Error(message);
  if (code !== undefined) Object.assign(error, { code });
  if (name !== undefined) error.name = name;
  return error;
}

describe('classifyFailure', () => {
  it('an https URL answered in plain text is TLS of kind not-tls', () => {
    for (const error of [
      coded(
        'error:0A00010B:SSL routines:ssl3_get_record:wrong version number',
        'ERR_SSL_WRONG_VERSION_NUMBER',
      ),
      coded('write EPROTO error:0A0000C6:SSL routines::packet length too long', 'EPROTO'),
    ]) {
      expect(classifyFailure(error, false)).toMatchObject({
        code: 'TLS',
        kind: 'not-tls',
        transient: false,
      });
    }
    expect(classifyFailure(coded('self-signed', 'DEPTH_ZERO_SELF_SIGNED_CERT'), false).kind).toBe(
      undefined,
    );
  });

  it('an answer that is not readable HTTP was sent: NETWORK, phase response, kind protocol', () => {
    for (const error of [
      coded('Response does not match the HTTP/1.1 protocol', undefined, 'HTTPParserError'),
      coded('Invalid header value char', 'HPE_INVALID_HEADER_TOKEN'),
      coded('Headers Overflow Error', 'UND_ERR_HEADERS_OVERFLOW'),
      coded('Response body length does not match', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH'),
    ]) {
      expect(classifyFailure(error, false)).toMatchObject({
        code: 'NETWORK',
        phase: 'response',
        kind: 'protocol',
        mayHaveLanded: true,
        transient: false,
      });
    }
  });
});

describe('the proxy credentials', () => {
  it('their Proxy-Authorization token and user:password are redacted', () => {
    const client = new XltvClient({
      url: 'http://127.0.0.1:9',
      proxy: 'http://proxy-user:pr%40xy-pass@127.0.0.1:3128',
    });
    const token = Buffer.from('proxy-user:pr@xy-pass').toString('base64');
    const echoed = client.redact(`Proxy-Authorization: Basic ${token}\nuser proxy-user:pr@xy-pass`);
    expect(echoed).not.toContain(token);
    expect(echoed).not.toContain('pr@xy-pass');
    expect(echoed).toContain('Proxy-Authorization: Basic ***');
  });
});

describe('the client', () => {
  it('timeoutMs bounds the whole answer, not only the gap between chunks', async () => {
    const server = await serve(({ res }) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      const drip = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(drip));
    });
    const client = new XltvClient({ url: server.url, timeoutMs: 500, retries: 0 });
    const started = Date.now();
    const error = await failure(client.checkConnection());
    await client.close();
    expect(error.code).toBe('TIMEOUT');
    expect(error.details).toMatchObject({ phase: 'response', attempts: 1 });
    expect(Date.now() - started).toBeLessThan(5000);
  }, 15_000);

  it('a status past 599 is UNEXPECTED_RESPONSE and not retried', async () => {
    const server = await serve(({ send }) => send(600, { message: 'odd' }));
    const client = new XltvClient({ url: server.url, retries: 2, retryBaseDelayMs: 1 });
    const error = await failure(client.checkConnection());
    await client.close();
    expect(error.code).toBe('UNEXPECTED_RESPONSE');
    expect(error.details).toMatchObject({ status: 600 });
    expect(server.requests).toHaveLength(1);
  });
});
