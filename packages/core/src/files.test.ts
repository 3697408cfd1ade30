import { chmod, mkdir, mkdtemp, realpath, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { XltvError } from './errors.js';
import {
  DEFAULT_EXCLUDES,
  STALE_TOLERANCE_MS,
  selectFiles,
  splitPatterns,
  type FileSelection,
  type SelectFilesOptions,
} from './files.js';

let root: string;
/** The base directory of most tests: <root>/base. Files outside it live in <root>/outside. */
let base: string;
let outside: string;

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'xltv-files-')));
  base = join(root, 'base');
  outside = join(root, 'outside');
  await mkdir(base);
  await mkdir(outside);
});

afterEach(async () => {
  await chmod(root, 0o700).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

/** Create files (relative to `dir`) with the given contents, creating parent directories. */
async function files(dir: string, entries: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(entries)) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
}

const select = (options: Partial<SelectFilesOptions>): Promise<FileSelection> =>
  selectFiles({ include: [], baseDir: base, ...options });

const names = (selection: FileSelection): string[] => selection.files.map((file) => file.name);

const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

async function rejected(promise: Promise<unknown>): Promise<XltvError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(XltvError);
    return error as XltvError;
  }
  throw new Error('expected an XltvError, the promise resolved');
}

describe('splitPatterns', () => {
  it('flattens repeatable options and comma lists, trimming and dropping empties', () => {
    expect(splitPatterns(['a/*.xml, b/*.xml', ' c.xml ', '', ' , ,d.xml,'])).toEqual([
      'a/*.xml',
      'b/*.xml',
      'c.xml',
      'd.xml',
    ]);
    expect(splitPatterns(undefined)).toEqual([]);
  });

  it('keeps commas inside braces and brackets, and escaped commas', () => {
    expect(splitPatterns(['reports/{unit,it}/*.xml,x/{a,{b,c}}.xml'])).toEqual([
      'reports/{unit,it}/*.xml',
      'x/{a,{b,c}}.xml',
    ]);
    expect(splitPatterns(['a[,]b.xml,c\\,d.xml,e.xml'])).toEqual([
      'a[,]b.xml',
      'c\\,d.xml',
      'e.xml',
    ]);
  });

  it('splits an item with unbalanced braces at every comma', () => {
    expect(splitPatterns(['a{b,c.xml'])).toEqual(['a{b', 'c.xml']);
  });
});

