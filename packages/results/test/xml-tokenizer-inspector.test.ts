/**
 * The XML reader asks the tokenizer for text only once the root element chose a reader that
 * reads it (FitNesse): seen by counting what reaches the tokenizer's `text` event.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Tokenizer from '../src/formats/xml/tokenizer.js';
import { inspect } from '../src/index.js';

const texts = vi.hoisted(() => ({ count: 0 }));

vi.mock('../src/formats/xml/tokenizer.js', async (importOriginal) => {
  const original = await importOriginal<typeof Tokenizer>();
  return {
    ...original,
    createXmlTokenizer: (events: Parameters<typeof original.createXmlTokenizer>[0]) =>
      original.createXmlTokenizer({
        ...events,
        text(text: string) {
          texts.count++;
          events.text(text);
        },
      }),
  };
});

const corpus = (path: string): Buffer => readFileSync(new URL(`./corpus/${path}`, import.meta.url));

describe('text on demand in the XML reader', () => {
  beforeEach(() => {
    texts.count = 0;
  });

  it('hands no text to a JUnit file, whose reader reads none', () => {
    const xml =
      '<testsuite><testcase name="a"><system-out><![CDATA[out]]></system-out>' +
      '<failure>trace</failure></testcase></testsuite>';
    expect(inspect('TEST-a.xml', xml)).toMatchObject({ tests: 1, failed: 1, problems: [] });
    expect(texts.count).toBe(0);
  });

  it('hands text to a FitNesse file, whose reader counts with it', () => {
    const xml =
      '<testResults><result><counts><right>0</right><wrong>2</wrong></counts></result></testResults>';
    expect(inspect('x/FitNesseRoot/r.xml', xml)).toMatchObject({ tests: 1, failed: 1 });
    expect(texts.count).toBeGreaterThan(0);
  });

  it('hands no text to a real Surefire report with system-out and a stack trace', () => {
    const path = 'junit/surefire/TEST-com.example.service.OrderServiceTest.xml';
    expect(inspect(path, corpus(path)).tests).toBeGreaterThan(0);
    expect(texts.count).toBe(0);
  });
});
