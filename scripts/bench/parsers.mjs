// `XLTV_BENCH_ONLY=parsers`: the parser candidates for @xltv/results side by side, each in its
// own process over the same inputs doing the same work (find every test, read its duration).
// The candidates are devDependencies of the root package; `XLTV_BENCH_PARSERS_FROM=<dir>`
// loads them from another folder's node_modules instead (a scratch install).
import { readFileSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFormatSet } from './formats.mjs';
import { fmtMB, fmtStats, log, remove, ROOT, run, stats } from './lib.mjs';

const PROBE = fileURLToPath(new URL('./parser-probe.mjs', import.meta.url));
const FROM = process.env.XLTV_BENCH_PARSERS_FROM
  ? path.resolve(process.env.XLTV_BENCH_PARSERS_FROM)
  : undefined;

/** What each candidate is; `pkg` undefined for Node's own. */
const XML_CANDIDATES = [
  { id: 'decode', label: 'read + `TextDecoder` (no parsing: the floor)', streaming: 'yes' },
  { id: 'saxes', label: '`saxes` (SAX events)', pkg: 'saxes', streaming: 'yes' },
  {
    id: 'sax-wasm',
    label: '`sax-wasm` (WebAssembly SAX)',
    pkg: 'sax-wasm',
    streaming: 'yes',
  },
  {
    id: 'fxp-validate',
    label: '`fast-xml-parser` `XMLValidator.validate`',
    pkg: 'fast-xml-parser',
    streaming: 'no (whole file)',
  },
  {
    id: 'fxp-parse',
    label: '`fast-xml-parser` `XMLParser.parse` + walk',
    pkg: 'fast-xml-parser',
    streaming: 'no (whole file + tree)',
  },
  {
    id: 'fxp-validate-parse',
    label: '`fast-xml-parser` validate + parse (what reporting MALFORMED needs)',
    pkg: 'fast-xml-parser',
    streaming: 'no (whole file + tree)',
  },
];
const JSON_CANDIDATES = [
  { id: 'decode', label: 'read + `TextDecoder` (no parsing: the floor)', streaming: 'yes' },
  { id: 'json-parse', label: '`JSON.parse` + walk', streaming: 'no (whole file + tree)' },
  {
    id: 'streamparser-json',
    label: '`@streamparser/json` `Tokenizer`',
    pkg: '@streamparser/json',
    streaming: 'yes (bytes)',
  },
  {
    id: 'stream-json',
    label: '`stream-json` parser stream',
    pkg: 'stream-json',
    streaming: 'yes (Node stream)',
  },
  { id: 'clarinet', label: '`clarinet` (SAX events)', pkg: 'clarinet', streaming: 'yes (text)' },
];

const LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">${['b', 'c', 'd', 'e', 'f']
  .map((name, k) => `<!ENTITY ${name} "${`&${'abcde'[k]};`.repeat(10)}">`)
  .join('')}]>
<r><testcase time="&f;"/></r>`;

/** Small documents that tell how an XML candidate treats what a result file may hold. */
const CHECKS = [
  {
    label: 'character and entity references in an attribute (`&lt;1&#x41;&amp;`)',
    doc: '<r><testcase time="&lt;1&#x41;&amp;"/></r>',
    verdict: (o) => (o.value === '<1A&' ? 'decoded' : `**left as \`${o.value}\`**`),
  },
  {
    label: 'mismatched end tag (`<r><testcase></r>`)',
    doc: '<r><testcase time="1"></r>',
    verdict: (o) => (o.threw || o.errors > 0 ? 'reported' : '**not reported**'),
  },
  {
    label: 'file ending inside an element',
    doc: '<r><testcase time="1">',
    verdict: (o) => (o.threw || o.errors > 0 ? 'reported' : '**not reported**'),
  },
  {
    label: 'entities of an internal DTD, 10⁶ characters expanded ("billion laughs")',
    doc: LAUGHS,
    verdict: (o) =>
      o.threw || o.errors > 0
        ? 'refused (an error)'
        : String(o.value ?? '').length >= 1e6
          ? `**expanded** (${String(o.value).length.toLocaleString('en-US')} characters)`
          : `not expanded (\`${o.value}\`)`,
  },
];
const CHECKED = ['saxes', 'sax-wasm', 'fxp-parse', 'fxp-validate-parse'];

