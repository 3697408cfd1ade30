// The benchmark sections of `pnpm bench`. Each returns { markdown, raw }.
import { readdir, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { writeHugeFile, writeJunitTree, writeResultTree, writeTinyFiles } from './data.mjs';
import {
  CLI,
  ROOT,
  SPEC_ID,
  fmtMB,
  fmtMiB,
  fmtS,
  fmtStats,
  fmtX,
  log,
  remove,
  run,
  startReceiver,
  stats,
  tempDir,
} from './lib.mjs';
import { importsOf, storedEntries } from './receiver-records.mjs';
import { inspectSection } from './inspect.mjs';
import { parsersSection } from './parsers.mjs';

/** The CLI's environment: no CI variables (so no detection), no proxies, no colour. */
function cliEnv(tmp) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? os.tmpdir(),
    LANG: 'C.UTF-8',
    TMPDIR: tmp ?? os.tmpdir(),
    NO_COLOR: '1',
  };
}

/** `xltv upload` of `results/**` in `dataDir` to `url`; exit 0 (imported) or 3 (the receiver's de-duplication saw the same files) both count as completed. */
async function cliUpload(url, dataDir, extra = [], tmp = undefined) {
  const outcome = await run(
    process.execPath,
    [
      CLI,
      'upload',
      'results/**',
      '--url',
      url,
      '--test-spec',
      SPEC_ID,
      '--ci',
      'none',
      '--json',
      '--retries',
      '0',
      ...extra,
    ],
    { cwd: dataDir, env: cliEnv(tmp), okCodes: [0, 3] },
  );
  const receipt = JSON.parse(outcome.stdout);
  return { ...outcome, receipt };
}

