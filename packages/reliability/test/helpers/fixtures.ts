/** Result files for uploads: small, realistic JUnit XML with a per-upload marker. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from './zip.js';

/** A JUnit XML report; `seed` makes it unique so the receiver's run-key de-duplication never answers 304 by accident. */
export function junitXml(suite: string, seed: string, cases = 3): string {
  const testcases = Array.from(
    { length: cases },
    (_, index) =>
      `    <testcase classname="com.example.${suite}" name="case${index}_${seed}" time="0.0${index}"/>`,
  ).join('\n');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuite name="com.example.${suite}" tests="${cases}" failures="0" errors="0" skipped="0" timestamp="2024-01-01T00:00:00" hostname="${seed}">\n` +
    `${testcases}\n</testsuite>\n`
  );
}

/** What was written: entry name → sha256 of its bytes. */
export type WrittenFiles = Map<string, string>;

/** Write `count` JUnit files under `<dir>/results/` and return their entry names and hashes. */
export async function writeJunitResults(
  dir: string,
  seed: string,
  count = 3,
): Promise<WrittenFiles> {
  const written: WrittenFiles = new Map();
  await mkdir(path.join(dir, 'results'), { recursive: true });
  for (let index = 0; index < count; index += 1) {
    const name = `results/TEST-com.example.Suite${index}.xml`;
    const content = junitXml(`Suite${index}`, seed);
    await writeFile(path.join(dir, name), content);
    written.set(name, sha256(content));
  }
  return written;
}

/** Write one file (creating parents) and return its sha256. */
export async function writeFileAt(
  dir: string,
  name: string,
  content: string | Buffer,
): Promise<string> {
  const full = path.join(dir, name);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, content);
  return sha256(content);
}
