import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { XltvError } from './errors.js';
import {
  buildMetadata,
  isReservedCiKey,
  parseMetaFlags,
  readMetaFile,
  type MetadataLayer,
  type MetadataLayerKind,
} from './metadata.js';
import { stripCredentials } from './secrets.js';

/** Run `fn`, expect an XltvError, return it. */
function thrown(fn: () => unknown): XltvError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(XltvError);
    return error as XltvError;
  }
  throw new Error('expected an XltvError, nothing was thrown');
}

async function rejected(promise: Promise<unknown>): Promise<XltvError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(XltvError);
    return error as XltvError;
  }
  throw new Error('expected an XltvError, the promise resolved');
}

const layer = (
  kind: MetadataLayerKind,
  values: Record<string, unknown>,
  origins?: Record<string, string>,
): MetadataLayer => (origins ? { kind, values, origins } : { kind, values });

describe('buildMetadata: precedence and origins', () => {
  const kinds: MetadataLayerKind[] = ['adapter', 'api', 'generic', 'metaFile', 'meta', 'override'];

  it('lets each later kind win, whatever the order of the array', () => {
    const all = kinds.map((kind) => layer(kind, { branch: `from-${kind}` }));
    // Present them shuffled: reversed, then rotated.
    const shuffled = [...all.slice(3).reverse(), ...all.slice(0, 3).reverse()];
    for (let top = kinds.length; top >= 1; top--) {
      const present = shuffled.filter((l) => kinds.indexOf(l.kind) < top);
      const { metadata, origins } = buildMetadata(present);
      expect(metadata.branch).toBe(`from-${kinds[top - 1]}`);
      expect(origins.branch).toBe(kinds[top - 1]);
    }
  });

  it('keeps input order between two layers of one kind (the later wins)', () => {
    const { metadata } = buildMetadata([
      layer('meta', { stage: 'first' }),
      layer('adapter', { stage: 'adapter' }),
      layer('meta', { stage: 'second' }),
    ]);
    expect(metadata.stage).toBe('second');
  });

  it('records per-key origins from the layer, defaulting to the kind', () => {
    const { metadata, origins } = buildMetadata([
      layer(
        'adapter',
        { ciBuildNumber: '42', ciJobName: 'job', source: 'jenkins' },
        { ciBuildNumber: 'BUILD_NUMBER', source: 'detected CI' },
      ),
      layer('metaFile', { team: 'qa' }),
      layer('meta', { ciJobName: 'renamed' }),
    ]);
    expect(metadata).toEqual({
      ciBuildNumber: '42',
      ciJobName: 'renamed',
      source: 'jenkins',
      team: 'qa',
    });
    expect(origins).toEqual({
      ciBuildNumber: 'BUILD_NUMBER',
      ciJobName: 'meta',
      source: 'detected CI',
      team: 'metaFile',
    });
  });

  it('orders keys: the seed, then the extras, then the rest as first given', () => {
    const { metadata } = buildMetadata([
      layer('metaFile', { zeta: 'z', alpha: 'a' }),
      layer('adapter', { branch: 'main', source: 'gitlab', ciBuildNumber: '7' }),
    ]);
    expect(Object.keys(metadata)).toEqual(['ciBuildNumber', 'source', 'branch', 'zeta', 'alpha']);
  });

  it('refuses an unknown layer kind', () => {
    const error = thrown(() =>
      buildMetadata([{ kind: 'env' as MetadataLayerKind, values: { a: 'b' } }]),
    );
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.details).toMatchObject({ option: 'layers', kind: 'env' });
  });

  it('returns an empty object for no layers', () => {
    expect(buildMetadata([])).toEqual({ metadata: {}, origins: {}, warnings: [] });
  });
});