/** The behaviour table: every check document through every available checked candidate. */
async function behaviour(scratch, candidates) {
  const checked = candidates.filter((c) => c.available && CHECKED.includes(c.id));
  const rows = [];
  for (const [index, check] of CHECKS.entries()) {
    const file = path.join(scratch, `check-${index}.xml`);
    await writeFile(file, check.doc);
    const input = {
      ...(await fileList(scratch, `check-${index}`, [file])),
      element: 'testcase',
      attribute: 'time',
    };
    const cells = [];
    for (const candidate of checked) {
      const outcome = await probe(candidate.id, input, [0, 1]);
      cells.push(check.verdict(outcome));
    }
    rows.push(`| ${check.label} | ${cells.join(' | ')} |`);
  }
  return `| document | ${checked.map((c) => c.label).join(' | ')} |\n| --- | ${checked.map(() => '---').join(' | ')} |\n${rows.join('\n')}`;
}

/** The installed version of `pkg` where the candidates are loaded from, or undefined. */
function versionOf(pkg) {
  const require = createRequire(path.join(FROM ?? ROOT, 'package.json'));
  let dir;
  try {
    dir = path.dirname(require.resolve(pkg));
  } catch {
    return undefined;
  }
  // Up from the entry point to the package's own package.json (exports may hide it).
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (manifest.name === pkg) return manifest.version;
    } catch {
      // no package.json at this level
    }
  }
  return undefined;
}

async function fileList(scratch, name, files) {
  const listed = await Promise.all(
    files.map(async (file) => ({ file, size: (await stat(file)).size })),
  );
  const listFile = path.join(scratch, `${name}.json`);
  await writeFile(listFile, JSON.stringify(listed));
  return { listFile, bytes: listed.reduce((sum, f) => sum + f.size, 0) };
}

/** One probe run; with `okCodes` [0, 1] a candidate that throws gives `{ threw }` instead of failing the section. */
async function probe(candidate, input, okCodes = [0]) {
  const outcome = await run(
    process.execPath,
    [
      PROBE,
      JSON.stringify({
        candidate,
        files: input.listFile,
        element: input.element,
        attribute: input.attribute,
        from: FROM,
      }),
    ],
    { okCodes },
  );
  if (outcome.code !== 0) return { threw: outcome.stderr.trim().split('\n').pop() ?? 'threw' };
  return { ...JSON.parse(outcome.stdout.trim().split('\n').pop()), peakRssKb: outcome.peakRssKb };
}

/** Every available candidate over every input, `runs` rounds, candidate order rotating. */
async function measure(inputs, runs) {
  const results = {};
  for (let round = 0; round < runs; round += 1) {
    for (const input of inputs) {
      const order = input.candidates.filter((c) => c.available);
      for (let k = 0; k < round % order.length; k += 1) order.push(order.shift());
      for (const candidate of order) {
        const outcome = await probe(candidate.id, input);
        ((results[input.id] ??= {})[candidate.id] ??= []).push(outcome);
        log(
          `parsers ${input.id} ${candidate.id}: ${(outcome.bytes / 1e6 / (outcome.ms / 1000)).toFixed(1)} MB/s, ${outcome.tests} tests`,
        );
      }
    }
  }
  return results;
}

const mbps = (r) => r.bytes / 1e6 / (r.ms / 1000);
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function table(input, measured) {
  const rows = input.candidates.map((candidate) => {
    const version = candidate.pkg ? (candidate.version ?? '–') : `Node ${process.version}`;
    if (!candidate.available)
      return `| ${candidate.label} | not installed | ${candidate.streaming} | – | – | – | – | – |`;
    const outcomes = measured[candidate.id];
    const reference = measured[input.reference];
    const relative = reference
      ? fmtStats(
          stats(outcomes.map((r, round) => r.ms / reference[round].ms)),
          (x) => `${x.toFixed(2)}×`,
        )
      : '–';
    const speed = fmtStats(stats(outcomes.map(mbps)), (x) => x.toFixed(1));
    const heap = mib(stats(outcomes.map((r) => r.peakHeap)).median);
    const rss = outcomes[0].peakRssKb
      ? mib(stats(outcomes.map((r) => r.peakRssKb * 1024)).median)
      : '–';
    const countsNothing = candidate.id.endsWith('validate') || candidate.id === 'decode';
    const tests = countsNothing
      ? '–'
      : `${outcomes[0].tests.toLocaleString('en-US')}${input.expected !== undefined && outcomes[0].tests !== input.expected ? ' (**≠ generated**)' : ''}`;
    const errors = outcomes[0].errors ? ` ${outcomes[0].errors} errors` : '';
    return `| ${candidate.label} | ${version} | ${candidate.streaming} | ${speed} | ${relative} | ${heap} | ${rss} | ${tests}${errors} |`;
  });
  const against = input.candidates.find((c) => c.id === input.reference)?.label ?? input.reference;
  return `| candidate | version | streaming | MB/s | time vs ${against} | peak heap | peak RSS | tests found |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n${rows.join('\n')}`;
}