/** The native pipeline: `zip -r -<level>` to a file, wrap it in multipart/mixed, `curl` it. */
async function baselineUpload(url, dataDir, level, scratch) {
  const zipFile = path.join(scratch, 'baseline.zip');
  const bodyFile = path.join(scratch, 'baseline.body');
  const boundary = `bench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  await remove(zipFile);
  const zip = await run('zip', ['-q', '-r', '-D', `-${level}`, zipFile, 'results'], {
    cwd: dataDir,
    okCodes: [0],
  });
  await writeFile(
    path.join(scratch, 'head'),
    `--${boundary}\r\nContent-Type: application/json; charset=utf-8\r\n\r\n{"source":"local"}\r\n--${boundary}\r\nContent-Type: application/zip\r\n\r\n`,
  );
  await writeFile(path.join(scratch, 'tail'), `\r\n--${boundary}--\r\n`);
  const assemble = await run('sh', ['-c', `cat head baseline.zip tail > baseline.body`], {
    cwd: scratch,
    okCodes: [0],
  });
  const curl = await run(
    'curl',
    [
      '-sS',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '--data-binary',
      `@${bodyFile}`,
      '-H',
      `Content-Type: multipart/mixed; boundary=${boundary}`,
      '-H',
      'Expect:',
      '-H',
      'Accept: application/json',
      `${url}/api/internal/import/${SPEC_ID}`,
    ],
    { okCodes: [0] },
  );
  if (!['200', '304'].includes(curl.stdout.trim()))
    throw new Error(`curl upload answered ${curl.stdout}`);
  const zipBytes = (await stat(zipFile)).size;
  await remove(zipFile);
  await remove(bodyFile);
  return {
    wallMs: zip.wallMs + assemble.wallMs + curl.wallMs,
    parts: { zipMs: zip.wallMs, assembleMs: assemble.wallMs, curlMs: curl.wallMs },
    zipBytes,
  };
}

async function withReceiver(fn) {
  const dataDir = await tempDir('receiver');
  // The receiver does not read the results: the product's own parsing is the server's cost,
  // not the client's, and on shared cores it would slow every variant alike and hide ours.
  const receiver = await startReceiver({ dataDir, extraArgs: ['--no-read-results'] });
  try {
    return await fn(receiver.url, dataDir);
  } finally {
    await receiver.close();
    await remove(dataDir);
  }
}

async function listFiles(dir, out = []) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await listFiles(full, out);
    else out.push(full);
  }
  return out;
}

/** Every file sorted largest first (so the threads of {@link deflateOn} finish together). */
async function filesBySize(dir) {
  const files = await listFiles(dir);
  const sized = await Promise.all(
    files.map(async (file) => ({ file, size: (await stat(file)).size })),
  );
  return sized.sort((a, b) => b.size - a.size).map((entry) => entry.file);
}

/**
 * Read and `zlib.deflateRawSync` every file on `threads` worker threads that take the next file
 * from a shared counter; wall time from the first worker's start to the last one's answer.
 */
async function deflateOn(threads, files, level) {
  const counter = new SharedArrayBuffer(4);
  const started = process.hrtime.bigint();
  const reports = await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise((resolve, reject) => {
          const worker = new Worker(new URL('./deflate-worker.mjs', import.meta.url), {
            workerData: { files, level, counter },
          });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  return {
    wallMs: Number(process.hrtime.bigint() - started) / 1e6,
    bytesIn: reports.reduce((sum, report) => sum + report.bytesIn, 0),
    bytesOut: reports.reduce((sum, report) => sum + report.bytesOut, 0),
  };
}

let throughputData;
/** The shared ~200 MB, ~7 000-file JUnit tree of mixed sizes (throughput and levels). */
async function junitData(context) {
  if (throughputData) return throughputData;
  log(
    `generating ~${fmtMB(200e6 * context.scale)} of JUnit XML in ~${Math.round(7000 * context.scale)} files of mixed sizes`,
  );
  const dir = path.join(context.work, 'junit');
  const { bytes, files, sizes } = await writeResultTree(dir, context.scale);
  throughputData = { dir, bytes, files, histogram: sizeHistogram(sizes) };
  return throughputData;
}

/** `7,000 files: 4,172 < 10 kB, …, 7 > 1 MB (largest 16.6 MB)`. */
function sizeHistogram(sizes) {
  const bins = [
    [10e3, '< 10 kB'],
    [100e3, '10–100 kB'],
    [1e6, '0.1–1 MB'],
    [Infinity, '> 1 MB'],
  ];
  const counts = bins.map(() => 0);
  for (const size of sizes) counts[bins.findIndex(([limit]) => size < limit)] += 1;
  const n = (x) => x.toLocaleString('en-US');
  return `${n(sizes.length)} files: ${bins.map(([, label], index) => `${n(counts[index])} ${label}`).join(', ')} (largest ${fmtMB(Math.max(...sizes))})`;
}

const DEFAULT_LEVEL = 1;
/** Target of the zip-engine issue: an upload in at most 0.6× the time of `zip -r -1` + `curl`. */
const THROUGHPUT_TARGET = 0.6;
/** Target of the zip-engine issue for peak RSS: under 150 MB (in kB, as GNU time reports it). */
const RSS_LIMIT_KB = 150e6 / 1024;
const RSS_TARGET = '< 143 MiB (150 MB)';
/** Threads of the physical-limit row: every core the machine offers. */
const CORES = os.availableParallelism();

/** Extra flags of each `xltv upload` variant of the throughput table. */
const VARIANT_FLAGS = { spool: [], stream: ['--stream'], noResults: ['--no-results'] };

/** Whether the CLI under test lists `flag` in the help of `command` (flags being added may be missing from a build). */
async function cliHasFlag(command, flag) {
  const help = await run(process.execPath, [CLI, command, '--help'], { env: cliEnv() });
  return help.code === 0 && help.stdout.includes(flag);
}

const throughput = {
  id: 'throughput',
  title: 'Throughput: xltv vs zip + curl',
  async run(context) {
    const data = await junitData(context);
    const scratch = await tempDir('baseline');
    const files = await filesBySize(path.join(data.dir, 'results'));
    const rounds = [];
    // `--no-results` (inspection off) is measured only when the CLI under test has the flag.
    let noResults = await cliHasFlag('upload', '--no-results');
    await withReceiver(async (url) => {
      // One warm-up of each so the page cache and the receiver's JIT are in the same state.
      await cliUpload(url, data.dir);
      if (noResults)
        noResults = await cliUpload(url, data.dir, ['--no-results']).then(
          () => true,
          (error) => {
            log(`--no-results left out: ${String(error.message).split('\n')[0]}`);
            return false;
          },
        );
      await baselineUpload(url, data.dir, DEFAULT_LEVEL, scratch);
      await deflateOn(CORES, files, DEFAULT_LEVEL);
      for (let round = 0; round < context.runs; round += 1) {
        const order = ['spool', 'stream', 'baseline', 'limit', ...(noResults ? ['noResults'] : [])];
        for (let k = 0; k < round % order.length; k += 1) order.push(order.shift());
        const result = {};
        for (const variant of order) {
          if (variant === 'baseline')
            result.baseline = await baselineUpload(url, data.dir, DEFAULT_LEVEL, scratch);
          else if (variant === 'limit') {
            // Deflate on every core, then the same deflate on one thread for the speed-up.
            result.deflate = await deflateOn(CORES, files, DEFAULT_LEVEL);
            result.deflateOne = await deflateOn(1, files, DEFAULT_LEVEL);
          } else result[variant] = await cliUpload(url, data.dir, VARIANT_FLAGS[variant]);
        }
        // The physical limit: deflate on all cores plus this round's actual send of `zip -1`'s zip.
        result.limit = { wallMs: result.deflate.wallMs + result.baseline.parts.curlMs };
        log(
          `round ${round + 1}: spool ${fmtS(result.spool.wallMs)}, stream ${fmtS(result.stream.wallMs)}, zip+curl ${fmtS(result.baseline.wallMs)}, limit ${fmtS(result.limit.wallMs)}`,
        );
        rounds.push(result);
      }
    });
    await remove(scratch);
    const wall = (variant) => stats(rounds.map((r) => r[variant].wallMs));
    const ratio = (variant) => stats(rounds.map((r) => r[variant].wallMs / r.baseline.wallMs));
    const spoolRatio = ratio('spool');
    const streamRatio = ratio('stream');
    const cpuShare = stats(rounds.map((r) => r.spool.cpuMs / r.spool.wallMs));
    const speedup = stats(rounds.map((r) => r.deflateOne.wallMs / r.deflate.wallMs));
    const mbps = (ms) => `${(data.bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
    const zipBytes = rounds[0].spool.receipt.bytes.zip;
    const baselineZip = rounds[0].baseline.zipBytes;
    const deflated = rounds[0].deflate.bytesOut;
    const threads = `${CORES} ${CORES === 1 ? 'thread' : 'threads'}`;
    const limitLabel = `physical limit (deflate on ${CORES} ${CORES === 1 ? 'core' : 'cores'} + send)`;
    const target = `≤ ${fmtX(THROUGHPUT_TARGET)}`;
    const median = (variant, part) => fmtS(stats(rounds.map((r) => r[variant][part])).median);
    const markdown = `
Input: ${fmtMB(data.bytes)} of generated JUnit XML, ${data.histogram}, in nested Gradle and Maven result
folders (\`results/<group>/<module>/build/test-results/<task>/\`, \`.../target/surefire-reports/\`).
Deflate level ${DEFAULT_LEVEL} on both sides (xltv zip ${fmtMB(zipBytes)}, \`zip -${DEFAULT_LEVEL}\` ${fmtMB(baselineZip)}). Receiver: \`xltv-receiver\` on 127.0.0.1 (own process, verifies every entry's CRC, does not read the results: \`--no-read-results\`),
sharing the cores with the client; after the warm-up it answers 304 (same files), but only after reading and checking the whole zip, so every variant costs the receiver the same.
Baseline = \`zip -r -D -${DEFAULT_LEVEL}\` to a file + \`cat\` into a multipart/mixed body + \`curl --data-binary\`.
Physical limit = \`zlib.deflateRawSync\` of every file at level ${DEFAULT_LEVEL} on ${threads} (\`os.availableParallelism()\`; reading
and worker start included, largest file first, no CRC and no zip records; ${fmtMB(deflated)} out) + the \`curl\` leg of the
same round's baseline, an actual send of the zip \`zip -${DEFAULT_LEVEL}\` made (${fmtMB(baselineZip)}) to the same receiver. Variant order rotates per run.

| | wall time | vs baseline (target ${target}) | input throughput |
| --- | --- | --- | --- |
| \`xltv upload\` (spool, default) | ${fmtStats(wall('spool'), fmtS)} | ${fmtStats(spoolRatio, fmtX)} | ${mbps(wall('spool').median)} |
| \`xltv upload --stream\` | ${fmtStats(wall('stream'), fmtS)} | ${fmtStats(streamRatio, fmtX)} | ${mbps(wall('stream').median)} |
| ${noResults ? `\`xltv upload --no-results\` (spool, results not read) | ${fmtStats(wall('noResults'), fmtS)} | ${fmtStats(ratio('noResults'), fmtX)} | ${mbps(wall('noResults').median)}` : '`xltv upload --no-results` | flag not available in this build | – | –'} |
| ${limitLabel} | ${fmtStats(wall('limit'), fmtS)} | ${fmtStats(ratio('limit'), fmtX)} | ${mbps(wall('limit').median)} |
| zip + curl | ${fmtStats(wall('baseline'), fmtS)} | 1.00× | ${mbps(wall('baseline').median)} |

Baseline split (median): zip ${fmtS(stats(rounds.map((r) => r.baseline.parts.zipMs)).median)}, cat ${fmtS(stats(rounds.map((r) => r.baseline.parts.assembleMs)).median)}, curl ${fmtS(stats(rounds.map((r) => r.baseline.parts.curlMs)).median)}.
Physical limit split (median): deflate on ${threads} ${median('deflate', 'wallMs')} (${mbps(wall('deflate').median)}; on 1 thread ${median('deflateOne', 'wallMs')}, speed-up ${fmtStats(speedup, fmtX)}), send ${fmtS(stats(rounds.map((r) => r.baseline.parts.curlMs)).median)}.
CPU of the xltv process (user + sys) / wall: ${fmtStats(cpuShare, (x) => x.toFixed(2))} (1.00 = one core busy the whole time).
${noResults ? `Reading the results (default) vs \`--no-results\`, same round: ${fmtStats(stats(rounds.map((r) => r.spool.wallMs / r.noResults.wallMs)), fmtX)}.\n` : ''}`;
    const targets = [
      {
        order: 20,
        figure: 'upload time vs zip + curl (spool, default)',
        value: fmtX(spoolRatio.median),
        target,
        met: spoolRatio.median <= THROUGHPUT_TARGET,
      },
      {
        order: 20,
        figure: 'upload time vs zip + curl (`--stream`)',
        value: fmtX(streamRatio.median),
        target,
        met: streamRatio.median <= THROUGHPUT_TARGET,
      },
    ];
    return { markdown, raw: { data, cores: CORES, rounds }, targets };
  },
};

const LEVELS = [0, 1, 6, 9];
const BANDWIDTHS_MBIT = [10, 100, 1000];

const levels = {
  id: 'levels',
  title: 'Deflate level: time and size',
  async run(context) {
    const data = await junitData(context);
    const byLevel = Object.fromEntries(LEVELS.map((level) => [level, []]));
    await withReceiver(async (url) => {
      await cliUpload(url, data.dir, ['--level', '1']);
      for (let round = 0; round < context.runs; round += 1) {
        for (const level of round % 2 ? [...LEVELS].reverse() : LEVELS) {
          const outcome = await cliUpload(url, data.dir, ['--level', String(level)]);
          byLevel[level].push({
            wallMs: outcome.wallMs,
            zipBytes: outcome.receipt.bytes.zip,
            cpuMs: outcome.cpuMs,
          });
        }
        log(`levels round ${round + 1} done`);
      }
    });
    const rows = LEVELS.map((level) => {
      const wall = stats(byLevel[level].map((r) => r.wallMs));
      const ratioToDefault = stats(
        byLevel[level].map((r, index) => r.wallMs / byLevel[DEFAULT_LEVEL][index].wallMs),
      );
      const zipBytes = byLevel[level][0].zipBytes;
      return { level, wall, ratioToDefault, zipBytes };
    });
    // Estimated end-to-end time on a real link: the measured local time (zip + loopback
    // send) plus the zip's bytes over the link.
    const best = BANDWIDTHS_MBIT.map((mbit) => {
      const estimates = rows.map((row) => ({
        level: row.level,
        seconds: row.wall.median / 1000 + (row.zipBytes * 8) / (mbit * 1e6),
      }));
      estimates.sort((a, b) => a.seconds - b.seconds);
      return { mbit, estimates };
    });
    const table = rows
      .map(
        (row) =>
          `| ${row.level} | ${fmtStats(row.wall, fmtS)} | ${fmtStats(row.ratioToDefault, fmtX)} | ${fmtMB(row.zipBytes)} | ${(data.bytes / row.zipBytes).toFixed(1)}× |`,
      )
      .join('\n');
    const estimateTable = best
      .map(
        (b) =>
          `| ${b.mbit} Mbit/s | ${LEVELS.map((level) => fmtS(b.estimates.find((e) => e.level === level).seconds * 1000)).join(' | ')} | ${b.estimates[0].level} |`,
      )
      .join('\n');
    const markdown = `
\`xltv upload --level N\` of the same ${fmtMB(data.bytes)} (${data.files.toLocaleString('en-US')} files of mixed sizes), spool mode, loopback.

| level | wall time | vs level ${DEFAULT_LEVEL} | zip size | ratio |
| --- | --- | --- | --- | --- |
${table}

Estimated total time on a real link = measured local time + zip bytes / bandwidth (median):

| link | ${LEVELS.map((l) => `level ${l}`).join(' | ')} | fastest |
| --- | ${LEVELS.map(() => '---').join(' | ')} | --- |
${estimateTable}
`;
    return { markdown, raw: { byLevel, best } };
  },
};