describe('buildMetadata: keys', () => {
  it.each([
    ['@timestamp', 'reserved-prefix-at'],
    ['_id', 'reserved-prefix-underscore'],
    ['__proto__', 'reserved-prefix-underscore'],
    ['', 'empty-key'],
    ['   ', 'empty-key'],
  ])('refuses user key %j (rule %s), naming key, rule, layer and value', (key, rule) => {
    const values = JSON.parse(`{${JSON.stringify(key)}: "v"}`) as Record<string, unknown>;
    const error = thrown(() => buildMetadata([layer('meta', values)]));
    expect(error.code).toBe('INVALID_METADATA');
    expect(error.details).toMatchObject({ key, rule, layer: 'meta', value: 'v' });
  });

  it('drops a bad key from an adapter layer with a warning and goes on', () => {
    const { metadata, warnings } = buildMetadata([
      layer('adapter', { '@bad': 'x', branch: 'main' }, { '@bad': 'SOME_VAR' }),
    ]);
    expect(metadata).toEqual({ branch: 'main' });
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'ADAPTER_VALUE_DROPPED',
        details: expect.objectContaining({
          key: '@bad',
          rule: 'reserved-prefix-at',
          variable: 'SOME_VAR',
        }),
      }),
    ]);
  });

  it('allows a reserved ci… key with a warning, and leaves ordinary "ci" words alone', () => {
    const { metadata, warnings } = buildMetadata([
      layer('meta', {
        ciFoo: '1',
        ci_bar: '2',
        city: 'Paris',
        circle: 'round',
        ciBuildNumber: '3',
      }),
    ]);
    expect(metadata).toMatchObject({ ciFoo: '1', ci_bar: '2', city: 'Paris', circle: 'round' });
    expect(warnings.map((w) => [w.code, w.details?.key])).toEqual([
      ['RESERVED_CI_KEY', 'ciFoo'],
      ['RESERVED_CI_KEY', 'ci_bar'],
    ]);
  });

  it('isReservedCiKey matches the rule', () => {
    expect(isReservedCiKey('ciFoo')).toBe(true);
    expect(isReservedCiKey('ci')).toBe(true);
    expect(isReservedCiKey('ci-x')).toBe(true);
    expect(isReservedCiKey('ciBuildUrl')).toBe(false);
    expect(isReservedCiKey('source')).toBe(false);
    expect(isReservedCiKey('civic')).toBe(false);
    expect(isReservedCiKey('CIfoo')).toBe(false);
  });
});

