/** Words of `xltv specs` and `xltv check`. */
import { SPEC_SET_TYPE, type CheckStep, type ServerInfo, type TestSpecification } from '@xltv/core';
import { renderError, type ErrorContext } from './errors.js';
import { quote, table } from './format.js';
import type { Style } from './style.js';

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

/** One step of `xltv check`, as one line. */
export function renderCheckStep(step: CheckStep, context: ErrorContext, style: Style): string {
  const line = (text: string) => renderCheckLine(step.ok, step.name, text, style);
  if (step.ok === false && step.error) return line(renderError(step.error, context).message);
  const server = context.serverUrl ?? '';
  switch (step.name) {
    case 'server':
      return line(
        step.server ? renderServerInfo(server, step.server) : renderServerAnswersHidden(server),
      );
    case 'credentials':
      return line(renderCredentialsOk(context.username));
    case 'licence':
      return line(renderLicenceOk());
    case 'target':
      if (step.reason === 'not-given') return line(renderTargetNotChecked());
      if (step.reason === 'set' && step.spec) return line(renderTargetIsSet(step.spec));
      if (step.spec) return line(renderTargetOk(step.spec));
      return line(renderTargetMissing(context.testSpec ?? '', context.project));
    case 'connection':
      return line('');
  }
}

/** One line of `xltv check`. */
function renderCheckLine(
  ok: boolean | undefined,
  label: string,
  text: string,
  style: Style,
): string {
  const mark = ok === undefined ? style.dim('-') : ok ? style.green('✓') : style.red('✗');
  return `${mark} ${label.padEnd(12)}${text}`;
}

/** The server line of `xltv check`. */
function renderServerInfo(url: string, info: ServerInfo): string {
  const product = [info.name ?? 'XL TestView', info.version].filter(Boolean).join(' ');
  return `${url} answers: ${product}${info.vendor ? ` (${info.vendor})` : ''}`;
}

/** The target line of `xltv check` for a specification that exists. */
function renderTargetOk(spec: TestSpecification): string {
  const facts = [
    spec.title !== undefined && spec.title !== spec.id ? `title "${spec.title}"` : undefined,
    spec.project?.title !== undefined ? `project "${spec.project.title}"` : undefined,
    spec.testTool?.name,
  ].filter((fact): fact is string => fact !== undefined);
  return `test specification ${quote(spec.id)}${facts.length ? ` (${facts.join(', ')})` : ''} exists and accepts uploads`;
}

/** The target line for a specification set. */
function renderTargetIsSet(spec: TestSpecification): string {
  return `${quote(spec.id)} is a set of test specifications (${SPEC_SET_TYPE}) and cannot receive uploads; use the id of one of its members (xltv specs).`;
}

/** The target line for an unknown id. */
function renderTargetMissing(id: string, project: string | undefined): string {
  return `No test specification ${quote(id)}${project ? ` in project ${quote(project)}` : ''} on this server; list the ids with: xltv specs`;
}

/** The server line when the version is only shown to signed-in users. */
function renderServerAnswersHidden(url: string): string {
  return `${url} answers (version hidden until signed in)`;
}

/** The credentials line of a passing check. */
function renderCredentialsOk(username: string | undefined): string {
  return username ? `accepted for user ${quote(username)}` : 'none needed (no credentials given)';
}

/** The licence line of a passing check. */
function renderLicenceOk(): string {
  return 'valid';
}

/** The target line without `--test-spec`. */
function renderTargetNotChecked(): string {
  return 'not checked (pass --test-spec <id> to check it)';
}

/** The hint line under a failed check, aligned with the check's text. */
export function renderCheckHint(hint: string, style: Style): string {
  return `  ${' '.repeat(12)}${style.dim('→')} ${hint}`;
}
