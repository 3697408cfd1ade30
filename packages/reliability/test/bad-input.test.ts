// Hostile and odd input, generated with fast-check: metadata keys and values, file names,
// glob patterns. Every run must end in its documented outcome: exit 0 with exactly the
// expected files (byte for byte) and metadata stored, or exit 2 with an input error code and
// nothing stored. Never another exit code, never a stack trace, never a partial import.
// Plus files that change, vanish or cannot be read while the CLI works.
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { chmod, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { CI_PROPERTY_KEYS } from '@xltv/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { expectOrderlyExit, runCli, type CliRun } from './helpers/cli.js';
import { useLeakGuard } from './helpers/evidence.js';
import { junitXml, writeFileAt, type WrittenFiles } from './helpers/fixtures.js';
import { CLI_BIN } from './helpers/paths.js';
import { closeReceivers, startTestReceiver, type TestReceiver } from './helpers/receiver.js';
import { removeTempDirs, tempDir } from './helpers/tmp.js';
import { expectStoredExactly, resultsWorkspace, SPEC_ID, uploadArgs } from './helpers/upload.js';
import { sha256 } from './helpers/zip.js';

useLeakGuard();
afterEach(closeReceivers);
afterAll(removeTempDirs);

/** Error codes that mean "bad input, found before anything was imported" (exit 2). */
const INPUT_CODES = [
  'INVALID_OPTION',
  'INVALID_METADATA',
  'INVALID_URL',
  'NO_PATTERNS',
  'NO_FILES',
  'UNREADABLE_FILE',
  'UNSAFE_PATH',
  'FILE_CHANGED',
];

/** The keys docs/protocol.md §4 gives a meaning (and rules) of their own: left to dedicated tests. */
const PROTOCOL_KEYS: ReadonlySet<string> = new Set(CI_PROPERTY_KEYS);
const DEFAULT_EXCLUDED_SEGMENTS = new Set([
  '.git',
  '.svn',
  '.hg',
  'CVS',
  'node_modules',
  '.DS_Store',
]);

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Arguments cannot carry NUL, and lone surrogates do not survive the trip through argv. */
function argvSafe(text: string): boolean {
  return !text.includes('\0') && !LONE_SURROGATE.test(text);
}

/** The common end of every property run: documented exit, receipt and store consistency. */
function expectNoPartialSuccess(run: CliRun, receiver: TestReceiver, importsBefore: number): void {
  expectOrderlyExit(run);
  if (run.code === 0) {
    expect(run.receipt?.status).toBe('imported');
    expect(receiver.imports).toHaveLength(importsBefore + 1);
  } else {
    expect(run.code, `stderr:\n${run.stderr}`).toBe(2);
    expect(run.receipt?.status).toBe('failed');
    expect(INPUT_CODES).toContain(run.receipt?.error?.code);
    expect(run.receipt?.attempts).toBe(0);
    expect(receiver.imports).toHaveLength(importsBefore);
  }
}

describe('metadata keys and values (--meta k=v)', () => {
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 0, maxLength: 10 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 0, maxLength: 8 }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '@',
        '_',
        ' ',
        '\t',
        '=',
        'ci',
        '__proto__',
        'constructor',
        '"',
        '\\',
        'ü',
        '💥',
        '\u0301',
        '\n',
      ),
    },
  );
  const text = fc.array(piece, { maxLength: 3 }).map((parts) => parts.join(''));
  // Mostly keys that start with an ordinary character (so many runs import), sometimes anything.
  const key = fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), text)
        .map(([head, tail]) => head + tail),
    },
    { weight: 1, arbitrary: text },
  );
  const pair = fc
    .tuple(key, text)
    .filter(([k, value]) => argvSafe(k) && argvSafe(value) && !`${k}=${value}`.includes('://'));

  it('each run imports exactly the documented metadata or refuses with INVALID_METADATA', async () => {
    const receiver = await startTestReceiver();
    let runIndex = 0;
    const outcomes = { imported: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(pair, { minLength: 1, maxLength: 3 }), async (pairs) => {
        runIndex += 1;
        const items = pairs.map(([key, value]) => `${key}=${value}`);
        // The documented parse (core parseMetaFlags/buildMetadata): split at the first "=",
        // the key trimmed; empty or @/_-prefixed keys are errors; the last repeat wins; a
        // blank value means absent.
        const expected = new Map<string, string>();
        let invalid = false;
        for (const item of items) {
          const at = item.indexOf('=');
          const name = item.slice(0, at).trim();
          const value = item.slice(at + 1);
          if (name === '' || name.startsWith('@') || name.startsWith('_')) invalid = true;
          expected.set(name, value);
        }
        fc.pre(invalid || [...expected.keys()].every((name) => !PROTOCOL_KEYS.has(name)));
        const { dir } = await resultsWorkspace(`meta-${runIndex}-${Date.now()}`, 1);
        const before = receiver.imports.length;
        const run = await runCli(
          uploadArgs(
            receiver.url,
            items.map((item) => `--meta=${item}`),
          ),
          { cwd: dir },
        );
        expectNoPartialSuccess(run, receiver, before);
        if (invalid) {
          expect(run.code).toBe(2);
          expect(run.receipt?.error?.code).toBe('INVALID_METADATA');
          outcomes.refused += 1;
          return;
        }
        expect(run.code, run.stderr).toBe(0);
        outcomes.imported += 1;
        const stored = receiver.imports[before]!.metadata;
        for (const [name, value] of expected) {
          if (value.trim() === '')
            expect(Object.hasOwn(stored, name), `key ${JSON.stringify(name)} must be absent`).toBe(
              false,
            );
          else expect(stored[name], `key ${JSON.stringify(name)}`).toBe(value);
        }
        expect(run.receipt?.metadata).toEqual(stored);
      }),
      // Random runs may all come out valid: one refused and one imported example always run.
      {
        numRuns: 25,
        examples: [[[['@ref', 'x'] as [string, string]]], [[['team', 'core'] as [string, string]]]],
      },
    );
    // Both documented outcomes were exercised, not just one.
    expect(outcomes.imported).toBeGreaterThanOrEqual(3);
    expect(outcomes.refused).toBeGreaterThanOrEqual(1);
  });

  it('a value holding a URL with credentials is sent without them, with a warning', async () => {
    const receiver = await startTestReceiver();
    const { dir } = await resultsWorkspace('meta-url-credentials', 1);
    const run = await runCli(
      uploadArgs(receiver.url, ['--meta', 'mirror=https://bot:Hunter2-Secret99@mirror.example/x']),
      { cwd: dir },
    );
    expectOrderlyExit(run);
    expect(run.code).toBe(0);
    expect(receiver.imports[0]?.metadata.mirror).toBe('https://mirror.example/x');
    expect(JSON.stringify(run.receipt?.warnings)).toContain('CREDENTIALS_REMOVED');
    expect(`${run.stdout}${run.stderr}`).not.toContain('Hunter2-Secret99');
  });
});

