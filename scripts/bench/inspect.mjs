// `XLTV_BENCH_ONLY=inspect`: how fast the built @xltv/results reads each format, chunk by chunk
// as the upload streams it, and whether it counts what the generators wrote.
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMATS, writeFormatSet } from './formats.mjs';
import { fmtMB, fmtStats, log, remove, ROOT, run, stats } from './lib.mjs';

const PROBE = fileURLToPath(new URL('./inspect-probe.mjs', import.meta.url));
/** The library under test; `XLTV_BENCH_RESULTS` may point at another build of it. */
const DIST = path.resolve(
  process.env.XLTV_BENCH_RESULTS ?? path.join(ROOT, 'packages/results/dist/index.js'),
);
/** Files per generated set: results of a few runs, as a CI job collects them. */
const SET_FILES = 5;

/** Tests and failures the throughput set holds, counted from its bytes (its writer makes only these). */
async function junitCounts(files) {
  let tests = 0;
  let failed = 0;
  const occurrences = (buffer, needle) => {
    let n = 0;
    for (let at = buffer.indexOf(needle); at >= 0; at = buffer.indexOf(needle, at + 1)) n += 1;
    return n;
  };
  for (const file of files) {
    const buffer = await readFile(file);
    tests += occurrences(buffer, '<testcase ');
    failed += occurrences(buffer, '<failure ');
  }
  return { tests, failed, errors: 0, skipped: 0 };
}

async function listOf(scratch, id, entries) {
  const listed = await Promise.all(
    entries.map(async ({ file, rel }) => ({ file, rel, size: (await stat(file)).size })),
  );
  const listFile = path.join(scratch, `${id}.json`);
  await writeFile(listFile, JSON.stringify(listed));
  return { listFile, bytes: listed.reduce((sum, f) => sum + f.size, 0), files: listed.length };
}

const mbps = (r) => r.bytes / 1e6 / (r.ms / 1000);
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const n = (x) => x.toLocaleString('en-US');
/** `read / written`, in bold with ≠ when they differ. */
const versus = (read, written) =>
  read === written ? `${n(read)} / ${n(written)}` : `**${n(read)} ≠ ${n(written)}**`;

function row(input, outcomes) {
  const first = outcomes[0];
  const speed = fmtStats(stats(outcomes.map(mbps)), (x) => x.toFixed(1));
  const perTest =
    first.tests > 0
      ? `${((stats(outcomes.map((r) => r.ms)).median * 1000) / first.tests).toFixed(1)} µs`
      : '–';
  const heap = mib(stats(outcomes.map((r) => r.peakHeap)).median);
  const rss = first.peakRssKb ? mib(stats(outcomes.map((r) => r.peakRssKb * 1024)).median) : '–';
  const formats = Object.entries(first.formats)
    .map(([format, count]) => `${format} ×${n(count)}`)
    .join(', ');
  const problems =
    Object.entries(first.problems)
      .map(([code, count]) => `${code} ×${n(count)}`)
      .join(', ') || 'none';
  const c = input.counts;
  return `| ${input.id} | ${fmtMB(input.bytes)}, ${n(input.files)} files | ${speed} | ${perTest} | ${heap} | ${rss} | ${formats} | ${versus(first.tests, c.tests)} | ${versus(first.failed, c.failed)} | ${versus(first.skipped, c.skipped)} | ${problems} |`;
}

/** The section; `junitData` gives the throughput set, `listFiles` lists a folder's files. */
export function inspectSection(junitData, listFiles) {
  return {
    id: 'inspect',
    title: 'Inspection: @xltv/results per format',
    async run(context) {
      if (!existsSync(DIST))
        throw new Error(
          `${path.relative(ROOT, DIST)} is missing: run \`pnpm --filter @xltv/results build\``,
        );
      const data = await junitData(context);
      const scratch = path.join(context.work, 'inspect');
      await mkdir(scratch, { recursive: true });
      const junitFiles = await listFiles(path.join(data.dir, 'results'));
      const inputs = [
        {
          id: 'junit',
          ...(await listOf(
            scratch,
            'junit',
            junitFiles.map((file) => ({ file, rel: path.relative(data.dir, file) })),
          )),
          counts: await junitCounts(junitFiles),
        },
      ];
      const setBytes = Math.round(50e6 * context.scale);
      for (const { id } of FORMATS) {
        log(`generating ${fmtMB(setBytes)} of ${id}`);
        const set = await writeFormatSet(path.join(scratch, id), id, setBytes, SET_FILES);
        inputs.push({ id, ...(await listOf(scratch, id, set.files)), counts: set.counts });
      }
      const measured = {};
      for (let round = 0; round < context.runs; round += 1) {
        const order = [...inputs];
        for (let k = 0; k < round % order.length; k += 1) order.push(order.shift());
        for (const input of order) {
          const outcome = await run(
            process.execPath,
            [PROBE, JSON.stringify({ dist: DIST, files: input.listFile })],
            { okCodes: [0] },
          );
          const result = {
            ...JSON.parse(outcome.stdout.trim().split('\n').pop()),
            peakRssKb: outcome.peakRssKb,
          };
          (measured[input.id] ??= []).push(result);
          log(`inspect ${input.id}: ${mbps(result).toFixed(1)} MB/s, ${result.tests} tests`);
        }
      }
      await remove(scratch);
      const markdown = `
The built \`@xltv/results\` (\`${path.relative(ROOT, DIST)}\`), in its own process per set, ${context.runs} times (order
rotating): every file through \`createInspector(<path in the zip>)\` in 64 KiB chunks, as the upload streams it.
MB/s is input bytes over the wall time of the reading, as min / **median** / max; per test is that median time over
the tests read; peak heap (V8's used heap, sampled after every chunk) and peak RSS are medians. JUnit is the
throughput set; the other sets are generated, ~${fmtMB(setBytes)} in ${SET_FILES} files each, shaped like each tool's
output (\`scripts/bench/formats.mjs\`). Counts are what the inspection read / what the generator wrote (JUnit:
\`<testcase\` and \`<failure\` counted in the bytes).

| format | input | MB/s | per test | peak heap | peak RSS | recognised as | tests | failed | skipped | problems |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${inputs.map((input) => row(input, measured[input.id])).join('\n')}
`;
      return {
        markdown,
        raw: {
          inputs: inputs.map(({ id, bytes, files, counts }) => ({ id, bytes, files, counts })),
          measured,
        },
      };
    },
  };
}