/** A nominal input size (before generation) for labels: `100 MB`, `1 GB` at scale 1. */
function nominal(bytes) {
  return bytes >= 1e9
    ? `${Number((bytes / 1e9).toPrecision(3))} GB`
    : `${Number((bytes / 1e6).toPrecision(3))} MB`;
}

const memory = {
  id: 'memory',
  title: 'Memory: peak RSS of the CLI',
  async run(context) {
    const small = Math.round(100e6 * context.scale);
    const large = Math.round(1e9 * context.scale);
    const inputs = [];
    const smallFiles = Math.max(20, Math.round(small / 50_000));
    for (const [label, bytes, files] of [
      ['small', small, smallFiles],
      ['large', large, Math.max(20, Math.round(large / 50_000))],
      // Same number of files as the small input, 10× bigger each: separates size from count.
      ['largeSameCount', large, smallFiles],
    ]) {
      const dir = path.join(context.work, `memory-${label}`);
      log(`generating ${fmtMB(bytes)} in ${files} files`);
      inputs.push({
        label,
        dir,
        files,
        bytes: await writeJunitTree(dir, bytes, files, label === 'small' ? 2 : 3),
      });
    }
    const peaks = {
      spool: { small: [], large: [], largeSameCount: [] },
      stream: { small: [], large: [], largeSameCount: [] },
    };
    await withReceiver(async (url) => {
      for (let round = 0; round < context.runs; round += 1) {
        for (const mode of ['spool', 'stream']) {
          for (const input of inputs) {
            const outcome = await cliUpload(url, input.dir, mode === 'stream' ? ['--stream'] : []);
            peaks[mode][input.label].push(outcome.peakRssKb);
          }
        }
        log(`memory round ${round + 1}: ${JSON.stringify(peaks)}`);
      }
    });
    for (const input of inputs) await remove(input.dir);
    const growthOf = (mode, label) =>
      stats(peaks[mode][label].map((kb, index) => kb / peaks[mode].small[index]));
    const row = (mode) =>
      `| ${mode === 'spool' ? 'spool (default)' : '`--stream`'} | ${['small', 'large', 'largeSameCount'].map((label) => fmtStats(stats(peaks[mode][label]), fmtMiB)).join(' | ')} | ${fmtStats(growthOf(mode, 'large'), fmtX)} | ${fmtStats(growthOf(mode, 'largeSameCount'), fmtX)} |`;
    const [inputA, inputB, inputC] = inputs;
    const markdown = `
Peak RSS of the \`xltv upload\` process (the receiver is a separate process and not counted).
Targets: under 150 MB (143 MiB) at ${nominal(large)} (B and C; and at ${manyCount(context.scale).toLocaleString('en-US')} files, in the Scale section),
and ${nominal(large)} within 1.10× of ${nominal(small)} (B / A and C / A). The third input has
the small input's file count with files 10× bigger, which separates the effect of total size from
that of the number of files.

| mode | A: ${fmtMB(inputA.bytes)}, ${inputA.files} files | B: ${fmtMB(inputB.bytes)}, ${inputB.files} files | C: ${fmtMB(inputC.bytes)}, ${inputC.files} files | B / A | C / A |
| --- | --- | --- | --- | --- | --- |
${row('spool')}
${row('stream')}
`;
    const modeName = (mode) => (mode === 'spool' ? 'spool' : '`--stream`');
    const median = (mode, label) => stats(peaks[mode][label]).median;
    const targets = ['spool', 'stream'].flatMap((mode) => {
      // Medians of B and C, the larger of the two.
      const [peak, input] =
        median(mode, 'large') >= median(mode, 'largeSameCount')
          ? [median(mode, 'large'), 'B']
          : [median(mode, 'largeSameCount'), 'C'];
      return [
        {
          order: 30,
          figure: `peak RSS at ${nominal(large)} (larger of B, C), ${modeName(mode)}`,
          value: `${fmtMiB(peak)} (${input})`,
          target: RSS_TARGET,
          met: peak < RSS_LIMIT_KB,
        },
        ...[
          ['large', 'B / A, 10× the files'],
          ['largeSameCount', 'C / A, 10× bigger files'],
        ].map(([label, what]) => {
          const growth = growthOf(mode, label).median;
          return {
            order: 40,
            figure: `peak RSS ${nominal(large)} / ${nominal(small)} (${what}), ${modeName(mode)}`,
            value: fmtX(growth),
            target: '≤ 1.10×',
            met: growth <= 1.1,
          };
        }),
      ];
    });
    return {
      markdown,
      raw: { inputs: inputs.map(({ label, files, bytes }) => ({ label, files, bytes })), peaks },
      targets,
    };
  },
};

