// Generated inputs for the result formats other than JUnit (TestNG, TRX, NUnit 3, JMeter XML
// and CSV, Gatling simulation.log, Cucumber JSON), shaped like what the tools write. Seeded, so
// runs are comparable; each writer returns the counts the file holds by the counting rules of
// @xltv/results (one test per test case, sample or scenario), so a reader can be checked.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { prng } from './data.mjs';

const WORDS = ['create', 'update', 'delete', 'order', 'customer', 'invoice', 'payment', 'retry'];
const MORE = ['valid', 'invalid', 'missing', 'empty', 'timeout', 'token', 'session', 'page'];
const START_MS = Date.UTC(2024, 4, 1, 12, 0, 0);

const pick = (random, list) => list[Math.floor(random() * list.length)];
const camel = (word) => `${word[0].toUpperCase()}${word.slice(1)}`;
const testName = (random, n) => `${pick(random, WORDS)}_${pick(random, MORE)}_${n}`;
const guid = (random) =>
  [8, 4, 4, 4, 12]
    .map((length) => Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join(''))
    .join('-');
/** A Java-like stack trace of 6–15 frames (failures make up most of a real report's bytes). */
const stack = (random, pkg) =>
  Array.from(
    { length: 6 + Math.floor(random() * 10) },
    (_, k) => `   at ${pkg}.Step${k}.Run() in /src/${pkg}/Step${k}.cs:line ${10 + k * 7}`,
  ).join('\n');
/** `hh:mm:ss.fffffff`, TRX's duration. */
const timeSpan = (ms) => {
  const s = ms / 1000;
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  return `${hh}:${mm}:${(s % 60).toFixed(7).padStart(10, '0')}`;
};
const iso = (ms) => new Date(ms).toISOString();

/** An outcome drawn with ~8 % failures and ~4 % skipped, as in the JUnit set. */
function outcome(random) {
  const r = random();
  return r < 0.08 ? 'failed' : r < 0.12 ? 'skipped' : 'passed';
}

/** Counts of one file, and how to add them up. */
function counts() {
  return { tests: 0, failed: 0, errors: 0, skipped: 0 };
}
function count(c, result) {
  c.tests += 1;
  if (result === 'failed') c.failed += 1;
  else if (result === 'skipped') c.skipped += 1;
}

