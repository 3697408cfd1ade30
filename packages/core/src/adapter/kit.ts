/**
 * Helpers every adapter shares: the normalisation rules of docs/ci-mapping.md §1 and a small
 * builder that records where each value came from. Adapters stay declarative and pure.
 */
import type { XltvWarning } from '../errors.js';
import {
  URL_PROPERTY_KEYS,
  type BuildResult,
  type CiProperties,
  type CiPropertyKey,
} from '../properties.js';
import { stripCredentials } from '../secrets.js';
import type { Env, PropertyOrigins, ResolvedCi } from './contract.js';

/** A value together with the variable (or formula) it came from. */
export interface Traced {
  readonly value: string;
  readonly origin: string;
}

/** The value when it is set and not blank; empty strings count as unset. */
export function nonEmpty(value: string | undefined | null): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** True when any of `names` is set (non-empty) in `env`: how vendor markers are tested. */
export function anySet(env: Env, ...names: string[]): boolean {
  return names.some((name) => nonEmpty(env[name]) !== undefined);
}

/** True for an absolute `http:` or `https:` URL. */
export function isAbsoluteHttpUrl(value: string | undefined): value is string {
  if (!value) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const BRANCH_PREFIXES = [
  'refs/heads/',
  'refs/remotes/origin/',
  'remotes/origin/',
  'origin/',
  'refs/remotes/',
];
const TAG_PREFIXES = ['refs/tags/', 'origin/tags/', 'refs/heads/tags/', 'tags/'];

function stripBranchPrefixes(value: string): string {
  let current = value;
  for (;;) {
    const prefix = BRANCH_PREFIXES.find((candidate) => current.startsWith(candidate));
    if (!prefix) return current;
    current = current.slice(prefix.length);
  }
}

/** True when a ref names a tag: `refs/tags/…`, `tags/…` or anything containing `/tags/`. */
export function isTagRef(value: string): boolean {
  return value.startsWith('refs/tags/') || value.startsWith('tags/') || value.includes('/tags/');
}

/**
 * Normalise a branch variable: strips `refs/heads/`, `origin/`… repeatedly. Tag refs,
 * `refs/pull/…` and `refs/merge-requests/…` are not branches (undefined).
 */
export function normalizeBranch(value: string | undefined): string | undefined {
  const raw = nonEmpty(value);
  if (raw === undefined) return undefined;
  if (isTagRef(raw) || isChangeRef(raw)) return undefined;
  const stripped = stripBranchPrefixes(raw);
  // `origin/refs/pull/1/merge` is still a change ref once its remote prefix is gone.
  return isChangeRef(stripped) ? undefined : nonEmpty(stripped);
}

function isChangeRef(value: string): boolean {
  return value.startsWith('refs/pull/') || value.startsWith('refs/merge-requests/');
}

/** Normalise a tag variable: strips `refs/tags/`, `origin/tags/`, `refs/heads/tags/`, `tags/`. */
export function normalizeTag(value: string | undefined): string | undefined {
  const raw = nonEmpty(value);
  if (raw === undefined) return undefined;
  let current = raw;
  const prefix = TAG_PREFIXES.find((candidate) => current.startsWith(candidate));
  if (prefix) current = current.slice(prefix.length);
  else {
    const stripped = stripBranchPrefixes(current);
    const inner = TAG_PREFIXES.find((candidate) => stripped.startsWith(candidate));
    if (inner) current = stripped.slice(inner.length);
  }
  return nonEmpty(current);
}

/** The tag a branch-like ref names, if it is a tag ref (`refs/tags/v1` → `v1`). */
export function tagFromRef(value: string | undefined): string | undefined {
  const raw = nonEmpty(value);
  return raw !== undefined && isTagRef(raw) ? normalizeTag(raw) : undefined;
}

/**
 * The `owner/name` (or `group/sub/name`) path of a clone URL: scp-style `git@host:a/b.git`,
 * `https://host/a/b.git`, `ssh://git@host:22/a/b.git`, without a trailing `/` or `.git`.
 * A one-segment path is returned as it is (`https://host/repo.git` → `repo`: the fixtures of
 * several CIs expect it); undefined when there is no path or the value is no URL.
 */
export function repositoryFromUrl(value: string | undefined): string | undefined {
  const raw = nonEmpty(value);
  if (raw === undefined) return undefined;
  let path: string | undefined;
  const scp = /^[^@/:]+@[^:/]+:(?!\/)(.+)$/.exec(raw);
  if (scp && !raw.includes('://')) path = scp[1];
  else {
    try {
      path = new URL(raw).pathname;
    } catch {
      return undefined;
    }
  }
  if (path === undefined) return undefined;
  const cleaned = path
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  return nonEmpty(cleaned);
}

/** The origin (`scheme://host[:port]`) of an absolute http(s) URL, else undefined. */
export function urlOrigin(value: string | undefined): string | undefined {
  return isAbsoluteHttpUrl(value) ? new URL(value).origin : undefined;
}

/**
 * Map a CI's native status onto the {@link BuildResult} vocabulary, ignoring case and
 * surrounding blanks: `mapBuildResult('Succeeded', { succeeded: 'SUCCESS' })`. Keys of
 * `table` are lower case. An unknown status gives undefined (nothing is guessed).
 */
export function mapBuildResult(
  value: string | undefined,
  table: Readonly<Record<string, BuildResult>>,
): BuildResult | undefined {
  const raw = nonEmpty(value);
  if (raw === undefined) return undefined;
  const key = raw.trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** Join a base URL and a path without doubling or losing the `/` between them. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/**
 * Collects one adapter's properties with their origins. Values are trimmed of nothing
 * (used as provided); empty values are never stored; URL properties that are not absolute
 * http(s) URLs are dropped with an `ADAPTER_URL_DROPPED` warning; a branch equal to the tag
 * is dropped when the resolution is finished.
 */
export class Resolution {
  private readonly properties: CiProperties = {};
  private readonly origins: PropertyOrigins = {};
  private readonly warnings: XltvWarning[] = [];

  /**
   * @param source the adapter id, stored as `source`
   * @param env the environment being read
   */
  constructor(
    source: string,
    private readonly env: Env,
  ) {
    this.properties.source = source;
    this.origins.source = 'detected CI';
  }

  /** The first non-empty variable among `names`, with its name as origin. */
  read(...names: string[]): Traced | undefined {
    for (const name of names) {
      const value = nonEmpty(this.env[name]);
      if (value !== undefined) return { value, origin: name };
    }
    return undefined;
  }

  /** The raw value of the first non-empty variable among `names`. */
  value(...names: string[]): string | undefined {
    return this.read(...names)?.value;
  }

  /**
   * Set `key` from a traced value, or from a plain value with an origin. Ignores undefined
   * and empty values. URL keys are checked (see class docs).
   */
  set(key: CiPropertyKey, traced: Traced | undefined): this;
  set(key: CiPropertyKey, value: string | undefined, origin: string): this;
  set(key: CiPropertyKey, valueOrTraced: Traced | string | undefined, origin?: string): this {
    const traced =
      typeof valueOrTraced === 'string'
        ? { value: valueOrTraced, origin: origin ?? '' }
        : valueOrTraced;
    const value = nonEmpty(traced?.value);
    if (traced === undefined || value === undefined) return this;
    if ((URL_PROPERTY_KEYS as readonly string[]).includes(key) && !isAbsoluteHttpUrl(value)) {
      this.warnings.push({
        code: 'ADAPTER_URL_DROPPED',
        message: `${traced.origin}="${stripCredentials(value)}" is not an absolute http(s) URL; ${key} is left out`,
        details: { key, variable: traced.origin, value: stripCredentials(value) },
      });
      return this;
    }
    this.properties[key] = value;
    this.origins[key] = traced.origin;
    return this;
  }

  /** Set `key` only when it is not set yet. */
  fallback(key: CiPropertyKey, traced: Traced | undefined): this {
    return this.properties[key] === undefined ? this.set(key, traced) : this;
  }

  /** The value already stored for `key`. */
  get(key: CiPropertyKey): string | undefined {
    return this.properties[key];
  }

  /** Remove `key`. */
  unset(key: CiPropertyKey): this {
    delete this.properties[key];
    delete this.origins[key];
    return this;
  }

  /**
   * `branch` and `targetBranch` by the rule of docs/ci-mapping.md §1 "PR: X; else Y", for CIs whose
   * branch variable holds the target branch on pull requests (Travis, Drone, Woodpecker,
   * AppVeyor…). Call it after `pullRequest` is set. A pull-request build (one with a
   * `pullRequest` value, or with `head` set) takes `branch` from `head` only — even when
   * `head` is unset, since `branch` then holds the target or a merge ref — and `targetBranch`
   * from `target` (a dedicated variable, else the branch variable). Any other build takes
   * `branch` from `branch`. Both are normalised; a tag ref is never a branch.
   */
  setBranches(variables: {
    head: Traced | undefined;
    branch: Traced | undefined;
    target?: Traced | undefined;
  }): this {
    const hasPullRequest = this.properties.pullRequest !== undefined;
    if (!hasPullRequest && variables.head === undefined) {
      return this.set('branch', derive(variables.branch, normalizeBranch));
    }
    this.set('branch', derive(variables.head, normalizeBranch));
    if (hasPullRequest) {
      this.set('targetBranch', derive(variables.target ?? variables.branch, normalizeBranch));
    }
    return this;
  }

  /** Record a warning. */
  warn(warning: XltvWarning): this {
    this.warnings.push(warning);
    return this;
  }

  /** Finish: applies the branch-equals-tag rule and returns the {@link ResolvedCi}. */
  done(extra: { buildStartedAt?: Date | undefined } = {}): ResolvedCi {
    if (this.properties.branch !== undefined && this.properties.branch === this.properties.tag) {
      this.unset('branch');
    }
    const result: ResolvedCi = {
      properties: { ...this.properties },
      origins: { ...this.origins },
      warnings: [...this.warnings],
      ...(extra.buildStartedAt && !Number.isNaN(extra.buildStartedAt.getTime())
        ? { buildStartedAt: extra.buildStartedAt }
        : {}),
    };
    return result;
  }
}

/** Map a traced value through `transform`, keeping (or replacing) its origin. */
export function derive(
  traced: Traced | undefined,
  transform: (value: string) => string | undefined,
  origin?: string,
): Traced | undefined {
  if (!traced) return undefined;
  const value = nonEmpty(transform(traced.value));
  return value === undefined ? undefined : { value, origin: origin ?? traced.origin };
}

/** Parse a timestamp variable (ISO 8601, or Unix seconds/milliseconds) into a Date. */
export function parseTimestamp(value: string | undefined): Date | undefined {
  const raw = nonEmpty(value);
  if (raw === undefined) return undefined;
  const numeric = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : undefined;
  const date =
    numeric !== undefined ? new Date(numeric > 1e12 ? numeric : numeric * 1000) : new Date(raw);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
