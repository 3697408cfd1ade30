/**
 * Which files each of the product's test tools reads (a tool runs one parser), and that a
 * tool this library does not know is never second-guessed.
 */
import { describe, expect, it } from 'vitest';
import { toolReads } from '../src/index.js';
import type { ResultFormat } from '../src/index.js';

const FORMATS: readonly ResultFormat[] = [
  'junit',
  'testng',
  'trx',
  'nunit',
  'cucumber',
  'jmeter-xml',
  'jmeter-csv',
  'gatling',
  'fitnesse',
];

describe('toolReads', () => {
  it.each([
    ['xlt.JUnit', 'junit'],
    ['xlt.SurefireJUnit', 'junit'],
    ['xlt.TestNGJUnitReportReporter', 'junit'],
    ['xlt.KarmaXunit', 'junit'],
    ['xlt.Trx', 'trx'],
    ['xlt.TRX', 'trx'],
    ['xlt.Cucumber', 'cucumber'],
    ['xlt.Gatling', 'gatling'],
    ['xlt.JMeterCSV', 'jmeter-csv'],
    ['xlt.JMeterXML', 'jmeter-xml'],
  ] as const)('%s reads %s and nothing else', (tool, format) => {
    for (const other of FORMATS) {
      expect(toolReads(tool, other, 'results/file'), other).toBe(other === format);
    }
  });

  it('matches tool names whatever their case', () => {
    expect(toolReads('XLT.JUNIT', 'junit', 'TEST-a.xml')).toBe(true);
    expect(toolReads('  xlt.cucumber ', 'cucumber', 'report.json')).toBe(true);
  });

  it('has FitNesse read its results only under a FitNesseRoot folder', () => {
    expect(
      toolReads(
        'xlt.FitNesse',
        'fitnesse',
        'build/FitNesseRoot/files/testResults/Suite/20240311.xml',
      ),
    ).toBe(true);
    expect(toolReads('xlt.FitNesse', 'fitnesse', 'FitNesseRoot\\files\\x.xml')).toBe(true);
    expect(toolReads('xlt.FitNesse', 'fitnesse', 'build/reports/x.xml')).toBe(false);
    expect(toolReads('xlt.FitNesse', 'junit', 'FitNesseRoot/x.xml')).toBe(false);
  });

  it('says false for a file of no known format', () => {
    expect(toolReads('xlt.JUnit', undefined, 'notes.txt')).toBe(false);
  });

  it('takes NUnit only from a tool whose name says NUnit (the product has none of its own)', () => {
    expect(toolReads('xlt.JUnit', 'nunit', 'TestResult.xml')).toBe(false);
    expect(toolReads('custom.NUnit3', 'nunit', 'TestResult.xml')).toBe(true);
    expect(toolReads('custom.NUnit3', 'junit', 'TEST-a.xml')).toBe(false);
  });

  it('knows nothing of other tools: undefined, never a guess', () => {
    for (const tool of [
      'custom.MyParser',
      'xlt.Robot',
      '',
      'constructor',
      '__proto__',
      'toString',
    ]) {
      expect(toolReads(tool, 'junit', 'TEST-a.xml'), tool).toBeUndefined();
    }
  });
});
