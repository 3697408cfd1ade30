/**
 * The projects and test specifications the receiver knows. Two modes: open (the default:
 * any test specification id is accepted and created on first use, so demos need no setup)
 * and closed (a specs file or option lists them; unknown ids answer 404). Projects and
 * specifications created through the API, or on first use, are kept under the data
 * directory so that a restarted receiver still knows them.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A project, as the v1 API shows it. */
export interface Project {
  readonly id: string;
  readonly title: string;
}

/** The test tool of a test specification. */
export interface TestTool {
  readonly name: string;
  readonly category?: string;
  readonly defaultSearchPattern?: string;
}

/**
 * A test specification in the shape of `GET /api/internal/testspecifications/extended`.
 * Absent fields are unknown (the real server's values for them are not public).
 */
export interface TestSpecification {
  readonly id: string;
  readonly title: string;
  /** `xlt.TestSpecification` unless told; `xlt.TestSpecificationSet` refuses uploads. */
  readonly type: string;
  readonly project: Project;
  readonly qualification?: unknown;
  readonly testTool: TestTool;
}

/**
 * One entry of a specs file or of the `specs` option: a {@link TestSpecification} whose
 * fields other than `id` may be left out (`id` may also come from the object's key).
 */
export interface TestSpecificationInput {
  readonly id?: string;
  readonly title?: string;
  readonly type?: string;
  readonly project?: Partial<Project>;
  readonly qualification?: unknown;
  readonly testTool?: Partial<TestTool>;
}

/** Specs as a file or option gives them: an array, or an object keyed by id. */
export type TestSpecificationsInput =
  readonly TestSpecificationInput[] | Readonly<Record<string, TestSpecificationInput>>;

/** The type of test specification sets, which cannot receive uploads. */
export const TEST_SPECIFICATION_SET_TYPE = 'xlt.TestSpecificationSet';
/** The type given to specifications that do not state one. */
export const DEFAULT_SPECIFICATION_TYPE = 'xlt.TestSpecification';
/** The project of specifications created on first use through the internal endpoint. */
export const DEFAULT_PROJECT: Project = { id: 'default', title: 'Default project' };

/** Known test tools: category, and the default pattern where the reference documents one. */
const KNOWN_TOOLS: Readonly<Record<string, Omit<TestTool, 'name'>>> = {
  'xlt.JUnit': { category: 'functional', defaultSearchPattern: '**/TEST-*.xml' },
  'xlt.SurefireJUnit': { category: 'functional', defaultSearchPattern: '**/TEST-*.xml' },
  'xlt.TestNGJUnitReportReporter': { category: 'functional' },
  'xlt.KarmaXunit': { category: 'functional' },
  'xlt.Cucumber': { category: 'functional' },
  'xlt.FitNesse': { category: 'functional' },
  'xlt.Trx': { category: 'functional' },
  'xlt.Gatling': { category: 'performance' },
  'xlt.JMeterCSV': { category: 'performance' },
  'xlt.JMeterXML': { category: 'performance' },
};
const DEFAULT_TOOL = 'xlt.JUnit';

function toolNamed(name: string): TestTool {
  return { name, ...(KNOWN_TOOLS[name] ?? {}) };
}

/**
 * Validate specs given as a file or option. Throws an `Error` naming the first problem.
 */