async function sha256File(file) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest('hex');
}

/** Files of the scale section's Zip64 entry-count input: 100 000 at scale 1. */
function manyCount(scale) {
  return Math.max(100, Math.round(100_000 * scale));
}

const scaleSection = {
  id: 'scale',
  title: 'Scale: Zip64 entry count and size',
  async run(context) {
    const count = manyCount(context.scale);
    const hugeBytes = Math.round(5 * 2 ** 30 * context.scale);
    const results = {};
    const manyDir = path.join(context.work, 'many');
    log(`generating ${count} tiny files`);
    const manyBytes = await writeTinyFiles(manyDir, count);
    const hugeDir = path.join(context.work, 'huge');
    log(`generating one ${fmtMB(hugeBytes)} file`);
    await writeHugeFile(path.join(hugeDir, 'results', 'huge-TEST.xml'), hugeBytes);
    const hugeHash = await sha256File(path.join(hugeDir, 'results', 'huge-TEST.xml'));
    await withReceiver(async (url, receiverDir) => {
      for (const [label, dir] of [
        ['many', manyDir],
        ['huge', hugeDir],
      ]) {
        const walls = [];
        const peaks = [];
        let stored;
        for (let round = 0; round < context.runs; round += 1) {
          const outcome = await cliUpload(url, dir, []);
          walls.push(outcome.wallMs);
          peaks.push(outcome.peakRssKb);
          log(
            `${label} round ${round + 1}: ${fmtS(outcome.wallMs)}, exit ${outcome.code}, zip ${fmtMB(outcome.receipt.bytes.zip)}`,
          );
          if (round === 0) {
            if (outcome.code !== 0)
              throw new Error(
                `first ${label} upload exited ${outcome.code}: ${outcome.stderr.slice(-500)}`,
              );
            const imports = await importsOf(url);
            stored = await storedEntries(url, receiverDir, imports[imports.length - 1]);
          }
        }
        results[label] = { walls, peaks, stored };
      }
    });
    // Verify what the receiver stored against the sources.
    const many = results.many.stored;
    const manyNames = new Set(many.entries.map((e) => e.name));
    const manyOk =
      many.entries.length === count &&
      manyNames.size === count &&
      many.entries.every((e) => e.size > 0);
    const huge = results.huge.stored;
    const hugeEntry = huge.entries[0];
    const hugeOk =
      huge.entries.length === 1 && hugeEntry.size === hugeBytes && hugeEntry.sha256 === hugeHash;
    await remove(manyDir);
    await remove(hugeDir);
    if (!manyOk || !hugeOk) {
      throw new Error(
        `read-back mismatch: many ${many.entries.length}/${count} entries, huge ${JSON.stringify({ ...hugeEntry, expectedSize: hugeBytes, expectedSha: hugeHash })}`,
      );
    }
    const manyWall = stats(results.many.walls);
    const manyPeak = stats(results.many.peaks).median;
    const hugeWall = stats(results.huge.walls);
    const markdown = `
\`xltv upload\` (spool mode, level 1) to the receiver, which reads every entry back (CRC-32 and sha256);
the first run of each is imported (exit 0), later runs of the same files are answered 304 after
the same full read (exit 3). The read-back columns are checked by this script against the sources.
Target: peak RSS under 150 MB (143 MiB) at ${count.toLocaleString('en-US')} files.

| input | wall time | per unit | peak RSS | read back by the receiver |
| --- | --- | --- | --- | --- |
| ${count.toLocaleString('en-US')} files of ~${Math.round(manyBytes / count)} B (${count > 65_535 ? 'Zip64 entry count' : 'below the Zip64 entry count: scaled down'}) | ${fmtStats(manyWall, fmtS)} | ${((manyWall.median / count) * 1000).toFixed(0)} µs per file | ${fmtStats(stats(results.many.peaks), fmtMiB)} | ${many.entries.length} entries, every name distinct, CRC verified${many.zip64 === undefined ? '' : `, Zip64 end record ${many.zip64 ? 'present' : 'absent'}`} |
| 1 file of ${fmtMB(hugeBytes)} (${hugeBytes > 2 ** 32 ? 'Zip64 size' : 'below 4 GiB: scaled down'}) | ${fmtStats(hugeWall, fmtS)} | ${(hugeWall.median / (hugeBytes / 1e6)).toFixed(1)} ms per MB | ${fmtStats(stats(results.huge.peaks), fmtMiB)} | size ${hugeEntry.size} B read back exactly${hugeBytes > 2 ** 32 ? ' (only possible through Zip64 size fields)' : ''}, sha256 equal to the source |
`;
    const targets = [
      {
        order: 30,
        figure: `peak RSS at ${count.toLocaleString('en-US')} files, spool`,
        value: fmtMiB(manyPeak),
        target: RSS_TARGET,
        met: manyPeak < RSS_LIMIT_KB,
      },
    ];
    return { markdown, raw: { count, hugeBytes, results }, targets };
  },
};