/** TestNG's testng-results.xml: classes of test methods, with configuration methods that are not tests. */
function testng(random, targetBytes) {
  const c = counts();
  const parts = [];
  let size = 0;
  let t = START_MS;
  let n = 0;
  while (size < targetBytes) {
    const cls = `com.acme.${pick(random, WORDS)}.${camel(pick(random, WORDS))}${n}Test`;
    const methods = [];
    const method = (name, status, ms, config, body = '') =>
      `        <test-method ${config ? 'is-config="true" ' : ''}status="${status}" signature="${name}()[pri:0, instance:${cls}@${n.toString(16)}]" name="${name}" duration-ms="${ms}" started-at="${iso(t)}" finished-at="${iso(t + ms)}">${body}\n          <reporter-output>\n          </reporter-output>\n        </test-method>`;
    methods.push(method('setUp', 'PASS', 3, true));
    for (let k = 0, cases = 5 + Math.floor(random() * 30); k < cases; k += 1) {
      const result = outcome(random);
      const ms = Math.floor(random() * 2000);
      const body =
        result === 'failed'
          ? `\n          <exception class="java.lang.AssertionError">\n            <message>\n              <![CDATA[expected [200] but found [500]]]>\n            </message>\n            <full-stacktrace>\n              <![CDATA[java.lang.AssertionError: expected [200] but found [500]\n${stack(random, cls)}]]>\n            </full-stacktrace>\n          </exception>`
          : '';
      const status = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP' }[result];
      methods.push(method(testName(random, k), status, ms, false, body));
      count(c, result);
      t += ms;
    }
    const block = `      <class name="${cls}">\n${methods.join('\n')}\n      </class>\n`;
    parts.push(block);
    size += block.length;
    n += 1;
  }
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<testng-results ignored="0" total="${c.tests}" passed="${c.tests - c.failed - c.skipped}" failed="${c.failed}" skipped="${c.skipped}">\n  <reporter-output>\n  </reporter-output>\n` +
    `  <suite started-at="${iso(START_MS)}" name="Suite" finished-at="${iso(t)}" duration-ms="${t - START_MS}">\n    <groups>\n    </groups>\n` +
    `    <test started-at="${iso(START_MS)}" name="Regression" finished-at="${iso(t)}" duration-ms="${t - START_MS}">\n${parts.join('')}    </test>\n  </suite>\n</testng-results>\n`;
  return { text: xml, counts: c };
}

const TRX_NS = 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010';
const UNIT_TEST_TYPE = '13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b';

/** A VSTest .trx: results first, then the test definitions and entries they refer to. */
function trx(random, targetBytes) {
  const c = counts();
  const results = [];
  const definitions = [];
  const entries = [];
  const list = guid(random);
  let size = 0;
  let t = START_MS;
  for (let n = 0; size < targetBytes; n += 1) {
    const cls = `Acme.${camel(pick(random, WORDS))}.Tests.${camel(pick(random, MORE))}${n % 200}Tests`;
    const name = testName(random, n);
    const [testId, executionId] = [guid(random), guid(random)];
    const result = outcome(random);
    const ms = Math.floor(random() * 2000);
    const trxOutcome = { passed: 'Passed', failed: 'Failed', skipped: 'NotExecuted' }[result];
    const output =
      result === 'failed'
        ? `\n      <Output>\n        <ErrorInfo>\n          <Message>Assert.AreEqual failed. Expected:&lt;200&gt;. Actual:&lt;500&gt;.</Message>\n          <StackTrace>${stack(random, cls)}</StackTrace>\n        </ErrorInfo>\n      </Output>\n    `
        : '';
    const row = `    <UnitTestResult executionId="${executionId}" testId="${testId}" testName="${name}" computerName="ci-agent-7" duration="${timeSpan(ms)}" startTime="${iso(t)}" endTime="${iso(t + ms)}" testType="${UNIT_TEST_TYPE}" outcome="${trxOutcome}" testListId="${list}" relativeResultsDirectory="${executionId}">${output}</UnitTestResult>\n`;
    const definition = `    <UnitTest name="${name}" storage="/src/acme.tests/bin/release/net8.0/acme.tests.dll" id="${testId}">\n      <Execution id="${executionId}" />\n      <TestMethod codeBase="/src/acme.tests/bin/release/net8.0/acme.tests.dll" adapterTypeName="executor://mstestadapter/v2" className="${cls}" name="${name}" />\n    </UnitTest>\n`;
    const entry = `    <TestEntry testId="${testId}" executionId="${executionId}" testListId="${list}" />\n`;
    results.push(row);
    definitions.push(definition);
    entries.push(entry);
    size += row.length + definition.length + entry.length;
    count(c, result);
    t += ms;
  }
  const xml =
    `<?xml version="1.0" encoding="utf-8"?>\n<TestRun id="${guid(random)}" name="ci@ci-agent-7 ${iso(START_MS)}" runUser="ci" xmlns="${TRX_NS}">\n` +
    `  <Times creation="${iso(START_MS)}" queuing="${iso(START_MS)}" start="${iso(START_MS)}" finish="${iso(t)}" />\n` +
    `  <TestSettings name="default" id="${guid(random)}">\n    <Deployment runDeploymentRoot="ci_ci-agent-7_2024-05-01_12_00_00" />\n  </TestSettings>\n` +
    `  <Results>\n${results.join('')}  </Results>\n  <TestDefinitions>\n${definitions.join('')}  </TestDefinitions>\n` +
    `  <TestEntries>\n${entries.join('')}  </TestEntries>\n  <TestLists>\n    <TestList name="Results Not in a List" id="${list}" />\n  </TestLists>\n` +
    `  <ResultSummary outcome="${c.failed ? 'Failed' : 'Completed'}">\n    <Counters total="${c.tests}" executed="${c.tests - c.skipped}" passed="${c.tests - c.failed - c.skipped}" failed="${c.failed}" error="0" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="${c.skipped}" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />\n  </ResultSummary>\n</TestRun>\n`;
  return { text: xml, counts: c };
}

/** NUnit 3's TestResult.xml: an assembly suite of fixtures of test cases. */
function nunit(random, targetBytes) {
  const c = counts();
  const fixtures = [];
  let size = 0;
  let t = START_MS;
  let id = 1000;
  for (let n = 0; size < targetBytes; n += 1) {
    const cls = `Acme.${camel(pick(random, WORDS))}.Tests.${camel(pick(random, MORE))}${n}Tests`;
    const cases = [];
    const fixtureCounts = counts();
    for (let k = 0, total = 5 + Math.floor(random() * 30); k < total; k += 1) {
      const name = testName(random, k);
      const result = outcome(random);
      const ms = Math.floor(random() * 2000);
      const attrs = {
        passed: 'result="Passed"',
        failed: 'result="Failed"',
        skipped: 'result="Skipped" label="Ignored"',
      }[result];
      const body = {
        passed: '',
        failed: `\n          <failure>\n            <message><![CDATA[  Expected: 200\n  But was:  500\n]]></message>\n            <stack-trace><![CDATA[${stack(random, cls)}]]></stack-trace>\n          </failure>\n          <assertions>\n            <assertion result="Failed" />\n          </assertions>\n        `,
        skipped: `\n          <reason>\n            <message><![CDATA[flaky on CI]]></message>\n          </reason>\n        `,
      }[result];
      cases.push(
        `        <test-case id="${id++}" name="${name}" fullname="${cls}.${name}" methodname="${name}" classname="${cls}" runstate="Runnable" seed="${Math.floor(random() * 2e9)}" ${attrs} start-time="${iso(t)}" end-time="${iso(t + ms)}" duration="${(ms / 1000).toFixed(6)}" asserts="1">${body}</test-case>`,
      );
      count(fixtureCounts, result);
      count(c, result);
      t += ms;
    }
    const fc = fixtureCounts;
    const block = `      <test-suite type="TestFixture" id="${id++}" name="${cls.split('.').pop()}" fullname="${cls}" classname="${cls}" runstate="Runnable" testcasecount="${fc.tests}" result="${fc.failed ? 'Failed' : 'Passed'}" total="${fc.tests}" passed="${fc.tests - fc.failed - fc.skipped}" failed="${fc.failed}" warnings="0" inconclusive="0" skipped="${fc.skipped}" asserts="${fc.tests}">\n${cases.join('\n')}\n      </test-suite>\n`;
    fixtures.push(block);
    size += block.length;
  }
  const totals = `total="${c.tests}" passed="${c.tests - c.failed - c.skipped}" failed="${c.failed}" warnings="0" inconclusive="0" skipped="${c.skipped}"`;
  const xml =
    `<?xml version="1.0" encoding="utf-8" standalone="no"?>\n<test-run id="0" runstate="Runnable" testcasecount="${c.tests}" result="${c.failed ? 'Failed' : 'Passed'}" ${totals} asserts="${c.tests}" engine-version="3.16.3.0" clr-version="8.0.4" start-time="${iso(START_MS)}" end-time="${iso(t)}" duration="${((t - START_MS) / 1000).toFixed(6)}">\n` +
    `  <command-line><![CDATA[dotnet test --logger nunit]]></command-line>\n` +
    `  <test-suite type="Assembly" id="1" name="Acme.Tests.dll" fullname="/src/Acme.Tests/bin/Release/net8.0/Acme.Tests.dll" runstate="Runnable" testcasecount="${c.tests}" result="${c.failed ? 'Failed' : 'Passed'}" ${totals} asserts="${c.tests}">\n` +
    `    <environment framework-version="3.14.0.0" clr-version="8.0.4" os-version="Unix 6.8.0" platform="Unix" cwd="/src" machine-name="ci-agent-7" user="ci" user-domain="ci-agent-7" culture="en-US" uiculture="en-US" os-architecture="x64" />\n` +
    `    <test-suite type="TestSuite" id="2" name="Acme" fullname="Acme" runstate="Runnable" testcasecount="${c.tests}" result="${c.failed ? 'Failed' : 'Passed'}" ${totals}>\n${fixtures.join('')}    </test-suite>\n  </test-suite>\n</test-run>\n`;
  return { text: xml, counts: c };
}

const LABELS = ['GET /api/orders', 'POST /api/orders', 'GET /api/catalog', 'POST /login', 'GET /'];
const SAMPLE_KO = 0.05;

/** A JMeter .jtl in XML: HTTP samples, some with assertion results; `s="false"` is a failed sample. */
function jmeterXml(random, targetBytes) {
  const c = counts();
  const samples = [];
  let size = 0;
  for (let n = 0; size < targetBytes; n += 1) {
    const ok = random() >= SAMPLE_KO;
    const ms = 20 + Math.floor(random() * 800);
    const label = pick(random, LABELS);
    const attrs = `t="${ms}" it="0" lt="${ms - 5}" ct="${Math.floor(random() * 20)}" ts="${START_MS + n * 37}" s="${ok}" lb="${label}" rc="${ok ? 200 : 500}" rm="${ok ? 'OK' : 'Internal Server Error'}" tn="Thread Group 1-${1 + (n % 50)}" dt="text" by="${1000 + Math.floor(random() * 9000)}" sby="${150 + Math.floor(random() * 300)}" sc="1" ec="${ok ? 0 : 1}" ng="50" na="50"`;
    const sample =
      ok && random() < 0.7
        ? `<httpSample ${attrs}/>\n`
        : `<httpSample ${attrs}>\n  <assertionResult>\n    <name>Response Assertion</name>\n    <failure>${!ok}</failure>\n    <error>false</error>${ok ? '' : '\n    <failureMessage>Test failed: code expected to equal /\n\n****** received  : [[[500]]]\n\n****** comparison: [[[200]]]\n\n/</failureMessage>'}\n  </assertionResult>\n  <java.net.URL>https://shop.example.com${label.split(' ')[1]}</java.net.URL>\n</httpSample>\n`;
    samples.push(sample);
    size += sample.length;
    count(c, ok ? 'passed' : 'failed');
  }
  return {
    text: `<?xml version="1.0" encoding="UTF-8"?>\n<testResults version="1.2">\n${samples.join('')}</testResults>\n`,
    counts: c,
  };
}