export function normalizeSpecifications(input: unknown): TestSpecification[] {
  const problem = (where: string, why: string): Error =>
    new Error(`Test specification ${where} ${why}.`);
  let items: [string | undefined, unknown][];
  if (Array.isArray(input)) {
    items = input.map((item) => [undefined, item]);
  } else if (typeof input === 'object' && input !== null) {
    items = Object.entries(input);
  } else {
    throw new Error('Test specifications must be a JSON array or an object keyed by id.');
  }
  const specs = new Map<string, TestSpecification>();
  items.forEach(([key, item], position) => {
    const where = key === undefined ? `#${position + 1}` : JSON.stringify(key);
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw problem(where, 'is not an object');
    }
    const entry = item as Record<string, unknown>;
    const id = entry.id ?? key;
    if (typeof id !== 'string' || id === '') throw problem(where, 'has no id');
    if (key !== undefined && entry.id !== undefined && entry.id !== key) {
      throw problem(where, `has id ${JSON.stringify(entry.id)}, not its key`);
    }
    const text = (field: string, fallback: string): string => {
      const value = entry[field];
      if (value === undefined) return fallback;
      if (typeof value !== 'string' || value === '') throw problem(where, `has a bad ${field}`);
      return value;
    };
    const project = entry.project ?? DEFAULT_PROJECT;
    if (typeof project !== 'object' || project === null) throw problem(where, 'has a bad project');
    const projectFields = project as Record<string, unknown>;
    if (typeof projectFields.id !== 'string' || projectFields.id === '') {
      throw problem(where, 'has a project without an id');
    }
    const projectTitle = projectFields.title ?? projectFields.id;
    if (typeof projectTitle !== 'string') throw problem(where, 'has a bad project title');
    const tool = entry.testTool ?? {};
    if (typeof tool !== 'object' || tool === null) throw problem(where, 'has a bad testTool');
    const toolFields = tool as Record<string, unknown>;
    const toolName = toolFields.name ?? DEFAULT_TOOL;
    if (typeof toolName !== 'string' || toolName === '')
      throw problem(where, 'has a bad testTool.name');
    const testTool: Record<string, string> = { ...toolNamed(toolName) };
    for (const field of ['category', 'defaultSearchPattern'] as const) {
      const value = toolFields[field];
      if (value === undefined) continue;
      if (typeof value !== 'string') throw problem(where, `has a bad testTool.${field}`);
      testTool[field] = value;
    }
    if (specs.has(id)) throw problem(JSON.stringify(id), 'is listed twice');
    specs.set(id, {
      id,
      title: text('title', id),
      type: text('type', DEFAULT_SPECIFICATION_TYPE),
      project: { id: projectFields.id, title: projectTitle },
      ...(entry.qualification === undefined ? {} : { qualification: entry.qualification }),
      testTool: testTool as unknown as TestTool,
    });
  });
  return [...specs.values()];
}

