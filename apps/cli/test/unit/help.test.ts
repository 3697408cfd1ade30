import { describe, expect, it } from 'vitest';
import { CI_EXAMPLES, renderUploadExamples } from '../../src/render/help.js';
import { ADAPTERS, ADAPTER_IDS } from '../../src/registry.js';

describe('help', () => {
  it('has a worked example for every CI of the registry, and none for unknown ids', () => {
    for (const id of ADAPTER_IDS) expect(CI_EXAMPLES[id], id).toMatch(/npx @xltv\/cli upload /);
    for (const id of Object.keys(CI_EXAMPLES)) expect(ADAPTER_IDS).toContain(id);
  });

  it('shows one line per CI in registry order in `upload --help`', () => {
    const text = renderUploadExamples(ADAPTERS);
    const positions = ADAPTER_IDS.map((id) => text.indexOf(`\n  ${id} `));
    for (const position of positions) expect(position).toBeGreaterThan(0);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});
