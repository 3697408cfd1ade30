/**
 * Totals a file states about itself (`tests="5" failures="1"`) checked against its elements,
 * which are what counts: one `COUNT_MISMATCH` per file at most, naming the first difference.
 */
import type { Tally } from '../../tally.js';
import { parseCount } from './values.js';

/** One stated total: the attribute's name, its raw value (if written) and the actual count. */
export type StatedTotal = readonly [name: string, stated: string | undefined, actual: number];

export class StatedTotals {
  private first: string | undefined;
  private others = 0;

  /** Compare the totals `where` (e.g. `testsuite "Foo"`) states with what it holds. */
  compare(where: string, totals: readonly StatedTotal[]): void {
    const differ = totals.filter(([, stated, actual]) => {
      const count = parseCount(stated);
      return count !== undefined && count !== actual;
    });
    if (differ.length === 0) return;
    if (this.first !== undefined) {
      this.others += 1;
      return;
    }
    const said = differ.map(([name, stated]) => `${name}=${String(stated).trim()}`).join(' ');
    const found = differ.map(([name, , actual]) => `${name}=${actual}`).join(' ');
    this.first = `${where} states ${said} but holds ${found}`;
  }

  report(tally: Tally): void {
    if (this.first === undefined) return;
    const more = this.others === 0 ? '' : ` (and ${this.others} more that differ)`;
    tally.problem({ code: 'COUNT_MISMATCH', message: `${this.first}${more}` });
  }
}