/** Read and validate a specs file (see {@link normalizeSpecifications}). */
export async function loadSpecificationsFile(file: string): Promise<TestSpecification[]> {
  const text = await readFile(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return normalizeSpecifications(parsed);
}

/** What the state file under the data directory holds. */
interface CatalogueState {
  readonly projects: Project[];
  readonly testSpecifications: TestSpecification[];
  /** Ids of the specifications created on first use (absent in files of older receivers). */
  readonly createdOnFirstUse?: string[];
}

/** The projects and test specifications of one receiver. */
export class Catalogue {
  /** Whether unknown test specification ids are created on first use. */
  readonly open: boolean;
  private readonly specs = new Map<string, TestSpecification>();
  private readonly projectsById = new Map<string, Project>();
  /** Created at run time (on first use or through the API): what the state file keeps. */
  private readonly created: CatalogueState = { projects: [], testSpecifications: [] };
  /** Ids of the specifications created on first use (the open mode's default tool). */
  private readonly firstUse = new Set<string>();
  private readonly stateFile: string | undefined;
  private writing: Promise<void> = Promise.resolve();

  private constructor(listed: readonly TestSpecification[] | undefined, stateFile?: string) {
    this.open = listed === undefined;
    this.stateFile = stateFile;
    if (this.open) this.projectsById.set(DEFAULT_PROJECT.id, DEFAULT_PROJECT);
    for (const spec of listed ?? []) this.addSpec(spec);
  }

  /**
   * @param listed the closed list of specifications, or undefined for the open mode
   * @param dataDir where created projects and specifications are kept (none: in memory)
   */
  static async create(
    listed: readonly TestSpecification[] | undefined,
    dataDir: string | undefined,
  ): Promise<Catalogue> {
    const stateFile = dataDir === undefined ? undefined : path.join(dataDir, 'catalogue.json');
    const catalogue = new Catalogue(listed, stateFile);
    if (stateFile !== undefined) {
      let text: string | undefined;
      try {
        text = await readFile(stateFile, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      if (text !== undefined) {
        const state = JSON.parse(text) as CatalogueState;
        for (const project of state.projects) catalogue.rememberProject(project);
        for (const spec of state.testSpecifications) catalogue.rememberSpec(spec);
        for (const id of state.createdOnFirstUse ?? []) catalogue.firstUse.add(id);
      }
    }
    return catalogue;
  }

  /** The specification with this id, if it exists. */
  get(id: string): TestSpecification | undefined {
    return this.specs.get(id);
  }

  /** Every specification, keyed by id (the extended listing). */
  extendedListing(): Record<string, TestSpecification> {
    return Object.fromEntries(this.specs);
  }

  /**
   * Whether uploads to this specification must hold something its tool reads. Not for one
   * created on first use: its tool is the receiver's default, not a choice anybody made, so
   * the content is not second-guessed (the real server has no such specifications).
   */
  enforcesTool(specId: string): boolean {
    return this.specs.has(specId) && !this.firstUse.has(specId);
  }

  /** The project with this id, if it exists. */
  project(id: string): Project | undefined {
    return this.projectsById.get(id);
  }

  /** Projects, optionally only those with exactly this title. */
  projects(title?: string): Project[] {
    return [...this.projectsById.values()].filter(
      (project) => title === undefined || project.title === title,
    );
  }

  /** Specifications of a project, optionally only those with exactly this title. */
  specificationsOf(projectId: string, title?: string): TestSpecification[] {
    return [...this.specs.values()].filter(
      (spec) => spec.project.id === projectId && (title === undefined || spec.title === title),
    );
  }

  /** Create a project (`POST /api/v1/projects`). */
  async createProject(title: string, id: string = randomUUID()): Promise<Project> {
    const project = { id, title };
    this.rememberProject(project);
    await this.save();
    return project;
  }

  /** Create a specification in a project (`POST …/testspecifications`). */
  async createSpecification(
    project: Project,
    title: string,
    testToolName: string = DEFAULT_TOOL,
    id: string = randomUUID(),
  ): Promise<TestSpecification> {
    const spec: TestSpecification = {
      id,
      title,
      type: DEFAULT_SPECIFICATION_TYPE,
      project,
      testTool: toolNamed(testToolName),
    };
    this.rememberSpec(spec);
    await this.save();
    return spec;
  }

  /**
   * The specification an import goes to. In the open mode an unknown id gives a new
   * specification (in `projectId`'s project, or the default project) that exists only once
   * {@link commitImportTarget} is called, i.e. once an import to it was accepted. Undefined
   * when it does not exist (closed mode) or belongs to another project.
   */
  planImportTarget(
    specId: string,
    projectId: string | undefined,
  ): { spec: TestSpecification; isNew: boolean } | undefined {
    const known = this.specs.get(specId);
    if (known) {
      return projectId === undefined || known.project.id === projectId
        ? { spec: known, isNew: false }
        : undefined;
    }
    if (!this.open) return undefined;
    const project =
      projectId === undefined
        ? DEFAULT_PROJECT
        : (this.projectsById.get(projectId) ?? { id: projectId, title: projectId });
    const spec: TestSpecification = {
      id: specId,
      title: specId,
      type: DEFAULT_SPECIFICATION_TYPE,
      project,
      testTool: toolNamed(DEFAULT_TOOL),
    };
    return { spec, isNew: true };
  }

  /** Create a specification planned by {@link planImportTarget}, unless it exists by now. */
  async commitImportTarget(plan: { spec: TestSpecification; isNew: boolean }): Promise<void> {
    if (!plan.isNew || this.specs.has(plan.spec.id)) return;
    if (!this.projectsById.has(plan.spec.project.id)) this.rememberProject(plan.spec.project);
    this.rememberSpec(plan.spec);
    this.firstUse.add(plan.spec.id);
    await this.save();
  }

  private addSpec(spec: TestSpecification): void {
    this.specs.set(spec.id, spec);
    if (!this.projectsById.has(spec.project.id)) {
      this.projectsById.set(spec.project.id, spec.project);
    }
  }

  private rememberProject(project: Project): void {
    this.projectsById.set(project.id, project);
    this.created.projects.push(project);
  }

  private rememberSpec(spec: TestSpecification): void {
    this.addSpec(spec);
    this.created.testSpecifications.push(spec);
  }

  /** Write the state file (atomically; writes are serialised). */
  private async save(): Promise<void> {
    const stateFile = this.stateFile;
    if (stateFile === undefined) return;
    const state: CatalogueState = { ...this.created, createdOnFirstUse: [...this.firstUse] };
    const text = `${JSON.stringify(state, null, 2)}\n`;
    this.writing = this.writing
      .catch(() => {})
      .then(async () => {
        const temporary = `${stateFile}.${process.pid}.tmp`;
        await writeFile(temporary, text);
        await rename(temporary, stateFile);
      });
    await this.writing;
  }
}