/** A JMeter .jtl in CSV with JMeter's default columns; `success` false is a failed sample. */
function jmeterCsv(random, targetBytes) {
  const c = counts();
  const header =
    'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n';
  const rows = [header];
  let size = header.length;
  for (let n = 0; size < targetBytes; n += 1) {
    const ok = random() >= SAMPLE_KO;
    const ms = 20 + Math.floor(random() * 800);
    const label = pick(random, LABELS);
    const row = `${START_MS + n * 37},${ms},${label},${ok ? 200 : 500},${ok ? 'OK' : 'Internal Server Error'},Thread Group 1-${1 + (n % 50)},text,${ok},${ok ? '' : '"Test failed: code expected to equal /200/, received 500"'},${1000 + Math.floor(random() * 9000)},${150 + Math.floor(random() * 300)},50,50,https://shop.example.com${label.split(' ')[1]},${ms - 5},0,${Math.floor(random() * 20)}\n`;
    rows.push(row);
    size += row.length;
    count(c, ok ? 'passed' : 'failed');
  }
  return { text: rows.join(''), counts: c };
}

/** Gatling's tab-separated simulation.log (3.x text format): a RUN record, users, requests; KO fails. */
function gatling(random, targetBytes) {
  const c = counts();
  const lines = [`RUN\tcomputerdatabase.BasicSimulation\tbasicsimulation\t${START_MS}\t \t3.9.5\n`];
  let size = lines[0].length;
  let t = START_MS + 100;
  for (let user = 0; size < targetBytes; user += 1) {
    const scenario = `${camel(pick(random, WORDS))} scenario`;
    const block = [`USER\t${scenario}\tSTART\t${t}\n`];
    for (let k = 0, total = 3 + Math.floor(random() * 10); k < total; k += 1) {
      const ok = random() >= SAMPLE_KO;
      const ms = 20 + Math.floor(random() * 800);
      block.push(
        `REQUEST\t\trequest_${k}_${pick(random, WORDS)}\t${t}\t${t + ms}\t${ok ? 'OK' : 'KO'}\t${ok ? ' ' : 'status.find.in(200,201,202,203,204,205,206,207,208,209,304), found 500'}\n`,
      );
      count(c, ok ? 'passed' : 'failed');
      t += ms;
    }
    block.push(`USER\t${scenario}\tEND\t${t}\n`);
    const text = block.join('');
    lines.push(text);
    size += text.length;
  }
  return { text: lines.join(''), counts: c };
}