describe('buildMetadata: seed types and URLs', () => {
  it.each([
    ['ciBuildNumber', 42],
    ['ciBuildResult', true],
    ['source', ['a']],
    ['ciExecutedOn', null],
  ])('refuses a non-string %s from a user', (key, value) => {
    const error = thrown(() => buildMetadata([layer('metaFile', { [key]: value })]));
    expect(error.code).toBe('INVALID_METADATA');
    expect(error.details).toMatchObject({ key, rule: 'not-string', layer: 'metaFile' });
  });

  it('drops a non-string seed value from an adapter with a warning', () => {
    const { metadata, warnings } = buildMetadata([
      layer('api', { ciBuildNumber: 42, ciJobName: 'ok' }),
    ]);
    expect(metadata).toEqual({ ciJobName: 'ok' });
    expect(warnings[0]).toMatchObject({
      code: 'ADAPTER_VALUE_DROPPED',
      details: { key: 'ciBuildNumber', rule: 'not-string', layer: 'api', value: 42 },
    });
  });

  it.each(['job/42', '/job/42', 'jenkins', 'ftp://ci.example.com/job', 'mailto:a@b.c', 'http://'])(
    'refuses a user URL %j that is not absolute http(s)',
    (value) => {
      for (const key of ['ciBuildUrl', 'ciJobUrl', 'ciServerUrl']) {
        const error = thrown(() => buildMetadata([layer('override', { [key]: value })]));
        expect(error.code).toBe('INVALID_METADATA');
        expect(error.details).toMatchObject({
          key,
          rule: 'not-absolute-http-url',
          layer: 'override',
          value,
        });
      }
    },
  );

  it('drops an adapter URL derived from a malformed variable, naming the variable', () => {
    const { metadata, origins, warnings } = buildMetadata([
      layer(
        'adapter',
        { ciServerUrl: 'jenkins', ciBuildNumber: '5', source: 'jenkins' },
        { ciServerUrl: 'JENKINS_URL', ciBuildNumber: 'BUILD_NUMBER' },
      ),
    ]);
    expect(metadata).toEqual({ ciBuildNumber: '5', source: 'jenkins' });
    expect(origins.ciServerUrl).toBeUndefined();
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'ADAPTER_URL_DROPPED',
        details: expect.objectContaining({
          key: 'ciServerUrl',
          variable: 'JENKINS_URL',
          rule: 'not-absolute-http-url',
          value: 'jenkins',
        }),
      }),
    ]);
  });

  it('accepts absolute http and https URLs, with a context root', () => {
    const { metadata, warnings } = buildMetadata([
      layer('meta', {
        ciServerUrl: 'https://ci.example.com:8443/jenkins/',
        ciJobUrl: 'http://ci/job/x',
        ciBuildUrl: 'https://ci.example.com/job/x/3/',
      }),
    ]);
    expect(metadata.ciServerUrl).toBe('https://ci.example.com:8443/jenkins/');
    expect(metadata.ciJobUrl).toBe('http://ci/job/x');
    expect(warnings).toEqual([]);
  });

  it('warns about an unknown ciBuildResult from a user but keeps it', () => {
    const { metadata, warnings } = buildMetadata([layer('override', { ciBuildResult: 'PASSED' })]);
    expect(metadata.ciBuildResult).toBe('PASSED');
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_BUILD_RESULT',
        details: expect.objectContaining({ value: 'PASSED', origin: 'override' }),
      }),
    ]);
    expect(buildMetadata([layer('override', { ciBuildResult: 'UNSTABLE' })]).warnings).toEqual([]);
  });
});

describe('buildMetadata: other values', () => {
  it('accepts strings, finite numbers, booleans and arrays of those', () => {
    const values = { s: 'x', n: -1.5, z: 0, t: true, f: false, list: ['a', 2, false] };
    const { metadata, warnings } = buildMetadata([layer('metaFile', values)]);
    expect(metadata).toEqual(values);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['null', null, 'null-value', true],
    ['object', { a: 1 }, 'object-value', false],
    ['array of objects', [{ a: 1 }], 'object-value', false],
    ['nested array', [['a']], 'nested-array', false],
    ['array with null', ['a', null], 'null-value', false],
    ['array with ""', ['a', ''], 'empty-string-in-array', false],
    ['NaN', Number.NaN, 'non-finite-number', true],
    ['Infinity', Number.POSITIVE_INFINITY, 'non-finite-number', true],
    ['bigint', 10n, 'unsupported-type', false],
  ])('refuses %s from a user (rule %s)', (_label, value, rule, valueShown) => {
    const error = thrown(() => buildMetadata([layer('metaFile', { extra: value })]));
    expect(error.code).toBe('INVALID_METADATA');
    expect(error.details).toMatchObject({ key: 'extra', rule, layer: 'metaFile' });
    expect('value' in error.details).toBe(valueShown);
  });

  it('drops the same values from adapter layers with warnings', () => {
    const { metadata, warnings } = buildMetadata([
      layer('generic', { a: null, b: { x: 1 }, c: Number.NaN, keep: 'yes' }),
    ]);
    expect(metadata).toEqual({ keep: 'yes' });
    expect(warnings.map((w) => [w.code, w.details?.key, w.details?.rule])).toEqual([
      ['ADAPTER_VALUE_DROPPED', 'a', 'null-value'],
      ['ADAPTER_VALUE_DROPPED', 'b', 'object-value'],
      ['ADAPTER_VALUE_DROPPED', 'c', 'non-finite-number'],
    ]);
  });

  it('treats empty values from adapters as absent, silently', () => {
    const { metadata, origins, warnings } = buildMetadata([
      layer('adapter', { branch: '', tag: '  ', commit: undefined, list: [], stage: 'test' }),
    ]);
    expect(metadata).toEqual({ stage: 'test' });
    expect(Object.keys(origins)).toEqual(['stage']);
    expect(warnings).toEqual([]);
  });

  it('lets an empty user value remove a key an adapter set (and its origin)', () => {
    const { metadata, origins } = buildMetadata([
      layer('adapter', { ciJobUrl: 'https://ci/job', branch: 'main' }, { ciJobUrl: 'JOB_URL' }),
      layer('meta', { ciJobUrl: '' }),
    ]);
    expect(metadata).toEqual({ branch: 'main' });
    expect(origins).toEqual({ branch: 'adapter' });
  });

  it('a higher layer can set a key again after a lower user layer removed it', () => {
    const { metadata, origins } = buildMetadata([
      layer('adapter', { stage: 'a' }),
      layer('metaFile', { stage: '' }),
      layer('override', { stage: 'o' }),
    ]);
    expect(metadata).toEqual({ stage: 'o' });
    expect(origins).toEqual({ stage: 'override' });
  });
});

