// Generated inputs: realistic, repetitive JUnit XML (what CI result folders look like), many
// tiny files, and one huge file. Deterministic (seeded PRNG) so runs are comparable.
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';

export function prng(seed) {
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

/** One JUnit XML report of roughly `targetBytes`, for test class `cls` of package `pkg` (both drawn when not given). */
export function junitReport(random, index, targetBytes, suite = {}) {
  const pkg = suite.pkg ?? pick(random, PACKAGES);
  const cls =
    suite.cls ??
    `com.acme.${pkg}.${pick(random, WORDS)[0].toUpperCase()}${pick(random, WORDS)}Service${index}Test`;
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

/**
 * The throughput set's size mix at scale 1, what a real Gradle/Surefire result tree looks like:
 * many small reports, a body of 10–100 kB, a long tail up to one of ~17 MB (an integration test
 * with verbose output). Sizes are log-uniform within a class, placed at evenly spaced quantiles.
 * At scale s the classes below 1 MB have s × the files; the `tail` classes keep their count
 * with s × the size, so the largest file stays the same share of the total at every scale.
 */
const RESULT_MIX = [
  { files: 4200, min: 1e3, max: 10e3 },
  { files: 2700, min: 10e3, max: 100e3 },
  { files: 93, min: 100e3, max: 1e6 },
  { files: 5, min: 1.5e6, max: 6e6, tail: true },
  { files: 2, min: 10e6, max: 20e6, tail: true },
];
const RESULT_SET_BYTES = 200e6;
const MODULE_KINDS = ['api', 'core', 'worker', 'web'];

/** Target sizes of the throughput set at `scale`, in a seeded shuffled order (about 200 MB × scale in total). */
function resultSizes(scale, random) {
  const sizes = [];
  for (const cls of RESULT_MIX) {
    const count = cls.tail ? cls.files : Math.max(1, Math.round(cls.files * scale));
    const factor = cls.tail ? scale : 1;
    for (let k = 0; k < count; k += 1)
      sizes.push(cls.min * factor * (cls.max / cls.min) ** ((k + 0.5) / count));
  }
  const sum = sizes.reduce((a, b) => a + b, 0);
  const normalise = (RESULT_SET_BYTES * scale) / sum;
  const out = sizes.map((size) => Math.max(1024, Math.round(size * normalise)));
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The throughput set: ~7 000 × scale JUnit reports of mixed sizes (see RESULT_MIX), about
 * 200 MB × scale, laid out like CI result folders of a multi-module build:
 * `results/{services,libs}/<pkg>-<kind>/build/test-results/{test,integrationTest}/TEST-<class>.xml`
 * (Gradle) or `.../target/{surefire,failsafe}-reports/TEST-<class>.xml` (Maven, every third
 * module). Reports over 500 kB are integration tests. Returns the exact byte total and every
 * file's size.
 */
export async function writeResultTree(dir, scale, seed = 11) {
  const random = prng(seed);
  const modules = PACKAGES.flatMap((pkg) => MODULE_KINDS.map((kind) => ({ pkg, kind }))).map(
    (module, index) => ({
      ...module,
      maven: index % 3 === 2,
      base: path.join(
        dir,
        'results',
        module.kind === 'core' ? 'libs' : 'services',
        `${module.pkg}-${module.kind}`,
      ),
    }),
  );
  const made = new Set();
  const sizes = [];
  let written = 0;
  for (const [index, target] of resultSizes(scale, random).entries()) {
    const module = pick(random, modules);
    const integration = target > 500e3 || random() < 0.2;
    const sub = module.maven
      ? path.join('target', integration ? 'failsafe-reports' : 'surefire-reports')
      : path.join('build', 'test-results', integration ? 'integrationTest' : 'test');
    const folder = path.join(module.base, sub);
    if (!made.has(folder)) {
      await mkdir(folder, { recursive: true });
      made.add(folder);
    }
    const words = [pick(random, WORDS), pick(random, WORDS)].map(
      (word) => `${word[0].toUpperCase()}${word.slice(1)}`,
    );
    const cls = `com.acme.${module.pkg}.${module.kind}.${words.join('')}${index}${integration ? 'IT' : 'Test'}`;
    const xml = junitReport(random, index, target, { pkg: module.pkg, cls });
    await writeFile(path.join(folder, `TEST-${cls}.xml`), xml);
    const bytes = Buffer.byteLength(xml);
    sizes.push(bytes);
    written += bytes;
  }
  return { bytes: written, files: sizes.length, sizes };
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