/** ~20 kB of base64, the size of a small screenshot a failed Cucumber step embeds. */
function screenshot(random) {
  const bytes = Buffer.alloc(15_000);
  for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32LE((random() * 2 ** 32) >>> 0, i);
  return bytes.toString('base64');
}

/**
 * A Cucumber JSON report: features with a background and scenarios of steps and hooks; a
 * failed scenario embeds a screenshot. Durations in nanoseconds, as cucumber-jvm writes them.
 */
function cucumber(random, targetBytes) {
  const c = counts();
  const features = [];
  let size = 2;
  const step = (keyword, status) => ({
    keyword,
    name: `the ${pick(random, WORDS)} is ${pick(random, MORE)}`,
    line: 5 + Math.floor(random() * 100),
    match: {
      location: `com.acme.steps.${camel(pick(random, WORDS))}Steps.${pick(random, WORDS)}()`,
    },
    result: {
      status,
      duration: Math.floor(random() * 5e8),
      ...(status === 'failed'
        ? {
            error_message: `java.lang.AssertionError: expected 200 but was 500\n${stack(random, 'com.acme.steps')}`,
          }
        : {}),
    },
  });
  const hook = () => ({
    match: { location: 'com.acme.hooks.Hooks.setUp()' },
    result: { status: 'passed', duration: Math.floor(random() * 1e7) },
  });
  for (let n = 0; size < targetBytes; n += 1) {
    const name = `${camel(pick(random, WORDS))} ${pick(random, MORE)} ${n}`;
    const elements = [
      {
        line: 3,
        name: '',
        description: '',
        type: 'background',
        keyword: 'Background',
        steps: [step('Given ', 'passed')],
      },
    ];
    for (let k = 0, total = 3 + Math.floor(random() * 10); k < total; k += 1) {
      const result = outcome(random);
      const statuses = Array.from({ length: 3 + Math.floor(random() * 5) }, () => 'passed');
      if (result === 'failed') statuses.splice(1, statuses.length - 1, 'failed', 'skipped');
      if (result === 'skipped') statuses[statuses.length - 1] = 'undefined';
      const steps = statuses.map((status, i) => step(i === 0 ? 'When ' : 'Then ', status));
      if (result === 'failed')
        steps[1].embeddings = [{ mime_type: 'image/png', data: screenshot(random) }];
      elements.push({
        start_timestamp: iso(START_MS + n * 60_000 + k * 1000),
        before: [hook()],
        line: 10 + k * 8,
        name: `${pick(random, WORDS)} ${pick(random, MORE)} ${k}`,
        description: '',
        id: `${name.toLowerCase().replaceAll(' ', '-')};scenario-${k}`,
        after: [hook()],
        type: 'scenario',
        keyword: 'Scenario',
        steps,
        tags: [{ name: '@regression' }],
      });
      count(c, result);
    }
    const feature = JSON.stringify(
      {
        line: 1,
        elements,
        name,
        description: '',
        id: name.toLowerCase().replaceAll(' ', '-'),
        keyword: 'Feature',
        uri: `file:src/test/resources/features/feature_${n}.feature`,
        tags: [],
      },
      null,
      2,
    );
    features.push(feature);
    size += feature.length + 2;
  }
  return { text: `[${features.join(',\n')}]\n`, counts: c };
}