const startup = {
  id: 'startup',
  title: 'Start-up',
  async run(context) {
    const iterations = Math.max(10, context.runs * 3);
    const times = { node: [], help: [], env: [] };
    const commands = {
      node: [process.execPath, ['-e', '0']],
      help: [process.execPath, [CLI, '--help']],
      env: [process.execPath, [CLI, 'env', '--ci', 'none']],
    };
    for (let i = 0; i < 3; i += 1)
      for (const [cmd, args] of Object.values(commands)) await run(cmd, args, { env: cliEnv() });
    for (let i = 0; i < iterations; i += 1) {
      for (const [name, [cmd, args]] of Object.entries(commands)) {
        const outcome = await run(cmd, args, { env: cliEnv(), okCodes: [0] });
        times[name].push(outcome.wallMs);
      }
    }
    const ratio = (name) => stats(times[name].map((ms, index) => ms / times.node[index]));
    const markdown = `
${iterations} interleaved runs each. Target: at most 2.00× \`node -e 0\`.

| command | wall time | vs \`node -e 0\` |
| --- | --- | --- |
| \`node -e 0\` | ${fmtStats(stats(times.node), fmtS)} | 1.00× |
| \`xltv --help\` | ${fmtStats(stats(times.help), fmtS)} | ${fmtStats(ratio('help'), fmtX)} |
| \`xltv env --ci none\` | ${fmtStats(stats(times.env), fmtS)} | ${fmtStats(ratio('env'), fmtX)} |
`;
    const targets = [
      {
        order: 10,
        figure: '`xltv --help` vs `node -e 0`',
        value: fmtX(ratio('help').median),
        target: '≤ 2.00×',
        met: ratio('help').median <= 2,
      },
      {
        order: 10,
        figure: '`xltv env` vs `node -e 0`',
        value: fmtX(ratio('env').median),
        target: '≤ 2.00×',
        met: ratio('env').median <= 2,
      },
    ];
    return { markdown, raw: times, targets };
  },
};

