import { afterEach, describe, expect, it, vi } from 'vitest';

// Readers report bad input as problems; a reader that throws anyway is a bug of ours, and
// the promise that an inspector never throws must hold even then (an upload or the receiver
// calls it on every file).
describe('an inspector whose reader throws', () => {
  afterEach(() => {
    vi.doUnmock('../src/formats/xml.js');
    vi.resetModules();
  });

  it('is fed no more and ends as MALFORMED, naming the failure', async () => {
    vi.resetModules();
    let written = 0;
    vi.doMock('../src/formats/xml.js', () => ({
      createXmlReader: () => ({
        write: () => {
          if (++written === 2) throw new Error('reader bug');
        },
        end: () => {
          throw new Error('not reached');
        },
      }),
    }));
    const { createInspector } = await import('../src/inspect.js');
    const inspector = createInspector('TEST-a.xml');
    inspector.write(Buffer.from('<testsuite>'));
    inspector.write(Buffer.from('<testcase/>'));
    inspector.write(Buffer.from('</testsuite>'));
    expect(written).toBe(2);
    const results = inspector.end();
    expect(results).toMatchObject({ format: undefined, tests: 0 });
    expect(results.problems).toEqual([
      { code: 'MALFORMED', message: 'the file could not be read: reader bug' },
    ]);
  });

  it('ends as MALFORMED when the reader throws at the end', async () => {
    vi.resetModules();
    vi.doMock('../src/formats/xml.js', () => ({
      createXmlReader: () => ({
        write: () => undefined,
        end: () => {
          throw new Error('late bug');
        },
      }),
    }));
    const { inspect } = await import('../src/inspect.js');
    expect(inspect('TEST-a.xml', '<testsuite/>').problems).toEqual([
      { code: 'MALFORMED', message: 'the file could not be read: late bug' },
    ]);
  });
});