describe('buildMetadata: secrets', () => {
  it('removes credentials from user URL values, with a warning that holds no secret', () => {
    const { metadata, warnings } = buildMetadata([
      layer('meta', {
        link: 'https://alice:s3cr3t@reports.example.com/run/1',
        note: 'see http://tok3n@host/x and ssh://git@host/repo.git',
        list: ['https://bob:pw0rd@h/x'],
      }),
    ]);
    expect(metadata.link).toBe('https://reports.example.com/run/1');
    expect(metadata.note).toBe('see http://host/x and ssh://git@host/repo.git');
    expect(metadata.list).toEqual(['https://h/x']);
    expect(warnings.map((w) => [w.code, w.details?.key])).toEqual([
      ['CREDENTIALS_REMOVED', 'link'],
      ['CREDENTIALS_REMOVED', 'note'],
      ['CREDENTIALS_REMOVED', 'list'],
    ]);
    const text = JSON.stringify({ metadata, warnings });
    for (const secret of ['s3cr3t', 'tok3n', 'pw0rd', 'alice']) expect(text).not.toContain(secret);
  });

  it('removes credentials from an adapter repositoryUrl', () => {
    const { metadata, warnings } = buildMetadata([
      layer(
        'adapter',
        { repositoryUrl: 'https://x-access-token:ghs_abc@github.com/o/r.git' },
        { repositoryUrl: 'GIT_URL' },
      ),
    ]);
    expect(metadata.repositoryUrl).toBe('https://github.com/o/r.git');
    expect(warnings[0]).toMatchObject({
      code: 'CREDENTIALS_REMOVED',
      details: { key: 'repositoryUrl', origin: 'GIT_URL' },
    });
    expect(JSON.stringify(warnings)).not.toContain('ghs_abc');
  });

  it('never puts a password into error details', () => {
    const error = thrown(() =>
      buildMetadata([layer('meta', { ciBuildUrl: 'ftp://carol:hunter2@ci/build/1' })]),
    );
    expect(error.details).toMatchObject({
      rule: 'not-absolute-http-url',
      value: 'ftp://ci/build/1',
    });
    expect(JSON.stringify(error.details) + error.message).not.toContain('hunter2');
  });

  it('refuses a key that holds URL credentials without repeating them', () => {
    const error = thrown(() => buildMetadata([layer('meta', { 'https://u:pa55@h/x': 'v' })]));
    expect(error.details).toMatchObject({ key: 'https://h/x', rule: 'credentials-in-key' });
    expect(JSON.stringify(error.details) + error.message).not.toContain('pa55');
  });

  it('stripCredentials keeps plain text and scp-style remotes', () => {
    expect(stripCredentials('git@github.com:o/r.git')).toBe('git@github.com:o/r.git');
    expect(stripCredentials('a@b.c')).toBe('a@b.c');
    expect(stripCredentials('ssh://deploy:pw@host/r')).toBe('ssh://host/r');
    expect(stripCredentials('HTTPS://U:P@H/')).toBe('HTTPS://H/');
  });
});

