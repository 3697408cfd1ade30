/**
 * Attribute and text values as result files write them: timestamps, durations and counts.
 * Each parser returns undefined for what it cannot read, so a bad value is skipped, not fatal.
 */

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * An ISO-8601-like timestamp (`2024-05-02T09:03:01`, `2024-05-02 09:03:01.123+02:00`,
 * `…T09:03:01Z`). No zone, or a zone name other than UTC/GMT (TestNG writes `CET`), is read
 * as UTC: result files without a zone are written by build agents that mostly run in UTC.
 */
export function parseTimestamp(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const text = value
    .trim()
    .replace(/\s+[A-Z]{2,5}$/, (zone) => (/UTC|GMT/i.test(zone) ? zone : ''));
  const match = TIMESTAMP.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const ms = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  let time = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second ?? 0),
    ms,
  );
  const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone ?? '');
  if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
    time -= (offset[1] === '-' ? -1 : 1) * minutes * 60_000;
  }
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A FitNesse history file name, `20240502090301_3_0_0_0.xml`: its local time, read as UTC. */
export function parseFitnesseFileTime(path: string): Date | undefined {
  const match = /(?:^|[/\\])(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_\d+_\d+_\d+_\d+\.xml$/i.exec(
    path,
  );
  if (!match) return undefined;
  return parseTimestamp(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}`);
}

/** Seconds as a decimal (`0.123`, `1,234.5` with a thousands separator), in milliseconds. */
export function parseSeconds(value: string | undefined): number | undefined {
  const seconds = parseNumber(value, true);
  return seconds === undefined ? undefined : seconds * 1000;
}

/** Milliseconds as a number (`duration-ms`, JMeter's `t`). */
export function parseMillis(value: string | undefined): number | undefined {
  return parseNumber(value, false);
}

/** A TRX duration, `[d.]hh:mm:ss[.fffffff]`, in milliseconds. */
export function parseTimeSpan(value: string | undefined): number | undefined {
  const match = /^(?:(\d+)\.)?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const [, days, hours, minutes, seconds] = match;
  return (
    ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 +
    Number(seconds) * 1000
  );
}

/** A non-negative whole count (`tests="12"`), or undefined. */
export function parseCount(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

function parseNumber(value: string | undefined, thousands: boolean): number | undefined {
  if (value === undefined) return undefined;
  let text = value.trim();
  // Some writers format with the build machine's locale: `1,234.5`.
  if (thousands && /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, '');
  if (!/^\d+(\.\d*)?([eE][+-]?\d+)?$|^\.\d+$/.test(text)) return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}