/** Write `names` (relative to dir) with distinct content; drop names that collide with a directory. */
async function writeNamedFiles(
  dir: string,
  names: readonly string[],
  nonce: string,
): Promise<WrittenFiles> {
  const written: WrittenFiles = new Map();
  for (const name of names) {
    try {
      written.set(
        name,
        await writeFileAt(dir, name, junitXml('Named', `${nonce}-${written.size}`)),
      );
    } catch {
      // A file where another name needs a directory (or the reverse): leave this name out.
    }
  }
  return written;
}

describe('file names', () => {
  const segmentOf = (unit: 'grapheme' | 'binary', maxLength: number) =>
    fc
      .string({ unit, minLength: 1, maxLength })
      .filter(
        (segment) =>
          argvSafe(segment) &&
          !segment.includes('/') &&
          segment !== '.' &&
          segment !== '..' &&
          Buffer.byteLength(segment) <= 200 &&
          !DEFAULT_EXCLUDED_SEGMENTS.has(segment),
      );
  /** Printable names (Unicode, spaces, punctuation), no backslash: these must upload. */
  const plainPath = fc
    .array(
      segmentOf('grapheme', 12).filter((segment) => !segment.includes('\\')),
      { minLength: 1, maxLength: 4 },
    )
    .map((segments) => `results/${segments.join('/')}`);
  /** Very long paths: deep and with long segments (still under PATH_MAX). */
  const longPath = fc
    .array(fc.stringMatching(/^[a-zA-Z0-9 äöü_.-]{40,120}$/), { minLength: 8, maxLength: 20 })
    .map((segments) => `results/${segments.join('/')}.xml`)
    .filter((name) => Buffer.byteLength(name) < 3000);
  /**
   * Any code point a Linux file name may hold: control characters, backslashes, format and
   * private-use characters, unassigned code points, non-characters. Line terminators are left
   * to the skipped test "names with line terminators" below.
   */
  const anyPath = fc
    .array(
      segmentOf('binary', 10).filter((segment) => !LINE_TERMINATOR.test(segment)),
      { minLength: 1, maxLength: 3 },
    )
    .map((segments) => `results/${segments.join('/')}`);

  async function uploadNames(
    receiver: TestReceiver,
    names: readonly string[],
    mustSucceed: boolean,
    nonce: string,
  ) {
    const dir = await tempDir('names');
    const files = await writeNamedFiles(dir, names, nonce);
    fc.pre(files.size > 0);
    const before = receiver.imports.length;
    const run = await runCli(uploadArgs(receiver.url), { cwd: dir, timeoutMs: 60_000 });
    expectNoPartialSuccess(run, receiver, before);
    if (mustSucceed) expect(run.code, run.stderr).toBe(0);
    if (run.code === 0) {
      expect(run.receipt?.files).toBe(files.size);
      await expectStoredExactly(receiver, receiver.imports[before]!, files);
    }
    await rm(dir, { recursive: true, force: true });
  }

  it('printable Unicode names with spaces upload with every entry present and byte-identical', async () => {
    const receiver = await startTestReceiver();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(plainPath, { minLength: 1, maxLength: 6 }), async (names) => {
        await uploadNames(receiver, names, true, `plain-${n++}`);
      }),
      { numRuns: 25 },
    );
  });

  it('very long paths upload intact', async () => {
    const receiver = await startTestReceiver();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(longPath, { minLength: 1, maxLength: 3 }), async (names) => {
        await uploadNames(receiver, names, true, `long-${n++}`);
      }),
      { numRuns: 10 },
    );
  });

  it('names with control characters, backslashes, any code point: exit 0 intact, or exit 2 and nothing stored', async () => {
    const receiver = await startTestReceiver();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(anyPath, { minLength: 1, maxLength: 4 }), async (names) => {
        await uploadNames(receiver, names, false, `any-${n++}`);
      }),
      { numRuns: 20 },
    );
  });

  it('a backslash in a file name (a zip-slip on Windows extractors) is refused before sending', async () => {
    const receiver = await startTestReceiver();
    const dir = await tempDir('backslash');
    await writeFileAt(dir, 'results/..\\..\\evil.xml', junitXml('Evil', 'backslash'));
    await writeFileAt(dir, 'results/TEST-ok.xml', junitXml('Ok', 'backslash-ok'));
    const run = await runCli(uploadArgs(receiver.url), { cwd: dir });
    expectOrderlyExit(run);
    expect(run.code).toBe(2);
    expect(run.receipt).toMatchObject({ attempts: 0, error: { code: 'UNSAFE_PATH' } });
    expect(receiver.imports).toHaveLength(0);
  });

  it('a control character in a file name is refused before sending: exit 2, UNSAFE_PATH', async () => {
    const receiver = await startTestReceiver();
    const dir = await tempDir('control-char');
    await writeFileAt(dir, 'results/TEST-\u0001bell\u0007.xml', junitXml('Ctl', 'control'));
    const run = await runCli(uploadArgs(receiver.url), { cwd: dir });
    expectOrderlyExit(run);
    expect(run.code).toBe(2);
    expect(run.receipt).toMatchObject({ attempts: 0, error: { code: 'UNSAFE_PATH' } });
    expect(receiver.imports).toHaveLength(0);
  });

  // The CLI words a name refusal apart from a path outside the base directory.
  it('the refusal of an unusable file name says what is wrong with the name', async () => {
    const receiver = await startTestReceiver();
    const dir = await tempDir('name-message');
    await writeFileAt(dir, 'results/TEST-a\\b.xml', junitXml('Bs', 'message'));
    const run = await runCli(uploadArgs(receiver.url), { cwd: dir });
    expect(run.code).toBe(2);
    // The name, possibly JSON-quoted (the backslash then doubled).
    expect(run.stderr).toMatch(/TEST-a\\{1,2}b\.xml/);
    expect(run.stderr).toMatch(/backslash/i);
    expect(run.stderr).not.toMatch(/outside the base/i);
    expect(run.stderr).toContain('--exclude');
  });

  // `**` used to miss names holding a line terminator (picomatch's regexes use `.`); core now
  // matches such names with the dotAll flag. U+2028/U+2029 are valid in zip names.
  it('names with line terminators are uploaded or refused, never silently left out', async () => {
    const receiver = await startTestReceiver();
    const dir = await tempDir('line-terminators');
    const files: WrittenFiles = new Map();
    for (const name of ['results/a\u2028b.xml', 'results/c\u2029d.xml', 'results/TEST-ok.xml']) {
      files.set(name, await writeFileAt(dir, name, junitXml('Lt', name)));
    }
    const run = await runCli(uploadArgs(receiver.url), { cwd: dir });
    expectNoPartialSuccess(run, receiver, 0);
    expect(run.code, run.stderr).toBe(0);
    await expectStoredExactly(receiver, receiver.imports[0]!, files);
  });
});

