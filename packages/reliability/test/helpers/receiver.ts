/**
 * Real @xltv/receiver instances for the suite, with the leak guard wired in: the receiver's
 * data directory, its JSON records and its HTML page are scanned after every test.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { startReceiver } from '@xltv/receiver';
import type { Receiver, ReceiverOptions } from '@xltv/receiver';
import { recordDir, recordProbe, recordText, registerBasicCredentials } from './evidence.js';
import { tempDir } from './tmp.js';

/** Basic credentials of one test. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** Fresh credentials, registered with the leak guard (the user name is not a secret). */
export function newCredentials(): Credentials {
  const password = `Pw-${randomBytes(9).toString('base64url')}!x`;
  const credentials = { username: 'ci-bot', password };
  registerBasicCredentials(credentials.username, credentials.password);
  return credentials;
}

/** A running receiver plus the lines it logged (one per answered API request). */
export interface TestReceiver extends Receiver {
  readonly logLines: string[];
  /** Resolves with the first logged line (already logged or future) matching `pattern`. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

const running = new Set<TestReceiver>();

/**
 * GET from a receiver the test started itself (http or https; its self-signed certificate is
 * accepted here, this is the test reading back, not the client under test). Rejects on a
 * status other than 200.
 */
export function getBuffer(url: string): Promise<Buffer> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    client
      .get(url, { rejectUnauthorized: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode === 200) resolve(Buffer.concat(chunks));
          else reject(new Error(`GET ${url}: ${response.statusCode}`));
        });
      })
      .on('error', reject);
  });
}

/** {@link getBuffer} as UTF-8 text. */
export async function getText(url: string): Promise<string> {
  return (await getBuffer(url)).toString('utf8');
}

/**
 * Start a receiver on 127.0.0.1 with a data directory (so that what it writes to disk is
 * scanned too). Closed by {@link closeReceivers} or its own `close()`.
 */
export async function startTestReceiver(options: ReceiverOptions = {}): Promise<TestReceiver> {
  const logLines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const dataDir = options.dataDir ?? (await tempDir('receiver'));
  const receiver = await startReceiver({
    ...options,
    dataDir,
    log: (line) => {
      logLines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    },
  });
  const snapshot = async (): Promise<void> => {
    recordText(`GET ${receiver.origin}/imports`, await getText(`${receiver.origin}/imports`));
    recordText(`GET ${receiver.origin}/`, await getText(`${receiver.origin}/`));
  };
  let closed = false;
  recordDir(dataDir);
  recordProbe(`receiver ${receiver.origin} records`, async () => {
    if (!closed) await snapshot();
    return logLines.join('\n');
  });
  const testReceiver: TestReceiver = {
    url: receiver.url,
    origin: receiver.origin,
    port: receiver.port,
    dataDir: receiver.dataDir,
    get imports() {
      return receiver.imports;
    },
    getImport: (id) => receiver.getImport(id),
    testSpecifications: () => receiver.testSpecifications(),
    inject: (...faults) => receiver.inject(...faults),
    pendingFaults: () => receiver.pendingFaults(),
    clearFaults: () => receiver.clearFaults(),
    logLines,
    waitForLog(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
      const already = logLines.find((line) => pattern.test(line));
      if (already !== undefined) return Promise.resolve(already);
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`receiver never logged ${pattern}; got:\n${logLines.join('\n')}`)),
          timeoutMs,
        );
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      });
    },
    async close(): Promise<void> {
      if (closed) return;
      running.delete(testReceiver);
      // Take the records the leak guard scans before they go away.
      await snapshot();
      closed = true;
      await receiver.close();
    },
  };
  running.add(testReceiver);
  return testReceiver;
}

/** Close every receiver still running (afterEach / afterAll). */
export async function closeReceivers(): Promise<void> {
  await Promise.all([...running].map((receiver) => receiver.close()));
}