/** The section; `junitData` gives the throughput set (shared with throughput and levels). */
export function parsersSection(junitData, listFiles) {
  return {
    id: 'parsers',
    title: 'Parser candidates for reading results',
    async run(context) {
      const data = await junitData(context);
      const scratch = path.join(context.work, 'parsers');
      await mkdir(scratch, { recursive: true });
      const trxBytes = Math.round(50e6 * context.scale);
      const cucumberBytes = Math.round(100e6 * context.scale);
      log(`generating ${fmtMB(trxBytes)} of TRX and ${fmtMB(cucumberBytes)} of Cucumber JSON`);
      const trx = await writeFormatSet(path.join(scratch, 'trx'), 'trx', trxBytes, 5);
      const cucumber = await writeFormatSet(
        path.join(scratch, 'cucumber'),
        'cucumber',
        cucumberBytes,
        1,
      );
      const available = (list) =>
        list.map((c) => {
          const version = c.pkg ? versionOf(c.pkg) : process.version;
          return { ...c, version, available: version !== undefined };
        });
      const inputs = [
        {
          id: 'junit',
          ...(await fileList(scratch, 'junit', await listFiles(path.join(data.dir, 'results')))),
          files: data.files,
          element: 'testcase',
          attribute: 'time',
          reference: 'saxes',
          candidates: available(XML_CANDIDATES),
        },
        {
          id: 'trx',
          ...(await fileList(
            scratch,
            'trx',
            trx.files.map((f) => f.file),
          )),
          files: trx.files.length,
          expected: trx.counts.tests,
          element: 'UnitTestResult',
          attribute: 'duration',
          reference: 'saxes',
          candidates: available(XML_CANDIDATES),
        },
        {
          id: 'cucumber',
          ...(await fileList(
            scratch,
            'cucumber',
            cucumber.files.map((f) => f.file),
          )),
          files: 1,
          expected: cucumber.counts.tests,
          reference: 'json-parse',
          candidates: available(JSON_CANDIDATES),
        },
      ];
      const missing = [
        ...new Set(
          inputs.flatMap((i) => i.candidates.filter((c) => !c.available).map((c) => c.pkg)),
        ),
      ];
      if (missing.length > 0)
        log(
          `parsers: not installed: ${missing.join(', ')} (root devDependencies, or XLTV_BENCH_PARSERS_FROM)`,
        );
      const checks = await behaviour(scratch, inputs[0].candidates);
      const measured = await measure(inputs, context.runs);
      await remove(scratch);
      const [junit, trxInput, cucumberInput] = inputs;
      const markdown = `
Each candidate runs in its own process over the whole input, ${context.runs} times (order rotating), and does the same
work: find every test (\`<testcase>\`; \`<UnitTestResult>\`; a Cucumber element of \`type\` \`scenario\`) and read its
duration (\`time\`; \`duration\`; every step's \`duration\`). Streaming candidates get 64 KiB chunks, one new parser per
file; the others the whole file. MB/s is input bytes over the time of that work (set-up, such as compiling
\`sax-wasm\`'s WebAssembly, excluded) as min / **median** / max; peak heap is V8's used heap sampled after every chunk
and after every whole-file parse (median); peak RSS is the process's (median; WebAssembly memory counts here, not in the heap).
"Time vs" is each run's time over the reference candidate's in the same round (the ratio to read on a busy machine).
Candidates are loaded from ${FROM ? `\`${FROM}\` (\`XLTV_BENCH_PARSERS_FROM\`)` : "the root package's devDependencies"}.

**JUnit XML**, the throughput set: ${fmtMB(junit.bytes)} in ${junit.files.toLocaleString('en-US')} files.

${table(junit, measured.junit)}

**TRX** (VSTest), generated: ${fmtMB(trxInput.bytes)} in ${trxInput.files} files, ${trxInput.expected.toLocaleString('en-US')} results.

${table(trxInput, measured.trx)}

**Cucumber JSON**, generated (cucumber-jvm's layout, a screenshot embedded in each failed scenario): ${fmtMB(cucumberInput.bytes)} in one file, ${cucumberInput.expected.toLocaleString('en-US')} scenarios.

${table(cucumberInput, measured.cucumber)}

**Behaviour of the XML candidates** on small documents, \`<testcase time="…">\` read as above ("reported": an error event,
an invalid verdict or an exception).

${checks}
`;
      return {
        markdown,
        raw: {
          from: FROM,
          inputs: inputs.map(({ id, bytes, files, expected, candidates }) => ({
            id,
            bytes,
            files,
            expected,
            versions: Object.fromEntries(candidates.map((c) => [c.id, c.version ?? null])),
          })),
          measured,
        },
      };
    },
  };
}