describe('glob patterns', () => {
  const TREE = [
    'results/unit/TEST-a.xml',
    'results/unit/TEST-b b.xml',
    'results/ünï cödé/TEST-ü.xml',
    'results/日本/深い/TEST-深.xml',
    'results/space dir/nested/TEST-n.xml',
    'results/.hidden/TEST-h.xml',
    'results/weird [1] (x){y}!.xml',
    'results/TEST-top.xml',
    'other/TEST-o.xml',
    'other/readme.txt',
  ];
  const first = fc.constantFrom('results', 'other', '*', '**');
  const middle = fc.constantFrom(
    'unit',
    'ünï cödé',
    '日本',
    '深い',
    'space dir',
    'nested',
    '.hidden',
    '*',
    '**',
  );
  const last = fc.constantFrom(
    '*',
    '*.xml',
    'TEST-*',
    'TEST-*.xml',
    '*.txt',
    'TEST-a.xml',
    'TEST-深.xml',
    'TEST-b b.xml',
    '*b*',
    '*]*',
  );
  const pattern = fc
    .tuple(fc.boolean(), first, fc.array(middle, { maxLength: 2 }), last)
    .map(
      ([dotSlash, head, mids, tail]) => `${dotSlash ? './' : ''}${[head, ...mids, tail].join('/')}`,
    );

  /** Our own reading of the documented glob rules: `*` = any run of characters but `/`
   * (dot files included), `**` = any number of whole segments, the rest literal. */
  function matches(glob: string, file: string): boolean {
    const segments = glob.replace(/^\.\//, '').split('/');
    let source = '^';
    segments.forEach((segment, index) => {
      const isLast = index === segments.length - 1;
      if (segment === '**') {
        source += isLast ? '.*' : '(?:[^/]+/)*';
        return;
      }
      source += segment
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*');
      if (!isLast) source += '/';
    });
    return new RegExp(`${source}$`, 'u').test(file);
  }

  it('select exactly the files the glob rules say, or exit 2 NO_FILES when none', async () => {
    let n = 0;
    const outcomes = { selected: 0, none: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(pattern, { minLength: 1, maxLength: 2 }),
        // Excludes ending in a bare `*` included: they filter file paths only (Ant).
        fc.option(pattern, { nil: undefined }),
        async (includes, exclude) => {
          n += 1;
          const receiver = await startTestReceiver();
          const dir = await tempDir('globs');
          const contents = new Map<string, string>();
          for (const name of TREE) {
            const content = junitXml('Glob', `glob-${n}-${name}`);
            await writeFileAt(dir, name, content);
            contents.set(name, sha256(content));
          }
          const expected: WrittenFiles = new Map(
            TREE.filter(
              (file) =>
                includes.some((glob) => matches(glob, file)) &&
                !(exclude !== undefined && matches(exclude, file)),
            ).map((file) => [file, contents.get(file)!]),
          );
          const args = [
            'upload',
            ...includes,
            '--url',
            receiver.url,
            '--test-spec',
            SPEC_ID,
            '--ci',
            'none',
            '--json',
          ];
          if (exclude !== undefined) args.push('--exclude', exclude);
          const run = await runCli(args, { cwd: dir });
          expectNoPartialSuccess(run, receiver, 0);
          if (expected.size === 0) {
            expect(run.receipt?.error?.code, run.stderr).toBe('NO_FILES');
            outcomes.none += 1;
          } else {
            outcomes.selected += 1;
            expect(run.code, `${JSON.stringify({ includes, exclude })}\n${run.stderr}`).toBe(0);
            await expectStoredExactly(receiver, receiver.imports[0]!, expected);
          }
          await receiver.close();
          await rm(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 30 },
    );
    expect(outcomes.selected).toBeGreaterThanOrEqual(3);
    expect(outcomes.none).toBeGreaterThanOrEqual(1);
  });

  // Ant's FileSet (the Jenkins plugin's semantics, which docs/protocol.md defers to): `results/*`
  // excludes only the files directly in results/, not results/unit/TEST-a.xml (core once
  // pruned every directory an exclude matched).
  it('an exclude ending in /* leaves out only the files directly in that folder', async () => {
    const receiver = await startTestReceiver();
    const dir = await tempDir('exclude-semantics');
    const kept = await writeFileAt(
      dir,
      'results/unit/TEST-a.xml',
      junitXml('Kept', 'exclude-kept'),
    );
    await writeFileAt(dir, 'results/TEST-top.xml', junitXml('Dropped', 'exclude-dropped'));
    const run = await runCli([...uploadArgs(receiver.url), '--exclude', 'results/*'], { cwd: dir });
    expectOrderlyExit(run);
    expect(run.code, run.stderr).toBe(0);
    await expectStoredExactly(
      receiver,
      receiver.imports[0]!,
      new Map([['results/unit/TEST-a.xml', kept]]),
    );
  });
});

describe('files that change, vanish or cannot be read', () => {
  /** A result file of about `bytes`, big enough that zipping it takes a while. */
  async function bigFile(dir: string, name: string, bytes: number): Promise<string> {
    const unit = junitXml('Big', name, 200);
    const content = unit.repeat(Math.ceil(bytes / unit.length));
    return writeFileAt(dir, name, content);
  }

  it.each([['spool'], ['stream']])(
    'a file growing while it is zipped (%s): FILE_CHANGED and nothing stored, or a consistent import',
    async (mode) => {
      const receiver = await startTestReceiver();
      const { dir, files } = await resultsWorkspace(`growing-${mode}`, 2);
      const growing = 'results/TEST-zz-growing.xml';
      await bigFile(dir, growing, 48 * 1024 * 1024);
      let writing = true;
      const writer = (async () => {
        // Appends from before the CLI starts until it ends: the size it records at selection
        // can never match what it reads.
        while (writing) {
          appendFileSync(path.join(dir, growing), '<!-- more -->\n'.repeat(64));
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      })();
      const run = await runCli(
        uploadArgs(
          receiver.url,
          mode === 'stream' ? ['--stream', '--retries', '0'] : ['--retries', '0'],
        ),
        {
          cwd: dir,
        },
      );
      writing = false;
      await writer;
      expectOrderlyExit(run);
      if (run.code === 0) {
        // Consistent: each stored entry is intact (CRC checked by the receiver and by us).
        const record = receiver.imports[0]!;
        const others = new Map([...files]);
        for (const entry of record.entries)
          if (entry.path !== growing) expect(others.get(entry.path)).toBe(entry.sha256);
      } else {
        expect(run.code).toBe(2);
        expect(run.receipt?.error?.code).toBe('FILE_CHANGED');
        expect(run.stderr).toContain('TEST-zz-growing.xml');
        expect(receiver.imports).toHaveLength(0);
      }
    },
  );

  it('a file deleted after selection: FILE_CHANGED and nothing stored, or a consistent import', async () => {
    const receiver = await startTestReceiver();
    const { dir, files } = await resultsWorkspace('deleted', 1);
    for (let index = 0; index < 12; index += 1) {
      const name = `results/big/TEST-${String(index).padStart(2, '0')}.xml`;
      files.set(name, await bigFile(dir, name, 4 * 1024 * 1024));
    }
    const victim = 'results/big/TEST-11.xml';
    let deleted = false;
    const run = await runCli(uploadArgs(receiver.url, ['--retries', '0']), {
      cwd: dir,
      onStderr: (chunk) => {
        // Delete the last file (zipped last) as soon as the CLI reports what it found.
        if (!deleted && /\bfound\b|result files?/i.test(chunk)) {
          deleted = true;
          void rm(path.join(dir, victim), { force: true });
        }
      },
    });
    expect(deleted).toBe(true);
    expectOrderlyExit(run);
    if (run.code === 0) {
      await expectStoredExactly(receiver, receiver.imports[0]!, files);
    } else {
      expect(run.code).toBe(2);
      expect(run.receipt?.error?.code).toBe('FILE_CHANGED');
      expect(receiver.imports).toHaveLength(0);
    }
  });

  // As root, chmod 000 does not stop reading: run the CLI as "nobody" through setpriv.
  const NOBODY = { uid: 65534, gid: 65534 };
  const runsAsRoot = process.getuid?.() === 0;
  const nobodyCanRunCli =
    !runsAsRoot ||
    spawnSync(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI_BIN, '--version'],
      {
        encoding: 'utf8',
      },
    ).status === 0;

  it.skipIf(!nobodyCanRunCli)(
    'an unreadable file: exit 2, UNREADABLE_FILE naming it, nothing stored',
    async () => {
      const receiver = await startTestReceiver();
      const { dir } = await resultsWorkspace('unreadable', 2);
      const locked = path.join(dir, 'results', 'TEST-locked.xml');
      await writeFile(locked, junitXml('Locked', 'locked'));
      await chmod(locked, 0o000);
      await chmod(dir, 0o755);
      await chmod(path.join(dir, 'results'), 0o755);
      const tmp = await tempDir('nobody-tmp');
      await chmod(tmp, 0o777);
      const run = await runCli(uploadArgs(receiver.url), {
        cwd: dir,
        env: { TMPDIR: tmp, HOME: tmp },
        ...(runsAsRoot ? { runAs: NOBODY } : {}),
      });
      expectOrderlyExit(run);
      expect(run.code).toBe(2);
      expect(run.receipt?.error?.code).toBe('UNREADABLE_FILE');
      expect(run.stderr).toContain('TEST-locked.xml');
      expect(receiver.imports).toHaveLength(0);
      await chmod(locked, 0o644);
    },
  );
});
