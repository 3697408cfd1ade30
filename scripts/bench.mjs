#!/usr/bin/env node
// `pnpm bench`: throughput, memory, scale, start-up, footprint and deflate-level benchmarks of
// the built `xltv` CLI against @xltv/receiver on loopback. Every figure that has a target is a
// ratio measured side by side in the same run (so noise on a shared machine cancels) and is
// reported as min / median / max over several runs. Results replace the generated block of
// BENCHMARKS.md; the hand-written analysis around it is kept. Raw numbers go to
// .bench/results.json. Needs a prior `pnpm build`.
//
// Environment:
//   XLTV_BENCH_SCALE=0.1   scale every input size (default 1: 200 MB in ~7 000 files of mixed sizes,
//                          100 MB/1 GB, 100 000 files, 5 GiB)
//   XLTV_BENCH_RUNS=3      runs per measured figure (at least 3)
//   XLTV_BENCH_ONLY=throughput,levels,memory,scale,startup,footprint,parsers,inspect   run a subset
//   XLTV_BENCH_PARSERS_FROM=dir  load the parser candidates from dir/node_modules instead of the
//                          root devDependencies (a scratch install)
//   XLTV_BENCH_OUT=file    where to write the report (default BENCHMARKS.md at the root); the raw
//                          numbers then go beside it as <file>.json, not to .bench/results.json
//   XLTV_BENCH_CLI=path    benchmark another build of the xltv bin (default apps/cli/dist/xltv.js)
//   XLTV_BENCH_RECEIVER=path  another build of the receiver bin (default packages/receiver/dist/bin.js)
//   XLTV_BENCH_RESULTS=path   another build of @xltv/results (default packages/results/dist/index.js)
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CLI,
  commitOf,
  RECEIVER_BIN,
  setTempRoot,
  ROOT,
  log,
  machine,
  remove,
  tempDir,
  HAS_GNU_TIME,
} from './bench/lib.mjs';
import { SECTIONS } from './bench/sections.mjs';

const scale = Number(process.env.XLTV_BENCH_SCALE ?? '1');
const runs = Math.max(3, Math.floor(Number(process.env.XLTV_BENCH_RUNS ?? '3')));
const only = (process.env.XLTV_BENCH_ONLY ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const outFile = path.resolve(process.env.XLTV_BENCH_OUT ?? path.join(ROOT, 'BENCHMARKS.md'));
// A report written elsewhere (a trial run) keeps its raw numbers beside it, so it never replaces
// those of the last run that wrote BENCHMARKS.md.
const rawFile = process.env.XLTV_BENCH_OUT
  ? path.join(path.dirname(outFile), `${path.basename(outFile, path.extname(outFile))}.json`)
  : path.join(ROOT, '.bench', 'results.json');

if (!(scale > 0) || !Number.isFinite(scale)) {
  log(`XLTV_BENCH_SCALE must be a positive number, got ${process.env.XLTV_BENCH_SCALE}`);
  process.exit(2);
}
const unknown = only.filter((name) => !SECTIONS.some((section) => section.id === name));
if (unknown.length > 0) {
  log(
    `unknown section(s) in XLTV_BENCH_ONLY: ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.id).join(', ')}`,
  );
  process.exit(2);
}
for (const file of [CLI, RECEIVER_BIN]) {
  if (!existsSync(file)) {
    log(`${path.relative(ROOT, file)} is missing: run \`pnpm build\` first`);
    process.exit(2);
  }
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

async function main() {
  const work = await tempDir('run');
  setTempRoot(work);
  const context = { scale, runs, work };
  const facts = { ...machine(), commit: commitOf() };
  log(`machine: ${facts.cpu}, ${facts.cores} cores, ${facts.memory}, Node ${facts.node}`);
  log(`scale ${scale}, ${runs} runs per figure, work dir ${work}`);
  const loadStart = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
  const results = { machine: facts, scale, runs, sections: {} };
  const blocks = [];
  const targets = [];
  const started = Date.now();
  try {
    for (const section of SECTIONS) {
      if (only.length > 0 && !only.includes(section.id)) continue;
      log(`== ${section.title}`);
      const sectionStart = Date.now();
      try {
        const { markdown, raw, targets: met = [] } = await section.run(context);
        results.sections[section.id] = raw;
        targets.push(...met);
        blocks.push(`### ${section.title}\n\n${markdown.trim()}\n`);
      } catch (error) {
        log(`${section.id} failed: ${error.stack ?? error}`);
        results.sections[section.id] = { error: String(error.message ?? error) };
        blocks.push(
          `### ${section.title}\n\n**Failed in this run:** \`${String(error.message ?? error).split('\n')[0]}\`\n`,
        );
      }
      log(`   ${section.id} took ${((Date.now() - sectionStart) / 1000).toFixed(0)} s`);
    }
  } finally {
    await remove(work);
  }
  const loadEnd = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
  const header =
    `Load average (1/5/15 min) at the start ${loadStart}, at the end ${loadEnd}: the machine is shared, so absolute times are noisy; the ratios, measured side by side, are the figures to read.\n\n` +
    `Measured ${facts.date.slice(0, 10)}${facts.commit ? ` at commit ${facts.commit}` : ''} on ${facts.cpu} (${facts.cores} cores, ${facts.memory} RAM), ` +
    `Node ${facts.node}, ${facts.os}. Scale ${scale}${scale === 1 ? ' (full size)' : ''}, ` +
    `${runs} runs per figure, figures as min / **median** / max. Peak RSS ${HAS_GNU_TIME ? 'from GNU `time` (%M)' : 'from /proc VmHWM polling'}. ` +
    `Whole run: ${((Date.now() - started) / 60000).toFixed(1)} min.\n`;
  // Grouped by figure (start-up, throughput, peak RSS, growth), in section order within a group.
  targets.sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const summary =
    targets.length === 0
      ? ''
      : `### Targets at a glance (medians)\n\n| figure | measured | target | met |\n| --- | --- | --- | --- |\n${targets
          .map((t) => `| ${t.figure} | ${t.value} | ${t.target} | ${t.met ? 'yes' : '**no**'} |`)
          .join('\n')}\n\n`;
  results.targets = targets;
  const generated = `${START}\n<!-- Generated by \`pnpm bench\` (scripts/bench.mjs); edits inside this block are overwritten. -->\n\n${header}\n${summary}${blocks.join('\n')}${END}`;
  await writeReport(generated);
  await mkdir(path.dirname(rawFile), { recursive: true });
  await writeFile(rawFile, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${path.relative(ROOT, outFile)} and ${path.relative(ROOT, rawFile)}`);
}

async function writeReport(generated) {
  const current = await readFile(outFile, 'utf8').catch(() => '');
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  let next;
  if (start >= 0 && end > start) {
    next = current.slice(0, start) + generated + current.slice(end + END.length);
  } else {
    next = `# Benchmarks\n\nRerun with \`pnpm build && pnpm bench\` (quick run: \`XLTV_BENCH_SCALE=0.1 pnpm bench\`).\n\n## Results\n\n${generated}\n`;
  }
  await writeFile(outFile, await formatted(next));
}

/** The repository's Prettier style (so `pnpm lint` stays green), when Prettier is installed. */
async function formatted(markdown) {
  try {
    const prettier = await import('prettier');
    const config = (await prettier.resolveConfig(outFile)) ?? {};
    return await prettier.format(markdown, { ...config, filepath: outFile });
  } catch (error) {
    log(`left ${path.basename(outFile)} unformatted: ${error.message}`);
    return markdown;
  }
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exit(1);
});
