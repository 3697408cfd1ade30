// Generated inputs: realistic, repetitive JUnit XML (what CI result folders look like), many
// tiny files, and one huge file. Deterministic (seeded PRNG) so runs are comparable.
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';

function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'create',
  'update',
  'delete',
  'order',
  'customer',
  'invoice',
  'returns',
  'valid',
  'invalid',
  'when',
  'missing',
  'field',
  'should',
  'reject',
  'accept',
  'payment',
  'retry',
  'timeout',
  'cache',
  'session',
  'token',
  'parse',
  'render',
  'empty',
  'list',
  'page',
  'limit',
  'user',
];
const PACKAGES = ['billing', 'orders', 'catalog', 'auth', 'search', 'shipping', 'reports'];

function pick(random, list) {
  return list[Math.floor(random() * list.length)];
}

/** One JUnit XML report of roughly `targetBytes`. */
export function junitReport(random, index, targetBytes) {
  const pkg = pick(random, PACKAGES);
  const cls = `com.acme.${pkg}.${pick(random, WORDS)[0].toUpperCase()}${pick(random, WORDS)}Service${index}Test`;
  const cases = [];
  let size = 300;
  let failures = 0;
  let n = 0;
  while (size < targetBytes) {
    const name = `${pick(random, WORDS)}_${pick(random, WORDS)}_${pick(random, WORDS)}_${n}`;
    const time = (random() * 2).toFixed(3);
    let body = '';
    if (random() < 0.08) {
      failures += 1;
      const frames = Array.from(
        { length: 6 + Math.floor(random() * 10) },
        (_, k) =>
          `\tat com.acme.${pkg}.internal.Step${k}.run(Step${k}.java:${10 + Math.floor(random() * 400)})`,
      ).join('\n');
      body =
        `\n      <failure message="expected:&lt;${Math.floor(random() * 100)}&gt; but was:&lt;${Math.floor(random() * 100)}&gt;" type="org.opentest4j.AssertionFailedError">` +
        `org.opentest4j.AssertionFailedError: expected: &lt;200&gt; but was: &lt;500&gt;\n${frames}\n</failure>\n    `;
    } else if (random() < 0.3) {
      const lines = Array.from(
        { length: 2 + Math.floor(random() * 6) },
        (_, k) =>
          `2024-05-0${1 + (k % 9)} 12:${String(Math.floor(random() * 60)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}.${Math.floor(random() * 1000)} INFO  [main] c.a.${pkg}.${pick(random, WORDS)} - ${pick(random, WORDS)} ${pick(random, WORDS)} id=${Math.floor(random() * 1e6)}`,
      ).join('\n');
      body = `\n      <system-out><![CDATA[${lines}]]></system-out>\n    `;
    }
    const line = `    <testcase name="${name}" classname="${cls}" time="${time}">${body}</testcase>`;
    cases.push(line);
    size += line.length + 1;
    n += 1;
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuite name="${cls}" tests="${n}" skipped="0" failures="${failures}" errors="0" timestamp="2024-05-01T12:00:00" hostname="ci-agent-7" time="${(n * 0.4).toFixed(3)}">\n` +
    `  <properties>\n    <property name="java.version" value="21.0.2"/>\n  </properties>\n` +
    `${cases.join('\n')}\n</testsuite>\n`
  );
}

/**
 * Write about `totalBytes` of JUnit XML as `fileCount` files under `<dir>/results/<module>/`.
 * Returns the exact byte total.
 */
export async function writeJunitTree(dir, totalBytes, fileCount, seed = 1) {
  const random = prng(seed);
  const per = Math.max(1024, Math.floor(totalBytes / fileCount));
  let written = 0;
  for (let index = 0; index < fileCount; index += 1) {
    const moduleDir = path.join(dir, 'results', `module-${String(index % 40).padStart(2, '0')}`);
    if (index < 40) await mkdir(moduleDir, { recursive: true });
    const xml = junitReport(random, index, per);
    await writeFile(path.join(moduleDir, `TEST-${index}.xml`), xml);
    written += Buffer.byteLength(xml);
  }
  return written;
}

/** `count` tiny (~300 B) JUnit files, 1000 per directory. */
export async function writeTinyFiles(dir, count) {
  let written = 0;
  for (let index = 0; index < count; index += 1) {
    const sub = path.join(dir, 'results', `d${Math.floor(index / 1000)}`);
    if (index % 1000 === 0) await mkdir(sub, { recursive: true });
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="t${index}" tests="1" failures="0">\n` +
      `  <testcase name="case${index}" classname="com.acme.Tiny${index}" time="0.001"/>\n</testsuite>\n`;
    await writeFile(path.join(sub, `TEST-${index}.xml`), xml);
    written += xml.length;
  }
  return written;
}

/** One file of `bytes` made by repeating a 1 MiB block of generated XML (fast, and not trivially compressible across the 32 KiB deflate window). */
export async function writeHugeFile(file, bytes) {
  await mkdir(path.dirname(file), { recursive: true });
  const random = prng(7);
  let blockText = '';
  let index = 0;
  while (blockText.length < 1 << 20) blockText += junitReport(random, index++, 64 * 1024);
  const block = Buffer.from(blockText).subarray(0, 1 << 20);
  const out = createWriteStream(file);
  let written = 0;
  while (written < bytes) {
    const chunk = bytes - written >= block.length ? block : block.subarray(0, bytes - written);
    if (!out.write(chunk)) await once(out, 'drain');
    written += chunk.length;
  }
  out.end();
  await once(out, 'finish');
  return written;
}
