/**
 * The small HTML page at `GET /`: the stored imports. Metadata is user input, so every value
 * shown is escaped, and the page is served with a Content-Security-Policy that runs no script.
 */
import type { ResultsSummary } from '@xltv/results';
import type { StoredImport } from './store.js';

/** Problems listed per import; the JSON record has them all. */
const SHOWN_PROBLEMS = 20;

/** Escape text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.replace(/[&<>"']/g, (char) => {
    switch (char) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

/** The Content-Security-Policy of the page: no scripts, no external resources. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/** The counts line and the problems of one import (nothing when results were not read). */
function renderResults(results: ResultsSummary | undefined, entries: number): string {
  if (results === undefined) return '';
  const counts = (['tests', 'passed', 'failed', 'errors', 'skipped', 'flaky'] as const)
    .map((field) => `<strong>${results[field]}</strong> ${field}`)
    .join(' · ');
  const formats =
    Object.entries(results.formats)
      .map(([format, count]) => `${escapeHtml(format)} ${count}`)
      .join(', ') || 'none';
  const files = `${results.files} of ${entries} file(s) read by the test specification's tool`;
  const refused =
    results.files === 0
      ? '<p class="warn">Its tool reads none of these files: XL TestView would refuse this upload (422).</p>'
      : '';
  const problems = results.problems
    .slice(0, SHOWN_PROBLEMS)
    .map(
      (problem) =>
        `<li><code>${escapeHtml(problem.file)}</code> ${escapeHtml(problem.code)}${problem.line === undefined ? '' : ` at ${problem.line}:${problem.column ?? 0}`}: ${escapeHtml(problem.message)}</li>`,
    )
    .join('');
  const more =
    results.problems.length > SHOWN_PROBLEMS
      ? `<li>… ${results.problems.length - SHOWN_PROBLEMS} more in the JSON record</li>`
      : '';
  return `<p class="results">${counts} · formats: ${formats} · ${files}</p>
${refused}${problems === '' ? '' : `<ul class="problems">${problems}${more}</ul>`}`;
}

/** Render the page listing `imports` (newest first). */
export function renderImportsPage(imports: readonly StoredImport[], baseUrl: string): string {
  const rows = [...imports]
    .reverse()
    .map((record) => {
      const metadata = Object.entries(record.metadata)
        .map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`)
        .join('');
      const entries = record.entries
        .map(
          (entry) =>
            `<tr><td>${escapeHtml(entry.path)}</td><td class="n">${entry.size}</td><td><code>${escapeHtml(entry.sha256)}</code></td></tr>`,
        )
        .join('');
      return `<section>
<h2>#${record.sequence} <code>${escapeHtml(record.id)}</code></h2>
<p>${escapeHtml(record.receivedAt)} · ${escapeHtml(record.endpoint)} · test specification <code>${escapeHtml(record.target.testSpecificationId)}</code> in project <code>${escapeHtml(record.target.projectId)}</code> · test run ${record.testRunIds.map((id) => `<code>${escapeHtml(id)}</code>`).join(', ')}</p>
${renderResults(record.results, record.entries.length)}
<table class="kv">${metadata || '<tr><td>(no metadata)</td></tr>'}</table>
<table><tr><th>path</th><th>size</th><th>sha256</th></tr>${entries}</table>
</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>xltv receiver</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { text-align: left; padding: .15rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
td.n { text-align: right; }
section { margin-bottom: 2rem; }
.warn { color: #a40; }
</style>
</head>
<body>
<h1>xltv receiver</h1>
<p>Import API at <code>${escapeHtml(baseUrl)}</code> · ${imports.length} import(s) · JSON at <code>/imports</code></p>
${rows || '<p>No imports yet.</p>'}
</body>
</html>
`;
}
