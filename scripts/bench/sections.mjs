// The benchmark sections of `pnpm bench`. Each returns { markdown, raw }.
import { readdir, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { writeHugeFile, writeJunitTree, writeTinyFiles } from './data.mjs';
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
  const receiver = await startReceiver({ dataDir });
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

async function deflateWith(workers, files, level) {
  const shares = Array.from({ length: workers }, () => []);
  files.forEach((file, index) => shares[index % workers].push(file));
  const started = process.hrtime.bigint();
  await Promise.all(
    shares.map(
      (share) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(new URL('./deflate-worker.mjs', import.meta.url), {
            workerData: { files: share, level },
          });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  return Number(process.hrtime.bigint() - started) / 1e6;
}

let throughputData;
/** The shared 200 MB JUnit tree (throughput and levels). */
async function junitData(context) {
  if (throughputData) return throughputData;
  const bytes = Math.round(200e6 * context.scale);
  const files = Math.max(20, Math.round(4000 * context.scale));
  log(`generating ${fmtMB(bytes)} of JUnit XML in ${files} files`);
  const written = await writeJunitTree(path.join(context.work, 'junit'), bytes, files);
  throughputData = { dir: path.join(context.work, 'junit'), bytes: written, files };
  return throughputData;
}

const DEFAULT_LEVEL = 1;

const throughput = {
  id: 'throughput',
  title: 'Throughput: xltv vs zip + curl',
  async run(context) {
    const data = await junitData(context);
    const scratch = await tempDir('baseline');
    const rounds = [];
    await withReceiver(async (url) => {
      // One warm-up of each so the page cache and the receiver's JIT are in the same state.
      await cliUpload(url, data.dir);
      await baselineUpload(url, data.dir, DEFAULT_LEVEL, scratch);
      for (let round = 0; round < context.runs; round += 1) {
        const order = ['spool', 'stream', 'baseline'];
        for (let k = 0; k < round % 3; k += 1) order.push(order.shift());
        const result = {};
        for (const variant of order) {
          if (variant === 'baseline')
            result.baseline = await baselineUpload(url, data.dir, DEFAULT_LEVEL, scratch);
          else
            result[variant] = await cliUpload(
              url,
              data.dir,
              variant === 'stream' ? ['--stream'] : [],
            );
        }
        log(
          `round ${round + 1}: spool ${fmtS(result.spool.wallMs)}, stream ${fmtS(result.stream.wallMs)}, zip+curl ${fmtS(result.baseline.wallMs)}`,
        );
        rounds.push(result);
      }
    });
    await remove(scratch);
    // Parallel deflation probe: the same files through zlib.deflateRawSync on 1 vs 2 threads.
    const files = await listFiles(path.join(data.dir, 'results'));
    const parallel = [];
    for (let round = 0; round < context.runs; round += 1) {
      const one = await deflateWith(1, files, DEFAULT_LEVEL);
      const two = await deflateWith(2, files, DEFAULT_LEVEL);
      parallel.push({ one, two });
    }
    const spoolRatio = stats(rounds.map((r) => r.spool.wallMs / r.baseline.wallMs));
    const streamRatio = stats(rounds.map((r) => r.stream.wallMs / r.baseline.wallMs));
    const cpuShare = stats(rounds.map((r) => r.spool.cpuMs / r.spool.wallMs));
    const speedup = stats(parallel.map((p) => p.one / p.two));
    const deflateOne = stats(parallel.map((p) => p.one));
    const mbps = (ms) => `${(data.bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
    const zipBytes = rounds[0].spool.receipt.bytes.zip;
    const markdown = `
Input: ${fmtMB(data.bytes)} of generated JUnit XML in ${data.files} files, deflate level ${DEFAULT_LEVEL} on both sides
(xltv zip ${fmtMB(zipBytes)}, \`zip -${DEFAULT_LEVEL}\` ${fmtMB(rounds[0].baseline.zipBytes)}). Receiver: \`xltv-receiver\` on 127.0.0.1 (own process, verifies every entry's CRC),
sharing the cores with the client; after the warm-up it answers 304 (same files), but only after reading and checking the whole zip, so every variant costs the receiver the same.
Baseline = \`zip -r -D -${DEFAULT_LEVEL}\` to a file + \`cat\` into a multipart/mixed body + \`curl --data-binary\`. Variant order rotates per run.

| | wall time | vs baseline (target ≤ 1.00×) | input throughput |
| --- | --- | --- | --- |
| \`xltv upload\` (spool, default) | ${fmtStats(stats(rounds.map((r) => r.spool.wallMs)), fmtS)} | ${fmtStats(spoolRatio, fmtX)} | ${mbps(stats(rounds.map((r) => r.spool.wallMs)).median)} |
| \`xltv upload --stream\` | ${fmtStats(stats(rounds.map((r) => r.stream.wallMs)), fmtS)} | ${fmtStats(streamRatio, fmtX)} | ${mbps(stats(rounds.map((r) => r.stream.wallMs)).median)} |
| zip + curl | ${fmtStats(stats(rounds.map((r) => r.baseline.wallMs)), fmtS)} | 1.00× | ${mbps(stats(rounds.map((r) => r.baseline.wallMs)).median)} |

Baseline split (median): zip ${fmtS(stats(rounds.map((r) => r.baseline.parts.zipMs)).median)}, cat ${fmtS(stats(rounds.map((r) => r.baseline.parts.assembleMs)).median)}, curl ${fmtS(stats(rounds.map((r) => r.baseline.parts.curlMs)).median)}.
CPU of the xltv process (user + sys) / wall: ${fmtStats(cpuShare, (x) => x.toFixed(2))} (1.00 = one core busy the whole time).

Parallel deflation probe (\`zlib.deflateRawSync\` of all ${data.files} files at level ${DEFAULT_LEVEL}, no I/O to the network):
1 thread ${fmtStats(deflateOne, fmtS)} (${mbps(deflateOne.median)}), 1 → 2 threads speed-up ${fmtStats(speedup, fmtX)}.
`;
    const targets = [
      {
        figure: 'upload time vs zip + curl (spool, default)',
        value: fmtX(spoolRatio.median),
        target: '≤ 1.00×',
        met: spoolRatio.median <= 1,
      },
      {
        figure: 'upload time vs zip + curl (`--stream`)',
        value: fmtX(streamRatio.median),
        target: '≤ 1.00×',
        met: streamRatio.median <= 1,
      },
    ];
    return { markdown, raw: { data, rounds, parallel }, targets };
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
\`xltv upload --level N\` of the same ${fmtMB(data.bytes)} (${data.files} files), spool mode, loopback.

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
    const MB150 = 150e6 / 1024;
    const growthOf = (mode, label) =>
      stats(peaks[mode][label].map((kb, index) => kb / peaks[mode].small[index]));
    const row = (mode) =>
      `| ${mode === 'spool' ? 'spool (default)' : '`--stream`'} | ${['small', 'large', 'largeSameCount'].map((label) => fmtStats(stats(peaks[mode][label]), fmtMiB)).join(' | ')} | ${fmtStats(growthOf(mode, 'large'), fmtX)} | ${fmtStats(growthOf(mode, 'largeSameCount'), fmtX)} |`;
    const [inputA, inputB, inputC] = inputs;
    const markdown = `
Peak RSS of the \`xltv upload\` process (the receiver is a separate process and not counted).
Target: under 150 MB (143 MiB), and the larger input within 1.10× of the smaller. The third input has
the small input's file count with files 10× bigger, which separates the effect of total size from
that of the number of files.

| mode | A: ${fmtMB(inputA.bytes)}, ${inputA.files} files | B: ${fmtMB(inputB.bytes)}, ${inputB.files} files | C: ${fmtMB(inputC.bytes)}, ${inputC.files} files | B / A | C / A |
| --- | --- | --- | --- | --- | --- |
${row('spool')}
${row('stream')}
`;
    const targets = ['spool', 'stream'].flatMap((mode) => {
      const worst = Math.max(...Object.values(peaks[mode]).flat());
      const growth = growthOf(mode, 'large').median;
      return [
        {
          figure: `peak RSS, ${mode}, largest input`,
          value: fmtMiB(worst),
          target: '< 143 MiB (150 MB)',
          met: worst < MB150,
        },
        {
          figure: `peak RSS growth ${fmtMB(inputA.bytes)} → ${fmtMB(inputB.bytes)}, ${mode}`,
          value: fmtX(growth),
          target: '≤ 1.10×',
          met: growth <= 1.1,
        },
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

const scaleSection = {
  id: 'scale',
  title: 'Scale: Zip64 entry count and size',
  async run(context) {
    const count = Math.max(100, Math.round(100_000 * context.scale));
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
    const hugeWall = stats(results.huge.walls);
    const markdown = `
\`xltv upload\` (spool mode, level 1) to the receiver, which reads every entry back (CRC-32 and sha256);
the first run of each is imported (exit 0), later runs of the same files are answered 304 after
the same full read (exit 3). The read-back columns are checked by this script against the sources.

| input | wall time | per unit | peak RSS | read back by the receiver |
| --- | --- | --- | --- | --- |
| ${count.toLocaleString('en-US')} files of ~${Math.round(manyBytes / count)} B (${count > 65_535 ? 'Zip64 entry count' : 'below the Zip64 entry count: scaled down'}) | ${fmtStats(manyWall, fmtS)} | ${((manyWall.median / count) * 1000).toFixed(0)} µs per file | ${fmtStats(stats(results.many.peaks), fmtMiB)} | ${many.entries.length} entries, every name distinct, CRC verified${many.zip64 === undefined ? '' : `, Zip64 end record ${many.zip64 ? 'present' : 'absent'}`} |
| 1 file of ${fmtMB(hugeBytes)} (${hugeBytes > 2 ** 32 ? 'Zip64 size' : 'below 4 GiB: scaled down'}) | ${fmtStats(hugeWall, fmtS)} | ${(hugeWall.median / (hugeBytes / 1e6)).toFixed(1)} ms per MB | ${fmtStats(stats(results.huge.peaks), fmtMiB)} | size ${hugeEntry.size} B read back exactly${hugeBytes > 2 ** 32 ? ' (only possible through Zip64 size fields)' : ''}, sha256 equal to the source |
`;
    return { markdown, raw: { count, hugeBytes, results } };
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
        figure: '`xltv --help` vs `node -e 0`',
        value: fmtX(ratio('help').median),
        target: '≤ 2.00×',
        met: ratio('help').median <= 2,
      },
      {
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
export const SECTIONS = [startup, footprint, throughput, levels, memory, scaleSection];