describe('parseMetaFlags', () => {
  it('splits each item at the first "="', () => {
    expect(parseMetaFlags(['a=b', 'c=d=e', ' team =qa ', 'empty=', 'url=https://x/?q=1'])).toEqual({
      a: 'b',
      c: 'd=e',
      team: 'qa ',
      empty: '',
      url: 'https://x/?q=1',
    });
  });

  it('keeps the last value of a repeated key', () => {
    expect(parseMetaFlags(['k=1', 'k=2'])).toEqual({ k: '2' });
  });

  it('keeps "__proto__" as a plain key, which buildMetadata then refuses', () => {
    const parsed = parseMetaFlags(['__proto__=x']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(thrown(() => buildMetadata([layer('meta', parsed)])).details).toMatchObject({
      rule: 'reserved-prefix-underscore',
    });
  });

  it.each([
    ['novalue', 'missing-equals'],
    ['=value', 'empty-key'],
    ['  =value', 'empty-key'],
  ])('refuses %j (rule %s) naming the item', (item, rule) => {
    const error = thrown(() => parseMetaFlags(['ok=1', item]));
    expect(error.code).toBe('INVALID_METADATA');
    expect(error.details).toMatchObject({ item, rule });
  });
});

describe('readMetaFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xltv-meta-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a JSON object (with or without a BOM)', async () => {
    const file = join(dir, 'meta.json');
    await writeFile(file, '\uFEFF{"team":"qa","n":1,"list":["a"]}');
    expect(await readMetaFile(file)).toEqual({ team: 'qa', n: 1, list: ['a'] });
  });

  it('reports a missing file as UNREADABLE_FILE with path and reason', async () => {
    const file = join(dir, 'missing.json');
    const error = await rejected(readMetaFile(file));
    expect(error.code).toBe('UNREADABLE_FILE');
    expect(error.details).toEqual({ path: file, option: 'metaFile', reason: 'ENOENT' });
  });

  it('reports a directory as UNREADABLE_FILE', async () => {
    const sub = join(dir, 'sub.json');
    await mkdir(sub);
    const error = await rejected(readMetaFile(sub));
    expect(error.code).toBe('UNREADABLE_FILE');
    expect(error.details).toMatchObject({ path: sub, reason: 'EISDIR' });
  });

  it('reports bad JSON as not-json without quoting the file', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{"token": "sekrit-value" oops}');
    const error = await rejected(readMetaFile(file));
    expect(error.code).toBe('INVALID_METADATA');
    expect(error.details).toMatchObject({ path: file, rule: 'not-json' });
    expect(JSON.stringify(error.details) + error.message).not.toContain('sekrit');
  });

  it.each([
    ['[1,2]', 'array'],
    ['null', 'null'],
    ['"text"', 'string'],
    ['3', 'number'],
  ])('reports %s as not-object', async (text, type) => {
    const file = join(dir, 'x.json');
    await writeFile(file, text);
    const error = await rejected(readMetaFile(file));
    expect(error.code).toBe('INVALID_METADATA');
    expect(error.details).toMatchObject({ path: file, rule: 'not-object', type });
  });

  it('feeds buildMetadata, which names the key a file breaks', async () => {
    const file = join(dir, 'meta.json');
    await writeFile(file, JSON.stringify({ team: 'qa', nested: { no: true } }));
    const values = await readMetaFile(file);
    const error = thrown(() => buildMetadata([layer('metaFile', values, { team: file })]));
    expect(error.details).toMatchObject({
      key: 'nested',
      rule: 'object-value',
      layer: 'metaFile',
    });
  });
});
