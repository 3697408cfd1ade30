/**
 * The extension's manifests against their schemas (schemas/: the parts of Microsoft's we rely
 * on), and against each other: what the packaged extension needs to install and run the task.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

const APP = path.resolve(import.meta.dirname, '..');

async function json(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path.join(APP, file), 'utf8')) as Record<string, unknown>;
}

async function errorsOf(schemaFile: string, documentFile: string): Promise<unknown> {
  const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
    await json(schemaFile),
  );
  return validate(await json(documentFile)) ? [] : validate.errors;
}

interface TaskJson {
  name: string;
  version: { Major: number; Minor: number; Patch: number };
  inputs: { name: string; type: string; required?: boolean }[];
  execution: Record<string, { target: string }>;
}

interface ExtensionJson {
  version: string;
  contributions: { type: string; properties: { name: string } }[];
  files: { path: string }[];
}

describe('XltvUpload/task.json', () => {
  it('matches the task schema', async () => {
    expect(await errorsOf('schemas/task.schema.json', 'XltvUpload/task.json')).toEqual([]);
  });

  it('runs dist/index.js under both the Node 20 and the Node 24 handler', async () => {
    const task = (await json('XltvUpload/task.json')) as unknown as TaskJson;
    expect(task.execution).toEqual({
      Node20_1: expect.objectContaining({ target: 'dist/index.js' }),
      Node24: expect.objectContaining({ target: 'dist/index.js' }),
    });
  });

  it('declares the inputs the entry reads', async () => {
    const task = (await json('XltvUpload/task.json')) as unknown as TaskJson;
    const inputs = Object.fromEntries(task.inputs.map((input) => [input.name, input]));
    expect(Object.keys(inputs).sort()).toEqual(
      [
        'url',
        'testSpec',
        'project',
        'patterns',
        'exclude',
        'baseDir',
        'username',
        'password',
        'buildResult',
        'meta',
        'softFail',
      ].sort(),
    );
    expect(inputs['patterns']?.type).toBe('multiLine');
    expect(inputs['meta']?.type).toBe('multiLine');
    expect(inputs['softFail']?.type).toBe('boolean');
    expect(inputs['url']?.required).toBe(true);
  });

  it('the schema refuses a broken task.json', async () => {
    const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(
      await json('schemas/task.schema.json'),
    );
    const task = await json('XltvUpload/task.json');
    expect(validate({ ...task, id: 'not-a-guid' })).toBe(false);
    expect(validate({ ...task, execution: { Node99: { target: 'x.js' } } })).toBe(false);
    expect(validate({ ...task, inputs: [{ name: 'a b', label: 'x', type: 'string' }] })).toBe(
      false,
    );
  });
});

describe('vss-extension.json', () => {
  it('matches the manifest schema', async () => {
    expect(await errorsOf('schemas/vss-extension.schema.json', 'vss-extension.json')).toEqual([]);
  });

  it("packages the task folder its contribution names, at the task's version", async () => {
    const extension = (await json('vss-extension.json')) as unknown as ExtensionJson;
    const tasks = extension.contributions.filter(
      (contribution) => contribution.type === 'ms.vss-distributed-task.task',
    );
    expect(tasks).toHaveLength(1);
    const folder = tasks[0]!.properties.name;
    expect(extension.files.map((file) => file.path)).toContain(folder);
    const task = (await json(`${folder}/task.json`)) as unknown as TaskJson;
    expect(task.name).toBe(folder);
    const { Major, Minor, Patch } = task.version;
    expect(`${Major}.${Minor}.${Patch}`).toBe(extension.version);
    const app = await json('package.json');
    expect(extension.version).toBe(app['version']);
    expect(existsSync(path.join(APP, 'README.md'))).toBe(true);
  });
});

describe('examples/azure-pipelines.yml', () => {
  it('runs the task after failed tests, with inputs the task declares', async () => {
    const example = await readFile(path.join(APP, 'examples', 'azure-pipelines.yml'), 'utf8');
    const task = (await json('XltvUpload/task.json')) as unknown as TaskJson;
    const step = /^( *)- task: (\w+)@(\d+)\n([\s\S]*?)(?=^\1- |(?![\s\S]))/m.exec(example);
    expect(step?.[2]).toBe(task.name);
    expect(Number(step?.[3])).toBe(task.version.Major);
    const body = step![4]!;
    expect(body).toMatch(/^ +condition: succeededOrFailed\(\)$/m);
    // The keys one level below `inputs:`.
    const inputsBlock = /^( +)inputs:\n((?:\1 +.*\n?)*)/m.exec(body);
    const indent = /^( +)\S/.exec(inputsBlock![2]!)![1]!;
    const keys = [...inputsBlock![2]!.matchAll(new RegExp(`^${indent}(\\w+):`, 'gm'))].map(
      (match) => match[1],
    );
    const declared = task.inputs.map((input) => input.name);
    expect(keys.length).toBeGreaterThan(3);
    for (const key of keys) expect(declared).toContain(key);
  });
});
