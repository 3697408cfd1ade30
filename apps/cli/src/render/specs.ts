/** Words of `xltv specs` and `xltv check`. */
import type { ServerInfo, TestSpecification } from '@xltv/core';
import { quote, table } from './format.js';
import type { Style } from './style.js';

/** Type of the entries that group specifications and cannot receive uploads. */
export const SPEC_SET_TYPE = 'xlt.TestSpecificationSet';

/** The test specification table (id, project, title, test tool, default pattern). */
export function renderSpecsTable(specs: readonly TestSpecification[], style: Style): string {
  if (specs.length === 0)
    return 'The server has no test specifications yet. Create one in XL TestView, or upload with --project-title, --test-spec-title and --create-missing.';
  const sorted = [...specs].sort(
    (a, b) =>
      (a.project?.title ?? '').localeCompare(b.project?.title ?? '') ||
      (a.title ?? a.id).localeCompare(b.title ?? b.id),
  );
  const rows = [
    ['ID', 'PROJECT', 'TITLE', 'TEST TOOL', 'DEFAULT PATTERN'].map((header) => style.bold(header)),
    ...sorted.map((spec) => [
      spec.id,
      spec.project?.title ?? spec.project?.id ?? '-',
      spec.title ?? '-',
      spec.type === SPEC_SET_TYPE ? style.dim('(set: no uploads)') : (spec.testTool?.name ?? '-'),
      spec.testTool?.defaultSearchPattern ?? '-',
    ]),
  ];
  return table(rows).join('\n');
}

/** One line of `xltv check`. */
export function renderCheckLine(
  ok: boolean | undefined,
  label: string,
  text: string,
  style: Style,
): string {
  const mark = ok === undefined ? style.dim('-') : ok ? style.green('✓') : style.red('✗');
  return `${mark} ${label.padEnd(12)}${text}`;
}

/** The server line of `xltv check`. */
export function renderServerInfo(url: string, info: ServerInfo): string {
  const product = [info.name ?? 'XL TestView', info.version].filter(Boolean).join(' ');
  return `${url} answers: ${product}${info.vendor ? ` (${info.vendor})` : ''}`;
}

/** The target line of `xltv check` for a specification that exists. */
export function renderTargetOk(spec: TestSpecification): string {
  const facts = [
    spec.title !== undefined && spec.title !== spec.id ? `title "${spec.title}"` : undefined,
    spec.project?.title !== undefined ? `project "${spec.project.title}"` : undefined,
    spec.testTool?.name,
  ].filter((fact): fact is string => fact !== undefined);
  return `test specification ${quote(spec.id)}${facts.length ? ` (${facts.join(', ')})` : ''} exists and accepts uploads`;
}

/** The target line for a specification set. */
export function renderTargetIsSet(spec: TestSpecification): string {
  return `${quote(spec.id)} is a set of test specifications (${SPEC_SET_TYPE}) and cannot receive uploads; use the id of one of its members (xltv specs).`;
}

/** The target line for an unknown id. */
export function renderTargetMissing(id: string, project: string | undefined): string {
  return `No test specification ${quote(id)}${project ? ` in project ${quote(project)}` : ''} on this server; list the ids with: xltv specs`;
}

/** The server line when the version is only shown to signed-in users. */
export function renderServerAnswersHidden(url: string): string {
  return `${url} answers (version hidden until signed in)`;
}

/** The credentials line of a passing check. */
export function renderCredentialsOk(username: string | undefined): string {
  return username ? `accepted for user ${quote(username)}` : 'none needed (no credentials given)';
}

/** The licence line of a passing check. */
export function renderLicenceOk(): string {
  return 'valid';
}

/** The target line without `--test-spec`. */
export function renderTargetNotChecked(): string {
  return 'not checked (pass --test-spec <id> to check it)';
}

/** The hint line under a failed check, aligned with the check's text. */
export function renderCheckHint(hint: string, style: Style): string {
  return `  ${' '.repeat(12)}${style.dim('→')} ${hint}`;
}