/**
 * The formats the inspection benchmark reads, with where each tool writes its files (the name
 * matters: a Gatling log is recognised as `simulation.log`).
 */
export const FORMATS = [
  { id: 'testng', write: testng, file: (k) => `testng-${k}/testng-results.xml` },
  { id: 'trx', write: trx, file: (k) => `TestResults/run-${k}.trx` },
  { id: 'nunit', write: nunit, file: (k) => `nunit/TestResult-${k}.xml` },
  { id: 'jmeter-xml', write: jmeterXml, file: (k) => `jmeter/results-${k}.jtl` },
  { id: 'jmeter-csv', write: jmeterCsv, file: (k) => `jmeter-csv/results-${k}.csv` },
  { id: 'gatling', write: gatling, file: (k) => `gatling/basicsimulation-${k}/simulation.log` },
  { id: 'cucumber', write: cucumber, file: (k) => `cucumber/cucumber-${k}.json` },
];

/**
 * Write `files` files of about `totalBytes` in all, of the format `id`, under `dir`. Returns
 * the exact byte total, the files (absolute and relative paths) and the counts they hold.
 */
export async function writeFormatSet(dir, id, totalBytes, files, seed = 21) {
  const format = FORMATS.find((f) => f.id === id);
  if (!format) throw new Error(`no generator for ${id}`);
  const random = prng(seed);
  const total = counts();
  const written = [];
  let bytes = 0;
  for (let k = 0; k < files; k += 1) {
    const { text, counts: c } = format.write(random, Math.max(1024, totalBytes / files));
    const rel = format.file(k);
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    bytes += Buffer.byteLength(text);
    written.push({ file, rel });
    for (const key of Object.keys(total)) total[key] += c[key];
  }
  return { bytes, files: written, counts: total };
}
