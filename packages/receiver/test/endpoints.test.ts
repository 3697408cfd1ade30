/**
 * Every endpoint and status of docs/protocol.md §1 and §5, the receiver's own pages, and the
 * specs file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpecificationsFile, startReceiver } from '../src/index.js';
import type { Receiver, TestSpecification } from '../src/index.js';
import {
  archiverZip,
  importHeaders,
  jsonPart,
  multipartBody,
  newBoundary,
  request,
  sha256,
  zipPart,
} from './helpers.js';

let zip: Buffer;
beforeAll(async () => {
  zip = await archiverZip([{ name: 'reports/TEST-x.xml', content: '<testsuite name="x"/>' }]);
});

function importBody(metadata: unknown = {}): { headers: Record<string, string>; body: Buffer } {
  const boundary = newBoundary();
  return {
    headers: importHeaders(boundary),
    body: multipartBody(boundary, [jsonPart(metadata), zipPart(zip)]),
  };
}

function json(body: string): unknown {
  return JSON.parse(body);
}

describe('open mode (default), with a context root', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver({ contextRoot: 'xltest/', serverVersion: '1.4.4' });
  });
  afterAll(() => receiver.close());

  it('prints its URL with the context root and no trailing slash', () => {
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/xltest$/);
    expect(receiver.origin).toBe(receiver.url.slice(0, -'/xltest'.length));
  });

  it('GET /api/v1/info', async () => {
    const response = await request(`${receiver.url}/api/v1/info`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json(response.body)).toEqual({
      name: 'XL TestView (xltv receiver)',
      vendor: 'xltv',
      version: '1.4.4',
    });
  });

  it('GET /api/internal/data', async () => {
    const response = await request(`${receiver.url}/api/internal/data`);
    expect(response.status).toBe(200);
    expect(json(response.body)).toEqual({});
  });

  it('the API is only under the context root; //api is not /api', async () => {
    expect((await request(`${receiver.origin}/api/v1/info`)).status).toBe(404);
    expect((await request(`${receiver.url}//api/v1/info`)).status).toBe(404);
    const missing = await request(`${receiver.url}/api/v1/nothing`);
    expect(missing.status).toBe(404);
    expect(json(missing.body)).toMatchObject({ status: 404, errorCode: 'NOT_FOUND' });
  });

  it('405 with Allow for a wrong method', async () => {
    const response = await request(`${receiver.url}/api/v1/info`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET');
    const get = await request(`${receiver.url}/api/internal/import/x`);
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
  });

  it('creates a test specification on first use, with a percent-decoded id, and lists it', async () => {
    const id = 'performance tests (old) for Demo/ü';
    const { headers, body } = importBody();
    const response = await request(
      `${receiver.url}/api/internal/import/${encodeURIComponent(id)}`,
      { headers, body },
    );
    expect(response.status, response.body).toBe(200);
    const listing = json(
      (await request(`${receiver.url}/api/internal/testspecifications/extended`)).body,
    ) as Record<string, TestSpecification>;
    expect(listing[id]).toEqual({
      id,
      title: id,
      type: 'xlt.TestSpecification',
      project: { id: 'default', title: 'Default project' },
      testTool: {
        name: 'xlt.JUnit',
        category: 'functional',
        defaultSearchPattern: '**/TEST-*.xml',
      },
    });
    expect(receiver.imports.at(-1)?.target).toEqual({
      testSpecificationId: id,
      projectId: 'default',
    });
  });

  it('a refused upload does not create the specification', async () => {
    const boundary = newBoundary();
    const response = await request(`${receiver.url}/api/internal/import/never-created`, {
      headers: importHeaders(boundary),
      body: multipartBody(boundary, [jsonPart({ _bad: 1 }), zipPart(zip)]),
    });
    expect(response.status).toBe(400);
    const listing = json(
      (await request(`${receiver.url}/api/internal/testspecifications/extended`)).body,
    ) as object;
    expect(Object.keys(listing)).not.toContain('never-created');
  });

  it('400 for malformed percent-encoding in an id', async () => {
    const { headers, body } = importBody();
    const response = await request(`${receiver.url}/api/internal/import/bad%E0%A4`, {
      headers,
      body,
    });
    expect(response.status).toBe(400);
    expect(json(response.body)).toMatchObject({ errorCode: 'BAD_REQUEST' });
  });

  it('finds and creates projects and test specifications (v1)', async () => {
    const created = await request(`${receiver.url}/api/v1/projects`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'My project' }),
    });
    expect(created.status).toBe(201);
    const project = json(created.body) as { id: string; title: string };
    expect(project.title).toBe('My project');
    expect(project.id).toMatch(/^[0-9a-f-]{36}$/);

    const found = await request(
      `${receiver.url}/api/v1/projects?title=${encodeURIComponent('My project')}`,
    );
    expect(json(found.body)).toEqual([project]);
    expect(json((await request(`${receiver.url}/api/v1/projects?title=nope`)).body)).toEqual([]);

    const specsUrl = `${receiver.url}/api/v1/projects/${project.id}/testspecifications`;
    const specCreated = await request(specsUrl, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Unit tests', testToolName: 'xlt.Gatling' }),
    });
    expect(specCreated.status).toBe(201);
    const spec = json(specCreated.body) as { id: string; title: string; testToolName: string };
    expect(spec).toMatchObject({ title: 'Unit tests', testToolName: 'xlt.Gatling' });
    expect(json((await request(`${specsUrl}?title=Unit%20tests`)).body)).toEqual([
      {
        id: spec.id,
        title: 'Unit tests',
        type: 'xlt.TestSpecification',
        testToolName: 'xlt.Gatling',
      },
    ]);
    const listing = json(
      (await request(`${receiver.url}/api/internal/testspecifications/extended`)).body,
    ) as Record<string, TestSpecification>;
    expect(listing[spec.id]?.testTool).toEqual({ name: 'xlt.Gatling', category: 'performance' });
    expect(listing[spec.id]?.project).toEqual(project);

    // The specification's tool is Gatling, and the receiver reads results: send its log.
    const gatlingZip = await archiverZip([
      {
        name: 'gatling/basic/simulation.log',
        content:
          'RUN\tcomputerdatabase.BasicSimulation\tbasicsimulation\t1700000000000\t \t3.9.5\n' +
          'REQUEST\t\thome\t1700000000100\t1700000000180\tOK\t \n',
      },
    ]);
    const boundary = newBoundary();
    const imported = await request(`${specsUrl}/${spec.id}/testruns`, {
      headers: importHeaders(boundary),
      body: multipartBody(boundary, [jsonPart({ importedFrom: 'test' }), zipPart(gatlingZip)]),
    });
    expect(imported.status, imported.body).toBe(201);
    expect(receiver.imports.at(-1)?.results).toMatchObject({ tests: 1, formats: { gatling: 1 } });
    expect(receiver.imports.at(-1)?.target).toEqual({
      testSpecificationId: spec.id,
      projectId: project.id,
    });

    // A known specification of another project is not found through this project.
    const elsewhere = importBody({ other: 'x' });
    const wrong = await request(
      `${receiver.url}/api/v1/projects/default/testspecifications/${spec.id}/testruns`,
      elsewhere,
    );
    expect(wrong.status).toBe(404);
  });

  it('400 for a project without a title; 404 for specifications of an unknown project', async () => {
    const bad = await request(`${receiver.url}/api/v1/projects`, {
      body: JSON.stringify({ name: 'x' }),
    });
    expect(bad.status).toBe(400);
    expect(json(bad.body)).toMatchObject({ errorCode: 'BAD_REQUEST' });
    const notJson = await request(`${receiver.url}/api/v1/projects`, { body: '{' });
    expect(json(notJson.body)).toMatchObject({ errorCode: 'INVALID_JSON' });
    expect((await request(`${receiver.url}/api/v1/projects/nope/testspecifications`)).status).toBe(
      404,
    );
  });

  it('GET /imports, /imports/{id}, /imports/{id}/zip, at the root and under the context root', async () => {
    const { headers, body } = importBody({ listed: 'yes' });
    const response = await request(`${receiver.url}/api/internal/import/listed`, { headers, body });
    expect(response.status).toBe(200);
    const list = json((await request(`${receiver.origin}/imports`)).body) as Record<
      string,
      unknown
    >[];
    expect(json((await request(`${receiver.url}/imports`)).body)).toEqual(list);
    const last = list.at(-1) as { id: string; zipFile?: string };
    expect(last).toMatchObject({
      target: { testSpecificationId: 'listed', projectId: 'default' },
      metadata: { listed: 'yes' },
      entries: [{ path: 'reports/TEST-x.xml', size: 21, sha256: sha256('<testsuite name="x"/>') }],
      testRunIds: [(json(response.body) as { testRunId: string }).testRunId],
    });
    expect(last.zipFile).toBeUndefined();
    expect(json((await request(`${receiver.origin}/imports/${last.id}`)).body)).toEqual(last);
    const zipResponse = await request(`${receiver.origin}/imports/${last.id}/zip`);
    expect(zipResponse.headers['content-type']).toBe('application/zip');
    expect(sha256(zipResponse.bytes)).toBe(sha256(zip));
    expect((await request(`${receiver.origin}/imports/unknown`)).status).toBe(404);
  });
});