async function duBytes(dir) {
  let total = 0;
  let packages = 0;
  async function walk(current) {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (
          path.basename(path.dirname(full)) === 'node_modules' ||
          path.basename(path.dirname(path.dirname(full))) === 'node_modules'
        ) {
          // node_modules/<name> or node_modules/@scope/<name> with a package.json is a package.
          try {
            await stat(path.join(full, 'package.json'));
            if (!entry.name.startsWith('@') && entry.name !== '.bin') packages += 1;
          } catch {
            // a scope folder or .bin
          }
        }
        await walk(full);
      } else if (entry.isFile()) total += (await stat(full)).size;
    }
  }
  await walk(dir);
  return { bytes: total, packages };
}

const footprint = {
  id: 'footprint',
  title: 'Footprint of `npx @xltv/cli`',
  async run() {
    const packDir = await tempDir('pack');
    const installDir = await tempDir('install');
    try {
      await run('pnpm', ['pack', '--pack-destination', packDir], {
        cwd: path.join(ROOT, 'apps/cli'),
        okCodes: [0],
      });
      const tarball = (await readdir(packDir)).find((name) => name.endsWith('.tgz'));
      if (!tarball) throw new Error('pnpm pack wrote no tarball');
      const tarballBytes = (await stat(path.join(packDir, tarball))).size;
      await writeFile(
        path.join(installDir, 'package.json'),
        '{"name":"footprint-probe","private":true}\n',
      );
      const install = await run(
        'npm',
        [
          'install',
          '--prefer-offline',
          '--no-audit',
          '--no-fund',
          '--no-package-lock',
          path.join(packDir, tarball),
        ],
        { cwd: installDir, okCodes: [0] },
      );
      const { bytes, packages } = await duBytes(path.join(installDir, 'node_modules'));
      const version = await run(path.join(installDir, 'node_modules/.bin/xltv'), ['--version'], {
        okCodes: [0],
      });
      const markdown = `
\`pnpm pack\` in apps/cli, then \`npm install <tarball>\` into an empty folder (what \`npx @xltv/cli\` fetches).

| tarball | packages installed | bytes on disk | install time | installed \`xltv --version\` |
| --- | --- | --- | --- | --- |
| ${(tarballBytes / 1024).toFixed(0)} KiB | ${packages} (including @xltv/cli) | ${fmtMB(bytes)} | ${fmtS(install.wallMs)} | ${version.stdout.trim()} |
`;
      return { markdown, raw: { tarballBytes, packages, bytes, installMs: install.wallMs } };
    } finally {
      await remove(packDir);
      await remove(installDir);
    }
  },
};

/** In run order. */
export const SECTIONS = [
  startup,
  footprint,
  throughput,
  levels,
  parsersSection(junitData, listFiles),
  inspectSection(junitData, listFiles),
  memory,
  scaleSection,
];
