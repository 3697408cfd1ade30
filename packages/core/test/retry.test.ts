import { describe, expect, it } from 'vitest';
import { abortableDelay, backoffDelayMs, parseRetryAfter } from '../src/http/retry.js';

describe('backoffDelayMs', () => {
  it('is full jitter under an exponential ceiling with a cap', () => {
    expect(backoffDelayMs(1, 500, 30_000, () => 0.999)).toBe(499);
    expect(backoffDelayMs(2, 500, 30_000, () => 0.999)).toBe(999);
    expect(backoffDelayMs(4, 500, 30_000, () => 0.5)).toBe(2000);
    expect(backoffDelayMs(20, 500, 30_000, () => 0.999)).toBe(29_970);
    expect(backoffDelayMs(3, 500, 30_000, () => 0)).toBe(0);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelayMs(3);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(2000);
    }
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter(['7', '9'], now)).toBe(7000);
  });
  it('never goes negative and ignores garbage', () => {
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('abortableDelay', () => {
  it('waits, or rejects as soon as the signal fires', async () => {
    const started = Date.now();
    await abortableDelay(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    const controller = new AbortController();
    const pending = abortableDelay(60_000, controller.signal);
    controller.abort();
    await expect(pending).rejects.toThrow();
  });
});
