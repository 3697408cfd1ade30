import { afterEach, describe, expect, it } from 'vitest';
import { XltvClient } from '../src/client.js';
import { parseBaseUrl } from '../src/http/url.js';
import { startServer, type Route, type TestServer } from './helpers/server.js';
import { testClient } from './helpers/upload.js';

describe('base URL and import URLs', () => {
  const cases: [string, string][] = [
    ['http://h:6516', 'http://h:6516/api/internal/import/abc'],
    ['http://h:6516/', 'http://h:6516/api/internal/import/abc'],
    ['https://h/xltest', 'https://h/xltest/api/internal/import/abc'],
    ['https://h/xltest///', 'https://h/xltest/api/internal/import/abc'],
    ['https://h/a/b/', 'https://h/a/b/api/internal/import/abc'],
    ['  https://u:p@h/ctx/  ', 'https://h/ctx/api/internal/import/abc'],
  ];
  for (const [base, expected] of cases) {
    it(`joins ${JSON.stringify(base)} without "//api" or credentials`, () => {
      const client = new XltvClient({ url: base, env: {} });
      const url = client.importUrl({ testSpecId: 'abc' });
      expect(url).toBe(expected);
      expect(url.replace('://', '')).not.toContain('//');
    });
  }

  it('encodes ids as single path segments on both endpoints', () => {
    const client = new XltvClient({ url: 'http://h/x/', env: {} });
    expect(client.importUrl({ testSpecId: 'My Spec/ü?#%' })).toBe(
      'http://h/x/api/internal/import/My%20Spec%2F%C3%BC%3F%23%25',
    );
    expect(client.importUrl({ testSpecId: 'a b', projectId: 'p/q' })).toBe(
      'http://h/x/api/v1/projects/p%2Fq/testspecifications/a%20b/testruns',
    );
    expect(() => client.importUrl({ testSpecId: '' })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });

  it('takes credentials from the URL, decoded, and options win', () => {
    expect(parseBaseUrl('https://us%40er:p%3Ass@h/ctx/')).toMatchObject({
      base: 'https://h/ctx',
      username: 'us@er',
      password: 'p:ss',
    });
    const client = new XltvClient({ url: 'https://u:p@h', username: 'other', env: {} });
    expect(client.username).toBe('other');
    expect(client.baseUrl).toBe('https://h');
  });

  it('refuses URLs it cannot use, without echoing credentials', () => {
    for (const [url, reason] of [
      ['not a url', 'unparsable'],
      ['ftp://u:secretpw@h/x', 'scheme'],
      ['https://u:secretpw@h/x?a=1', 'query or fragment'],
    ] as const) {
      let thrown: unknown;
      try {
        new XltvClient({ url, env: {} });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: 'INVALID_URL', details: { reason } });
      expect(JSON.stringify(thrown) + String((thrown as Error).message)).not.toContain('secretpw');
    }
  });

  it('refuses negative timeouts and retry counts', () => {
    expect(() => new XltvClient({ url: 'http://h', retries: -1 })).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTION',
        details: { option: 'retries', value: -1 },
      }),
    );
  });
});