describe('selectFiles: patterns', () => {
  beforeEach(async () => {
    await files(base, {
      'unit/TEST-a.xml': '<a/>',
      'unit/TEST-b.xml': '<bb/>',
      'it/TEST-c.xml': '<ccc/>',
      'it/skip-me.xml': '<skip/>',
      'other/readme.txt': 'text',
    });
  });

  it('returns relative names with "/" separators, absolute paths, sizes and a total', async () => {
    const selection = await select({ include: ['**/*.xml'] });
    expect(selection.baseDir).toBe(base);
    expect(names(selection)).toEqual([
      'it/TEST-c.xml',
      'it/skip-me.xml',
      'unit/TEST-a.xml',
      'unit/TEST-b.xml',
    ]);
    expect(selection.files[0]).toMatchObject({ path: join(base, 'it/TEST-c.xml'), size: 6 });
    expect(selection.totalBytes).toBe(6 + 7 + 4 + 5);
    expect(selection.warnings).toEqual([]);
  });

  it('accepts comma lists and repeated includes', async () => {
    expect(names(await select({ include: ['unit/TEST-a.xml,it/*.xml', 'other/*.txt'] }))).toEqual([
      'it/TEST-c.xml',
      'it/skip-me.xml',
      'other/readme.txt',
      'unit/TEST-a.xml',
    ]);
  });

  it('expands braces as one pattern', async () => {
    expect(names(await select({ include: ['{unit,other}/*.{xml,txt}'] }))).toEqual([
      'other/readme.txt',
      'unit/TEST-a.xml',
      'unit/TEST-b.xml',
    ]);
  });

  it('applies excludes, comma lists included', async () => {
    const selection = await select({
      include: ['**/*'],
      exclude: ['**/skip-*.xml,other/**', 'unit/TEST-b.xml'],
    });
    expect(names(selection)).toEqual(['it/TEST-c.xml', 'unit/TEST-a.xml']);
  });

  it('reads "dir/" and the plain name of a directory as everything below it', async () => {
    expect(names(await select({ include: ['unit/'] }))).toEqual([
      'unit/TEST-a.xml',
      'unit/TEST-b.xml',
    ]);
    expect(names(await select({ include: ['unit'] }))).toEqual([
      'unit/TEST-a.xml',
      'unit/TEST-b.xml',
    ]);
    expect(names(await select({ include: ['**/*.xml'], exclude: ['it'] }))).toEqual([
      'unit/TEST-a.xml',
      'unit/TEST-b.xml',
    ]);
  });

  it('makes absolute patterns inside the base relative', async () => {
    const selection = await select({
      include: [join(base, 'unit', '*.xml')],
      exclude: [join(base, 'unit', 'TEST-b.xml')],
    });
    expect(names(selection)).toEqual(['unit/TEST-a.xml']);
  });

  it('refuses an absolute include outside the base, naming the pattern and the fix', async () => {
    await files(outside, { 'x.xml': 'x' });
    const pattern = join(outside, '*.xml');
    const error = await rejected(select({ include: ['unit/*.xml', pattern] }));
    expect(error.code).toBe('UNSAFE_PATH');
    expect(error.details).toMatchObject({ pattern, baseDir: base, fix: '--base-dir' });
  });

  it.each(['../outside/*.xml', 'unit/../../outside/x.xml', '..'])(
    'refuses the relative include %j that leaves the base',
    async (pattern) => {
      await files(outside, { 'x.xml': 'x' });
      const error = await rejected(select({ include: [pattern] }));
      expect(error.code).toBe('UNSAFE_PATH');
      expect(error.details).toMatchObject({ pattern });
    },
  );

  it('uses process.cwd() as the default base', async () => {
    const cwd = process.cwd();
    try {
      process.chdir(base);
      const selection = await selectFiles({ include: ['unit/*.xml'] });
      expect(selection.baseDir).toBe(base);
      expect(names(selection)).toEqual(['unit/TEST-a.xml', 'unit/TEST-b.xml']);
    } catch (error) {
      // chdir is not allowed in worker threads; this pool has none, but say so if it changes.
      if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_UNSUPPORTED_OPERATION') return;
      throw error;
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('selectFiles: exclude semantics (Ant: excludes filter file paths)', () => {
  beforeEach(async () => {
    await files(base, {
      'results/TEST-top.xml': 'top',
      'results/notes.tmp': 'tmp',
      'results/unit/TEST-a.xml': 'a',
      'results/unit/deep/TEST-d.xml': 'd',
      'results/unit/scratch.tmp': 'tmp',
      'build/TEST-b.xml': 'b',
      'build/sub/TEST-bs.xml': 'bs',
    });
  });

  it('"results/*" drops only the files directly in results, keeping nested ones', async () => {
    expect(names(await select({ include: ['**/*'], exclude: ['results/*'] }))).toEqual([
      'build/TEST-b.xml',
      'build/sub/TEST-bs.xml',
      'results/unit/TEST-a.xml',
      'results/unit/deep/TEST-d.xml',
      'results/unit/scratch.tmp',
    ]);
  });

  it('"**/*.tmp" drops matching files at any depth', async () => {
    expect(names(await select({ include: ['**'], exclude: ['**/*.tmp'] }))).toEqual([
      'build/TEST-b.xml',
      'build/sub/TEST-bs.xml',
      'results/TEST-top.xml',
      'results/unit/TEST-a.xml',
      'results/unit/deep/TEST-d.xml',
    ]);
  });

  it('"build/**" drops everything below build', async () => {
    expect(names(await select({ include: ['**/*.xml'], exclude: ['build/**'] }))).toEqual([
      'results/TEST-top.xml',
      'results/unit/TEST-a.xml',
      'results/unit/deep/TEST-d.xml',
    ]);
  });

  it('takes comma lists, "./" and absolute excludes', async () => {
    const selection = await select({
      include: ['**/*.xml'],
      exclude: ['./results/*,build/sub/**', join(base, 'results/unit/deep/TEST-d.xml')],
    });
    expect(names(selection)).toEqual(['build/TEST-b.xml', 'results/unit/TEST-a.xml']);
  });

  it('treats a negated include like an exclude', async () => {
    expect(names(await select({ include: ['results/**', '!results/*'] }))).toEqual([
      'results/unit/TEST-a.xml',
      'results/unit/deep/TEST-d.xml',
      'results/unit/scratch.tmp',
    ]);
  });

  it('still prunes "/**" excludes and default excludes: their directories are never listed', async (context) => {
    await files(base, { 'node_modules/closed/x.xml': 'dep', 'build/closed/y.xml': 'y' });
    await chmod(root, 0o755);
    await chmod(base, 0o755);
    await chmod(join(base, 'node_modules/closed'), 0o000);
    await chmod(join(base, 'build/closed'), 0o000);
    const outcome = await withoutPrivileges(() =>
      select({ include: ['**/*.xml'], exclude: ['build/**'] }),
    );
    if (outcome === 'unsupported') {
      context.skip('running as root without process.seteuid: chmod 000 cannot deny root');
      return;
    }
    // Listing either closed directory would have produced UNREADABLE_DIRECTORY.
    expect(outcome.warnings).toEqual([]);
    expect(names(outcome)).toEqual([
      'results/TEST-top.xml',
      'results/unit/TEST-a.xml',
      'results/unit/deep/TEST-d.xml',
    ]);
    // The control: without the excludes the same directories are listed and refused.
    const unpruned = await withoutPrivileges(() =>
      select({ include: ['**/*.xml'], defaultExcludes: false }),
    );
    expect(unpruned).not.toBe('unsupported');
    expect((unpruned as FileSelection).warnings).toEqual([
      expect.objectContaining({
        code: 'UNREADABLE_DIRECTORY',
        details: expect.objectContaining({ count: 2 }),
      }),
    ]);
  });
});

describe('selectFiles: names holding line terminators', () => {
  const TERMINATED = [
    'results/a\u2028b.xml',
    'results/c\u2029d.xml',
    'results/e\nf.xml',
    'results/g\rh.xml',
    'results/dir\nname/TEST-in.xml',
    'results/dir\nname/i\u2028j.xml',
  ];

  beforeEach(async () => {
    await files(base, {
      'results/TEST-ok.xml': 'ok',
      'results/skip.txt': 'txt',
      ...Object.fromEntries(TERMINATED.map((name) => [name, name])),
    });
  });

  it.each([['results/**'], ['**'], ['**/*.xml'], ['results/'], ['results']])(
    '"%s" selects them like any other name',
    async (pattern) => {
      const selection = await select({ include: [pattern], exclude: ['**/*.txt'] });
      expect(names(selection)).toEqual([...TERMINATED, 'results/TEST-ok.xml'].sort(byUtf8));
      const inDir = selection.files.find((file) => file.name === 'results/dir\nname/i\u2028j.xml');
      expect(inDir?.path).toBe(join(base, 'results/dir\nname/i\u2028j.xml'));
      // The plain name of a directory is noted: it selects every file below it.
      expect(selection.warnings.map((warning) => warning.code)).toEqual(
        pattern === 'results' ? ['DIRECTORY_PATTERN'] : [],
      );
    },
  );

  it('never crawls a linked directory inside a directory whose name holds one', async () => {
    await files(outside, { 'secret/TEST-out.xml': 'outside' });
    await symlink(join(outside, 'secret'), join(base, 'results/dir\nname/linked'));
    const selection = await select({ include: ['results/**'], exclude: ['**/*.txt'] });
    expect(names(selection)).toEqual([...TERMINATED, 'results/TEST-ok.xml'].sort(byUtf8));
    expect(selection.warnings).toEqual([
      expect.objectContaining({
        code: 'SYMLINK_SKIPPED',
        details: {
          count: 1,
          skipped: [
            {
              name: 'results/dir\nname/linked',
              reason: 'outside-base',
              target: join(outside, 'secret'),
            },
          ],
        },
      }),
    ]);
  });

  it('applies includes and excludes to them', async () => {
    expect(
      names(await select({ include: ['results/*.xml'], exclude: ['**/c*', 'results/g*'] })),
    ).toEqual(['results/TEST-ok.xml', 'results/a\u2028b.xml', 'results/e\nf.xml']);
    expect(
      names(await select({ include: ['results/**/*.xml'], exclude: ['results/dir\nname/**'] })),
    ).toEqual(
      [
        'results/TEST-ok.xml',
        'results/a\u2028b.xml',
        'results/c\u2029d.xml',
        'results/e\nf.xml',
        'results/g\rh.xml',
      ].sort(byUtf8),
    );
  });
});

describe('selectFiles: errors before anything is sent', () => {
  it('refuses no include pattern at all (NO_PATTERNS)', async () => {
    expect((await rejected(select({ include: [] }))).code).toBe('NO_PATTERNS');
    expect((await rejected(select({ include: [' ', ',,'] }))).code).toBe('NO_PATTERNS');
  });

  it('refuses a base directory that does not exist or is a file (INVALID_OPTION)', async () => {
    const missing = join(root, 'missing');
    const error = await rejected(select({ include: ['*'], baseDir: missing }));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.details).toEqual({ option: 'baseDir', path: missing, reason: 'ENOENT' });

    await files(root, { 'file.txt': 'x' });
    const file = join(root, 'file.txt');
    const notDir = await rejected(select({ include: ['*'], baseDir: file }));
    expect(notDir.code).toBe('INVALID_OPTION');
    expect(notDir.details).toMatchObject({ path: file, reason: 'not-a-directory' });
  });

  it('reports zero matches as NO_FILES with the patterns, excludes and base', async () => {
    await files(base, { 'a.txt': 'a' });
    const error = await rejected(select({ include: ['**/*.xml', 'x/'], exclude: ['tmp/**'] }));
    expect(error.code).toBe('NO_FILES');
    expect(error.details).toMatchObject({
      patterns: ['**/*.xml', 'x/'],
      excludes: ['tmp/**'],
      defaultExcludes: DEFAULT_EXCLUDES,
      baseDir: base,
    });
  });

  it('allows zero matches with allowEmpty', async () => {
    const selection = await select({ include: ['**/*.xml'], allowEmpty: true });
    expect(selection.files).toEqual([]);
    expect(selection.totalBytes).toBe(0);
  });

  it('refuses an invalid buildStartedAt', async () => {
    await files(base, { 'a.xml': 'a' });
    const error = await rejected(select({ include: ['*.xml'], buildStartedAt: new Date('nope') }));
    expect(error).toMatchObject({ code: 'INVALID_OPTION', details: { option: 'buildStartedAt' } });
  });
});

describe('selectFiles: default excludes and dot files', () => {
  beforeEach(async () => {
    await files(base, {
      '.report.xml': 'dot file',
      '.hidden/TEST-h.xml': 'in a dot dir',
      '.git/config.xml': 'git',
      'sub/.svn/entries.xml': 'svn',
      '.hg/x.xml': 'hg',
      'sub/CVS/Root.xml': 'cvs',
      'node_modules/pkg/junit.xml': 'dep',
      'sub/.DS_Store': 'finder',
      'sub/TEST-s.xml': 'kept',
    });
  });

  it('matches dot files but leaves out the default excludes', async () => {
    expect(names(await select({ include: ['**'] }))).toEqual([
      '.hidden/TEST-h.xml',
      '.report.xml',
      'sub/TEST-s.xml',
    ]);
  });

  it('keeps everything with defaultExcludes: false', async () => {
    expect(names(await select({ include: ['**'], defaultExcludes: false }))).toEqual([
      '.git/config.xml',
      '.hg/x.xml',
      '.hidden/TEST-h.xml',
      '.report.xml',
      'node_modules/pkg/junit.xml',
      'sub/.DS_Store',
      'sub/.svn/entries.xml',
      'sub/CVS/Root.xml',
      'sub/TEST-s.xml',
    ]);
  });
});

describe('selectFiles: names and order', () => {
  const tricky = [
    'Z.xml',
    'a.xml',
    'B.xml',
    'b.xml',
    'ä.xml',
    'é/тест отчёт.xml',
    'with space/my report.xml',
    '😀.xml',
    '\uFF5E.xml',
    'a-b.xml',
    'a_b.xml',
    'a/b.xml',
  ];

  it('keeps Unicode and spaces, and sorts by UTF-8 bytes, the same every time', async () => {
    await files(base, Object.fromEntries(tricky.map((name) => [name, name])));
    const first = await select({ include: ['**/*.xml'] });
    const expected = [...tricky].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(names(first)).toEqual(expected);
    // UTF-16 order would put the astral emoji before U+FF5E; UTF-8 byte order puts it after.
    expect(names(first).indexOf('😀.xml')).toBeGreaterThan(names(first).indexOf('\uFF5E.xml'));
    const second = await select({ include: ['**/*.xml'] });
    expect(names(second)).toEqual(names(first));
    for (const file of first.files) {
      expect(file.name.startsWith('/')).toBe(false);
      expect(file.name.split('/')).not.toContain('..');
      expect(file.path).toBe(join(base, file.name));
    }
  });

  it('matches a name with spaces given literally', async () => {
    await files(base, { 'with space/my report.xml': 'x' });
    expect(names(await select({ include: ['with space/my report.xml'] }))).toEqual([
      'with space/my report.xml',
    ]);
  });
});

describe('selectFiles: symbolic links', () => {
  it('follows a link to a regular file inside the base (path is the target)', async () => {
    await files(base, { 'real/TEST-r.xml': 'real' });
    await symlink(join(base, 'real/TEST-r.xml'), join(base, 'linked.xml'));
    await symlink('real/TEST-r.xml', join(base, 'relative-link.xml'));
    const selection = await select({ include: ['*.xml'] });
    expect(selection.files).toEqual([
      expect.objectContaining({ name: 'linked.xml', path: join(base, 'real/TEST-r.xml'), size: 4 }),
      expect.objectContaining({ name: 'relative-link.xml', path: join(base, 'real/TEST-r.xml') }),
    ]);
    expect(selection.warnings).toEqual([]);
  });

  it('skips a link pointing outside the base, with a warning, and never reads it', async () => {
    await files(outside, { 'secret.xml': 'outside content' });
    await files(base, { 'ok.xml': 'ok' });
    await symlink(join(outside, 'secret.xml'), join(base, 'escape.xml'));
    await symlink('../outside/secret.xml', join(base, 'escape-relative.xml'));
    const selection = await select({ include: ['*.xml'] });
    expect(names(selection)).toEqual(['ok.xml']);
    expect(selection.warnings).toEqual([
      expect.objectContaining({
        code: 'SYMLINK_SKIPPED',
        details: {
          count: 2,
          skipped: [
            {
              name: 'escape-relative.xml',
              reason: 'outside-base',
              target: join(outside, 'secret.xml'),
            },
            { name: 'escape.xml', reason: 'outside-base', target: join(outside, 'secret.xml') },
          ],
        },
      }),
    ]);
  });

  it('skips dangling links and link loops', async () => {
    await files(base, { 'ok.xml': 'ok' });
    await symlink(join(base, 'missing.xml'), join(base, 'dangling.xml'));
    await symlink(join(base, 'loop-b.xml'), join(base, 'loop-a.xml'));
    await symlink(join(base, 'loop-a.xml'), join(base, 'loop-b.xml'));
    const selection = await select({ include: ['*.xml'] });
    expect(names(selection)).toEqual(['ok.xml']);
    const skipped = selection.warnings[0]?.details?.skipped;
    expect(skipped).toEqual([
      { name: 'dangling.xml', reason: 'dangling' },
      { name: 'loop-a.xml', reason: 'loop' },
      { name: 'loop-b.xml', reason: 'loop' },
    ]);
  });

  it('never crawls a linked directory, inside or outside the base', async () => {
    await files(base, { 'real/TEST-r.xml': 'r' });
    await files(outside, { 'TEST-o.xml': 'o', 'deep/TEST-d.xml': 'd' });
    await symlink(join(base, 'real'), join(base, 'inner-link'));
    await symlink(outside, join(base, 'outer-link'));
    await symlink(base, join(base, 'real', 'loop')); // a cycle back to the base
    const selection = await select({ include: ['**/*.xml'] });
    expect(names(selection)).toEqual(['real/TEST-r.xml']);

    // "**" matches the links themselves: they are reported, not followed.
    const all = await select({ include: ['**'] });
    expect(names(all)).toEqual(['real/TEST-r.xml']);
    expect(all.warnings[0]?.details?.skipped).toEqual([
      { name: 'inner-link', reason: 'not-a-file', target: join(base, 'real') },
      { name: 'outer-link', reason: 'outside-base', target: outside },
      { name: 'real/loop', reason: 'not-a-file', target: base },
    ]);
  });

  it('does not cross a linked directory named in a pattern, whatever the other patterns', async () => {
    await files(outside, { 'TEST-o.xml': 'o' });
    await files(base, { 'ok.xml': 'ok', 'real/TEST-r.xml': 'r' });
    await symlink(outside, join(base, 'outer-link'));
    await symlink(join(base, 'real'), join(base, 'inner-link'));

    // Alone, each pattern makes the crawl start inside the link: refused with a warning.
    const alone = await select({ include: ['outer-link/TEST-o.xml'], allowEmpty: true });
    expect(alone.files).toEqual([]);
    expect(alone.warnings[0]).toMatchObject({
      code: 'SYMLINK_SKIPPED',
      details: { skipped: [{ name: 'outer-link', reason: 'linked-directory', target: outside }] },
    });
    const inner = await select({ include: ['inner-link/*.xml'], allowEmpty: true });
    expect(inner.files).toEqual([]);
    expect(inner.warnings[0]?.details?.skipped).toEqual([
      { name: 'inner-link', reason: 'linked-directory', target: join(base, 'real') },
    ]);

    // With another pattern the crawl starts at the base and meets the link as an entry.
    const mixed = await select({
      include: ['ok.xml', 'outer-link/TEST-o.xml', 'inner-link/*.xml'],
    });
    expect(names(mixed)).toEqual(['ok.xml']);
    expect(JSON.stringify(mixed.files)).not.toContain(outside);
  });

  it('works when the base directory itself is reached through a link', async () => {
    await files(base, { 'TEST-a.xml': 'a' });
    const linkedBase = join(root, 'linked-base');
    await symlink(base, linkedBase);
    await symlink(join(base, 'TEST-a.xml'), join(base, 'alias.xml'));
    const selection = await select({ include: [join(base, '*.xml')], baseDir: linkedBase });
    expect(selection.baseDir).toBe(linkedBase);
    expect(names(selection)).toEqual(['TEST-a.xml', 'alias.xml']);
  });
});

/**
 * Run `fn` without the right to read files that deny "other" users. As root, permissions do
 * not bind, so the effective user id is switched to nobody (65534) for the duration; this
 * needs a process (vitest's default "forks" pool), not a worker thread.
 */
async function withoutPrivileges<T>(fn: () => Promise<T>): Promise<T | 'unsupported'> {
  if (process.getuid?.() !== 0) return fn();
  if (typeof process.seteuid !== 'function' || typeof process.setegid !== 'function') {
    return 'unsupported';
  }
  process.setegid(65534);
  process.seteuid(65534);
  try {
    return await fn();
  } finally {
    process.seteuid(0);
    process.setegid(0);
  }
}

describe('selectFiles: unreadable entries', () => {
  it('refuses an unreadable file with UNREADABLE_FILE naming its path', async (context) => {
    await files(base, { 'ok.xml': 'ok', 'locked.xml': 'locked' });
    await chmod(root, 0o755);
    await chmod(base, 0o755);
    await chmod(join(base, 'locked.xml'), 0o000);
    const outcome = await withoutPrivileges(() =>
      select({ include: ['*.xml'] }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    if (outcome === 'unsupported') {
      context.skip('running as root without process.seteuid: chmod 000 cannot deny root');
      return;
    }
    expect(outcome).toBeInstanceOf(XltvError);
    expect(outcome).toMatchObject({
      code: 'UNREADABLE_FILE',
      details: { path: join(base, 'locked.xml'), name: 'locked.xml', reason: 'EACCES', count: 1 },
    });
  });

  it('warns about a directory it cannot list instead of silently missing its files', async (context) => {
    await files(base, { 'ok.xml': 'ok', 'closed/TEST-x.xml': 'x' });
    await chmod(root, 0o755);
    await chmod(base, 0o755);
    await chmod(join(base, 'closed'), 0o000);
    const outcome = await withoutPrivileges(() => select({ include: ['**/*.xml'] }));
    if (outcome === 'unsupported') {
      context.skip('running as root without process.seteuid: chmod 000 cannot deny root');
      return;
    }
    expect(names(outcome)).toEqual(['ok.xml']);
    expect(outcome.warnings).toEqual([
      expect.objectContaining({
        code: 'UNREADABLE_DIRECTORY',
        details: { count: 1, paths: [join(base, 'closed')] },
      }),
    ]);
  });
});

describe('selectFiles: files older than the build', () => {
  const start = new Date('2030-01-01T12:00:00Z');
  const at = (offsetMs: number): Date => new Date(start.getTime() + offsetMs);

  async function aged(entries: Record<string, number>): Promise<void> {
    await files(base, Object.fromEntries(Object.keys(entries).map((name) => [name, name])));
    for (const [name, offset] of Object.entries(entries)) {
      await utimes(join(base, name), at(offset), at(offset));
    }
  }

  it('warns once, with the count and at most five examples', async () => {
    await aged({
      'fresh.xml': 60_000,
      'edge.xml': -(STALE_TOLERANCE_MS - 500),
      ...Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`old-${i}.xml`, -3_600_000])),
    });
    const selection = await select({ include: ['*.xml'], buildStartedAt: start });
    expect(selection.files).toHaveLength(9);
    expect(selection.warnings).toEqual([
      {
        code: 'STALE_FILES',
        message: expect.any(String),
        details: {
          count: 7,
          examples: ['old-0.xml', 'old-1.xml', 'old-2.xml', 'old-3.xml', 'old-4.xml'],
          buildStartedAt: start.toISOString(),
          toleranceMs: STALE_TOLERANCE_MS,
        },
      },
    ]);
  });

  it('drops stale files with freshOnly', async () => {
    await aged({ 'fresh.xml': 1000, 'old.xml': -(STALE_TOLERANCE_MS + 1000) });
    const selection = await select({ include: ['*.xml'], buildStartedAt: start, freshOnly: true });
    expect(names(selection)).toEqual(['fresh.xml']);
    expect(selection.warnings).toEqual([
      expect.objectContaining({
        code: 'STALE_FILES_DROPPED',
        details: expect.objectContaining({ count: 1 }),
      }),
    ]);
  });

  it('reports NO_FILES when freshOnly leaves nothing', async () => {
    await aged({ 'old.xml': -86_400_000 });
    const error = await rejected(
      select({ include: ['*.xml'], buildStartedAt: start, freshOnly: true }),
    );
    expect(error.code).toBe('NO_FILES');
    expect(error.details).toMatchObject({ staleDropped: 1 });
  });

  it('says nothing without a build start', async () => {
    await aged({ 'old.xml': -86_400_000 });
    expect((await select({ include: ['*.xml'] })).warnings).toEqual([]);
  });
});
