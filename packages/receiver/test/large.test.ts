/**
 * A 500 MB upload of JUnit reports, generated while it is sent and read by the receiver as it
 * arrives, with the receiver process's peak RSS growing less than 100 MB. Always on (up to a
 * minute on a busy 2-core machine, most of it reading the XML; 500 MB of temporary disk);
 * skip it locally with XLTV_TEST_SKIP_LARGE=1.
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

describe.skipIf(process.env.XLTV_TEST_SKIP_LARGE === '1' || !CAN_MEASURE_PEAK_RSS)(
  'large upload',
  () => {
    it('500 MB streamed: stored intact, receiver peak RSS grows less than 100 MB', async () => {
      const receiver = await startChildReceiver();
      try {
        await warmUp(receiver.url);
        const baseline = await peakRss(receiver.pid);
        const files: GeneratedFile[] = Array.from({ length: 5 }, (_, index) => ({
          name: `results/TEST-large-${index}.xml`,
          size: 100 * MB,
        }));
        const started = Date.now();
        const response = await streamLargeUpload(receiver.url, files);
        expect(response.status, response.body).toBe(200);
        expect(response.bytesSent).toBeGreaterThan(500 * MB);
        const peak = await peakRss(receiver.pid);
        process.stderr.write(
          `large upload: ${(response.bytesSent / MB).toFixed(0)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s; receiver peak RSS ${(baseline / MB).toFixed(0)} → ${(peak / MB).toFixed(0)} MB\n`,
        );
        expect(peak - baseline).toBeLessThan(100 * MB);
        await expectLastImportToHold(receiver.url, files);
      } finally {
        expect(await receiver.stop()).toBe(0);
      }
    }, 600_000);
  },
);
