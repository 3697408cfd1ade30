import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toUploadPattern, toUploadPatterns } from '../src/patterns.js';

const base = 'C:\\agent\\_work\\1\\s';

describe('patterns on a Windows agent (path.win32)', () => {
  it.each([
    ['C:\\agent\\_work\\1\\s\\build\\**\\*.xml', 'build/**/*.xml'],
    ['c:\\AGENT\\_work\\1\\S\\build\\TEST-*.xml', 'build/TEST-*.xml'],
    ['C:/agent/_work/1/s/target/surefire-reports/*.xml', 'target/surefire-reports/*.xml'],
    ['C:\\agent\\_work\\1\\s', '.'],
    ['C:\\agent\\_work\\1\\s\\', '.'],
    ['build\\test-results\\**\\*.xml', 'build/test-results/**/*.xml'],
    ['  build/**/*.xml  ', 'build/**/*.xml'],
    ['!C:\\agent\\_work\\1\\s\\build\\flaky\\**', '!build/flaky/**'],
    ['!(x)\\*.xml', '!(x)/*.xml'],
  ])('%s → %s', (pattern, expected) => {
    expect(toUploadPattern(pattern, base, path.win32)).toBe(expected);
  });

  it('keeps a path outside the base directory absolute, for core to refuse by name', () => {
    expect(toUploadPattern('C:\\agent\\_work\\1\\a\\*.xml', base, path.win32)).toBe(
      'C:/agent/_work/1/a/*.xml',
    );
    // A sibling whose name starts like the base is not inside it.
    expect(toUploadPattern('C:\\agent\\_work\\1\\s2\\*.xml', base, path.win32)).toBe(
      'C:/agent/_work/1/s2/*.xml',
    );
    expect(toUploadPattern('D:\\results\\*.xml', base, path.win32)).toBe('D:/results/*.xml');
  });

  it('takes a base directory written with either separator or a trailing one', () => {
    for (const dir of ['C:/agent/_work/1/s', 'c:\\agent\\_work\\1\\s\\']) {
      expect(toUploadPattern('C:\\agent\\_work\\1\\s\\out\\*.trx', dir, path.win32)).toBe(
        'out/*.trx',
      );
    }
  });

  it('works under a UNC base directory', () => {
    expect(
      toUploadPattern('\\\\build01\\work\\s\\results\\*.xml', '\\\\build01\\work\\s', path.win32),
    ).toBe('results/*.xml');
  });
});

describe('patterns on a Linux or macOS agent (path.posix)', () => {
  const linuxBase = '/home/vsts/work/1/s';

  it.each([
    ['/home/vsts/work/1/s/build/**/*.xml', 'build/**/*.xml'],
    ['build\\test-results\\*.xml', 'build/test-results/*.xml'],
    ['\\home\\vsts\\work\\1\\s\\x\\*.xml', 'x/*.xml'],
    ['/home/vsts/work/1/a/*.xml', '/home/vsts/work/1/a/*.xml'],
    // POSIX paths are case-sensitive: this is another directory.
    ['/Home/vsts/work/1/s/*.xml', '/Home/vsts/work/1/s/*.xml'],
  ])('%s → %s', (pattern, expected) => {
    expect(toUploadPattern(pattern, linuxBase, path.posix)).toBe(expected);
  });

  it('drops blank lines of a multi-line input', () => {
    expect(toUploadPatterns(['a/*.xml', '', '  ', 'b\\*.xml'], linuxBase, path.posix)).toEqual([
      'a/*.xml',
      'b/*.xml',
    ]);
  });
});