describe('HTML page', () => {
  it('lists imports and escapes every value', async () => {
    const receiver = await startReceiver();
    try {
      const evil = '<script>alert("x")</script>';
      const boundary = newBoundary();
      const evilZip = await archiverZip([{ name: `a<b>&"'.xml`, content: 'x' }]);
      const response = await request(
        `${receiver.url}/api/internal/import/${encodeURIComponent('<img src=x>')}`,
        {
          headers: importHeaders(boundary),
          body: multipartBody(boundary, [
            jsonPart({ [`k${evil}`]: evil, list: [evil] }),
            zipPart(evilZip),
          ]),
        },
      );
      expect(response.status).toBe(200);
      const page = await request(`${receiver.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
      expect(page.body).not.toContain('<script>');
      expect(page.body).not.toContain('<img');
      expect(page.body).not.toContain('<b>');
      expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(page.body).toContain('a&lt;b&gt;&amp;&quot;&#39;.xml');
      expect(page.body).toContain('&lt;img src=x&gt;');
      expect(page.body).toContain(receiver.imports[0]?.id);
    } finally {
      await receiver.close();
    }
  });
});

describe('closed mode (a specs file)', () => {
  let receiver: Receiver;
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'xltv-receiver-specs-'));
    const file = path.join(directory, 'specs.json');
    await writeFile(
      file,
      JSON.stringify({
        'junit-1': {
          title: 'JUnit',
          project: { id: 'p1', title: 'Project one' },
          qualification: { type: 'xlt.DefaultFunctionalTestsQualifier', description: 'all pass' },
          testTool: {
            name: 'xlt.JUnit',
            category: 'functional',
            defaultSearchPattern: 'build/**/TEST-*.xml',
          },
        },
        'the-set': {
          type: 'xlt.TestSpecificationSet',
          project: { id: 'p1', title: 'Project one' },
        },
      }),
    );
    receiver = await startReceiver({ specs: await loadSpecificationsFile(file) });
  });
  afterAll(async () => {
    await receiver.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('lists exactly the file’s specifications in the extended shape', async () => {
    const listing = json(
      (await request(`${receiver.url}/api/internal/testspecifications/extended`)).body,
    );
    expect(listing).toEqual({
      'junit-1': {
        id: 'junit-1',
        title: 'JUnit',
        type: 'xlt.TestSpecification',
        project: { id: 'p1', title: 'Project one' },
        qualification: { type: 'xlt.DefaultFunctionalTestsQualifier', description: 'all pass' },
        testTool: {
          name: 'xlt.JUnit',
          category: 'functional',
          defaultSearchPattern: 'build/**/TEST-*.xml',
        },
      },
      'the-set': {
        id: 'the-set',
        title: 'the-set',
        type: 'xlt.TestSpecificationSet',
        project: { id: 'p1', title: 'Project one' },
        testTool: {
          name: 'xlt.JUnit',
          category: 'functional',
          defaultSearchPattern: '**/TEST-*.xml',
        },
      },
    });
    expect(json((await request(`${receiver.url}/api/v1/projects`)).body)).toEqual([
      { id: 'p1', title: 'Project one' },
    ]);
  });

  it('accepts uploads to a listed specification on both endpoints', async () => {
    expect(
      (await request(`${receiver.url}/api/internal/import/junit-1`, importBody({ a: '1' }))).status,
    ).toBe(200);
    expect(
      (
        await request(
          `${receiver.url}/api/v1/projects/p1/testspecifications/junit-1/testruns`,
          importBody({ a: '2' }),
        )
      ).status,
    ).toBe(304);
  });

  it('404 for an unknown specification or project, before reading the body', async () => {
    for (const url of [
      `${receiver.url}/api/internal/import/unknown`,
      `${receiver.url}/api/v1/projects/p2/testspecifications/junit-1/testruns`,
    ]) {
      const response = await request(url, { ...importBody(), expectContinue: true });
      expect(response.status).toBe(404);
      expect(response.continued).toBe(false);
      expect(response.bodyStarted).toBe(false);
      expect(json(response.body)).toMatchObject({ status: 404, errorCode: 'NOT_FOUND' });
    }
  });

  it('400 TEST_SPECIFICATION_SET for an upload to a set', async () => {
    const response = await request(`${receiver.url}/api/internal/import/the-set`, importBody());
    expect(response.status).toBe(400);
    const error = json(response.body) as { errorCode: string; message: string };
    expect(error.errorCode).toBe('TEST_SPECIFICATION_SET');
    expect(error.message).toContain('set');
  });

  it('refuses a malformed specs file with a message naming the entry', async () => {
    const file = path.join(directory, 'bad.json');
    await writeFile(file, JSON.stringify([{ id: 'a' }, { title: 'no id' }]));
    await expect(loadSpecificationsFile(file)).rejects.toThrow(/#2 has no id/);
    await writeFile(file, '{"a": {"id": "b"}}');
    await expect(loadSpecificationsFile(file)).rejects.toThrow(/not its key/);
    await writeFile(file, '[{"id":"a"},{"id":"a"}]');
    await expect(loadSpecificationsFile(file)).rejects.toThrow(/listed twice/);
  });
});

describe('authentication and licence', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver({ user: 'zoë', password: 'pä:ss wörd' });
  });
  afterAll(() => receiver.close());

  const basic = (user: string, password: string, encoding: BufferEncoding = 'utf8'): string =>
    `Basic ${Buffer.from(`${user}:${password}`, encoding).toString('base64')}`;

  it('401 with WWW-Authenticate without credentials, on every API endpoint', async () => {
    for (const url of [
      `${receiver.url}/api/v1/info`,
      `${receiver.url}/api/internal/data`,
      `${receiver.url}/api/internal/testspecifications/extended`,
      `${receiver.url}/api/v1/projects`,
    ]) {
      const response = await request(url);
      expect(response.status, url).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Basic realm="XL TestView"');
      expect(json(response.body)).toMatchObject({ status: 401, errorCode: 'UNAUTHORIZED' });
    }
  });

  it('401 for a wrong password, a wrong user, or another scheme; the password is never echoed', async () => {
    for (const authorization of [
      basic('zoë', 'wrong'),
      basic('zoe', 'pä:ss wörd'),
      'Bearer pä:ss wörd',
      'Basic !!!',
    ]) {
      const response = await request(`${receiver.url}/api/v1/info`, { headers: { authorization } });
      expect(response.status, authorization).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Basic realm="XL TestView"');
      expect(response.body).not.toContain('wrong');
    }
  });

  it('accepts UTF-8 credentials (a colon inside the password is part of it)', async () => {
    const response = await request(`${receiver.url}/api/v1/info`, {
      headers: { authorization: basic('zoë', 'pä:ss wörd') },
    });
    expect(response.status).toBe(200);
  });

  it('accepts ISO-8859-1 credentials as the Jenkins plugin sends them', async () => {
    const response = await request(`${receiver.url}/api/v1/info`, {
      headers: { authorization: basic('zoë', 'pä:ss wörd', 'latin1') },
    });
    expect(response.status).toBe(200);
  });

  it('answers 401 to an import before the body is sent (Expect: 100-continue)', async () => {
    const response = await request(`${receiver.url}/api/internal/import/s`, {
      ...importBody(),
      expectContinue: true,
    });
    expect(response.status).toBe(401);
    expect(response.continued).toBe(false);
    expect(response.bodyStarted).toBe(false);
    expect(receiver.imports).toHaveLength(0);
  });

  it('imports with credentials and records the user, not the password', async () => {
    const { headers, body } = importBody();
    const response = await request(`${receiver.url}/api/internal/import/s`, {
      headers: { ...headers, authorization: basic('zoë', 'pä:ss wörd') },
      body,
    });
    expect(response.status).toBe(200);
    expect(receiver.imports[0]?.request.user).toBe('zoë');
    expect(JSON.stringify(receiver.imports[0])).not.toContain('wörd');
  });

  it('the receiver’s own pages need no credentials', async () => {
    expect((await request(`${receiver.origin}/imports`)).status).toBe(200);
  });

  it('402 everywhere in the API when unlicensed, after authentication', async () => {
    const unlicensed = await startReceiver({ licensed: false, user: 'u', password: 'p' });
    try {
      expect((await request(`${unlicensed.url}/api/v1/info`)).status).toBe(401);
      for (const url of [`${unlicensed.url}/api/v1/info`, `${unlicensed.url}/api/internal/data`]) {
        const response = await request(url, { headers: { authorization: basic('u', 'p') } });
        expect(response.status).toBe(402);
        expect(json(response.body)).toMatchObject({ status: 402, errorCode: 'LICENSE_REQUIRED' });
      }
      const { headers, body } = importBody();
      const upload = await request(`${unlicensed.url}/api/internal/import/s`, {
        headers: { ...headers, authorization: basic('u', 'p') },
        body,
      });
      expect(upload.status).toBe(402);
      expect(unlicensed.imports).toHaveLength(0);
    } finally {
      await unlicensed.close();
    }
  });
});
