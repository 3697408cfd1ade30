/**
 * A 50 MB upload of JUnit reports, read as it streams, leaves the receiver's peak memory flat
 * (always on; the 500 MB version is test/large.test.ts, also always on).
 */
import { describe, expect, it } from 'vitest';
import {
  CAN_MEASURE_PEAK_RSS,
  expectLastImportToHold,
  peakRss,
  startChildReceiver,
  streamLargeUpload,
  warmUp,
} from './memory-harness.js';
import type { GeneratedFile } from './memory-harness.js';

const MB = 1024 * 1024;

describe.skipIf(!CAN_MEASURE_PEAK_RSS)('memory', () => {
  it('streams a 50 MB upload through the receiver with its peak RSS growing less than 25 MB', async () => {
    const receiver = await startChildReceiver();
    try {
      await warmUp(receiver.url);
      const baseline = await peakRss(receiver.pid);
      const files: GeneratedFile[] = [
        { name: 'big/TEST-one.xml', size: 30 * MB },
        { name: 'big/TEST-two.xml', size: 20 * MB },
      ];
      const response = await streamLargeUpload(receiver.url, files);
      expect(response.status, response.body).toBe(200);
      expect(response.bytesSent).toBeGreaterThan(50 * MB);
      const growth = (await peakRss(receiver.pid)) - baseline;
      // Holding the zip (or the body) in memory would add at least 50 MB.
      expect(growth).toBeLessThan(25 * MB);
      await expectLastImportToHold(receiver.url, files);
    } finally {
      expect(await receiver.stop()).toBe(0);
    }
  }, 120_000);
});