describe('server API calls', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  async function serve(route: Route): Promise<TestServer> {
    const server = await startServer(route);
    servers.push(server);
    return server;
  }

  it('info() reads name, vendor and version, retrying a 503 first', async () => {
    const server = await serve((ctx) => {
      if (ctx.captured.index === 0) ctx.send(503);
      else ctx.send(200, { name: 'XL TestView', vendor: 'XebiaLabs', version: '1.4.2', extra: 1 });
    });
    const client = testClient({ url: `${server.url}/xltest/`, username: 'u', password: 'p' });
    expect(await client.info()).toEqual({
      name: 'XL TestView',
      vendor: 'XebiaLabs',
      version: '1.4.2',
    });
    await client.close();
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([
      ['GET', '/xltest/api/v1/info'],
      ['GET', '/xltest/api/v1/info'],
    ]);
    expect(server.requests[1]!.headers.authorization).toBe(
      `Basic ${Buffer.from('u:p').toString('base64')}`,
    );
  });

  it('checkConnection() passes on 200 and maps 401 to UNAUTHORIZED', async () => {
    const server = await serve((ctx) =>
      ctx.captured.index === 0 ? ctx.send(200, {}) : ctx.send(401),
    );
    const client = testClient({ url: server.url, username: 'eve', password: 'wrong-pw' });
    await client.checkConnection();
    await expect(client.checkConnection()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      details: { username: 'eve', status: 401 },
    });
    await client.close();
    expect(server.requests.map((r) => r.url)).toEqual(['/api/internal/data', '/api/internal/data']);
  });

  it('listTestSpecifications() turns the keyed object into a list', async () => {
    const server = await serve((ctx) =>
      ctx.send(200, {
        'spec-1': {
          id: 'spec-1',
          title: 'Unit',
          type: 'xlt.TestSpecification',
          project: { id: 'p1', title: 'Shop', type: 'xlt.Project' },
          qualification: { type: 'x' },
          testTool: {
            name: 'xlt.JUnit',
            category: 'Functional',
            defaultSearchPattern: '**/TEST-*.xml',
          },
        },
        'set 2': { title: 'All', type: 'xlt.TestSpecificationSet' },
      }),
    );
    const client = testClient({ url: server.url });
    expect(await client.listTestSpecifications()).toEqual([
      {
        id: 'spec-1',
        title: 'Unit',
        type: 'xlt.TestSpecification',
        project: { id: 'p1', title: 'Shop' },
        testTool: {
          name: 'xlt.JUnit',
          category: 'Functional',
          defaultSearchPattern: '**/TEST-*.xml',
        },
      },
      { id: 'set 2', title: 'All', type: 'xlt.TestSpecificationSet' },
    ]);
    await client.close();
    expect(server.requests[0]!.url).toBe('/api/internal/testspecifications/extended');
  });

  it('a GET answered with something other than JSON is UNEXPECTED_RESPONSE', async () => {
    const server = await serve((ctx) => {
      ctx.res.writeHead(200, { 'content-type': 'text/html' });
      ctx.res.end('<html>login page</html>');
    });
    const client = testClient({ url: server.url });
    await expect(client.info()).rejects.toMatchObject({
      code: 'UNEXPECTED_RESPONSE',
      details: { status: 200, bodyExcerpt: '<html>login page</html>' },
    });
    await client.close();
  });

  it('resolves projects and test specifications by exact title, creating them on request', async () => {
    const created: unknown[] = [];
    const server = await serve(async (ctx) => {
      const url = new URL(ctx.captured.url, 'http://x');
      const title = url.searchParams.get('title');
      if (ctx.req.method === 'GET' && url.pathname === '/api/v1/projects') {
        ctx.send(
          200,
          title === 'Shop'
            ? [
                { id: 'p-shopping', title: 'Shopping' },
                { id: 'p1', title: 'Shop' },
              ]
            : [],
        );
      } else if (ctx.req.method === 'POST' && url.pathname === '/api/v1/projects') {
        created.push(JSON.parse((await ctx.body()).toString('utf8')));
        ctx.send(201, { id: 'p-new', title: 'New' });
      } else if (
        ctx.req.method === 'GET' &&
        url.pathname === '/api/v1/projects/p%201/testspecifications'
      ) {
        ctx.send(200, title === 'Unit tests' ? [{ id: 's1', title: 'Unit tests' }] : []);
      } else if (
        ctx.req.method === 'POST' &&
        url.pathname === '/api/v1/projects/p%201/testspecifications'
      ) {
        created.push(JSON.parse((await ctx.body()).toString('utf8')));
        ctx.send(201, { id: 's-new', title: 'E2E', testToolName: 'xlt.JUnit' });
      } else {
        ctx.send(404);
      }
    });
    const client = testClient({ url: server.url });
    expect(await client.resolveProject('Shop', false)).toBe('p1');
    await expect(client.resolveProject('New', false)).rejects.toMatchObject({
      code: 'TARGET_NOT_FOUND',
      details: { kind: 'project', title: 'New' },
    });
    expect(await client.resolveProject('New', true)).toBe('p-new');
    expect(await client.resolveTestSpecification('p 1', 'Unit tests', false)).toBe('s1');
    await expect(client.resolveTestSpecification('p 1', 'E2E', false)).rejects.toMatchObject({
      code: 'TARGET_NOT_FOUND',
      details: { kind: 'testSpecification', title: 'E2E', projectId: 'p 1' },
    });
    await expect(client.resolveTestSpecification('p 1', 'E2E', true)).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
    expect(await client.resolveTestSpecification('p 1', 'E2E', true, 'xlt.JUnit')).toBe('s-new');
    await client.close();
    expect(created).toEqual([{ title: 'New' }, { title: 'E2E', testToolName: 'xlt.JUnit' }]);
    expect(server.requests.filter((r) => r.method === 'GET').map((r) => r.url)).toContain(
      '/api/v1/projects/p%201/testspecifications?title=Unit%20tests',
    );
  });

  it('does not repeat a create whose response was lost', async () => {
    const server = await serve(async (ctx) => {
      if (ctx.req.method === 'GET') return ctx.send(200, []);
      await ctx.body();
      ctx.req.socket.destroy();
    });
    const client = testClient({ url: server.url });
    await expect(client.resolveProject('X', true)).rejects.toMatchObject({ code: 'NETWORK' });
    await client.close();
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });
});
