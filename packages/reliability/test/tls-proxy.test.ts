// HTTPS with a self-signed certificate, the three documented ways to trust it, and a
// forward proxy on loopback honoured through HTTPS_PROXY and bypassed through NO_PROXY.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectOrderlyExit, runCli } from './helpers/cli.js';
import { useLeakGuard } from './helpers/evidence.js';
import { startCountingProxy, type CountingProxy } from './helpers/proxy.js';
import { closeReceivers, newCredentials, startTestReceiver } from './helpers/receiver.js';
import { makeSelfSignedCert, type SelfSigned } from './helpers/tls.js';
import { removeTempDirs, tempDir } from './helpers/tmp.js';
import {
  credentialEnv,
  expectStoredExactly,
  resultsWorkspace,
  uploadArgs,
} from './helpers/upload.js';

useLeakGuard();
let cert: SelfSigned;
let proxy: CountingProxy | undefined;
beforeAll(async () => {
  cert = await makeSelfSignedCert(await tempDir('tls'));
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await closeReceivers();
});
afterAll(removeTempDirs);

async function httpsReceiver() {
  const credentials = newCredentials();
  const receiver = await startTestReceiver({
    user: credentials.username,
    password: credentials.password,
    tls: { cert: cert.certPem, key: cert.keyPem },
  });
  expect(receiver.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  return { receiver, env: credentialEnv(credentials) };
}

describe('TLS with a self-signed receiver', () => {
  it('without trust: exit 1, TLS, and the message names the fixes', async () => {
    const { receiver, env } = await httpsReceiver();
    const { dir } = await resultsWorkspace('tls-untrusted');
    const run = await runCli(uploadArgs(receiver.url), { cwd: dir, env });
    expectOrderlyExit(run);
    expect(run.code).toBe(1);
    expect(run.receipt).toMatchObject({ status: 'failed', error: { code: 'TLS' } });
    // A certificate problem is not transient: no retries.
    expect(run.receipt?.attempts).toBe(1);
    expect(run.stderr).toContain('--ca-cert');
    expect(run.stderr).toMatch(/NODE_EXTRA_CA_CERTS|--insecure/);
    expect(receiver.imports).toHaveLength(0);
  });

  it('--ca-cert <file> trusts it', async () => {
    const { receiver, env } = await httpsReceiver();
    const { dir, files } = await resultsWorkspace('tls-ca-cert');
    const run = await runCli(uploadArgs(receiver.url, ['--ca-cert', cert.certFile]), {
      cwd: dir,
      env,
    });
    expectOrderlyExit(run);
    expect(run.code).toBe(0);
    expect(run.receipt).toMatchObject({ status: 'imported', attempts: 1 });
    await expectStoredExactly(receiver, receiver.imports[0]!, files);
  });

  it('NODE_EXTRA_CA_CERTS trusts it', async () => {
    const { receiver, env } = await httpsReceiver();
    const { dir, files } = await resultsWorkspace('tls-extra-ca');
    const run = await runCli(uploadArgs(receiver.url), {
      cwd: dir,
      env: { ...env, NODE_EXTRA_CA_CERTS: cert.certFile },
    });
    expectOrderlyExit(run);
    expect(run.code).toBe(0);
    expect(run.receipt).toMatchObject({ status: 'imported' });
    await expectStoredExactly(receiver, receiver.imports[0]!, files);
  });

  it('--insecure passes and warns on stderr', async () => {
    const { receiver, env } = await httpsReceiver();
    const { dir, files } = await resultsWorkspace('tls-insecure');
    const run = await runCli(uploadArgs(receiver.url, ['--insecure']), { cwd: dir, env });
    expectOrderlyExit(run);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/insecure|verification (is )?(disabled|off)|not verif/i);
    await expectStoredExactly(receiver, receiver.imports[0]!, files);
  });
});

describe('proxy on loopback', () => {
  it('HTTPS_PROXY is used: the upload goes through a CONNECT tunnel', async () => {
    const { receiver, env } = await httpsReceiver();
    proxy = await startCountingProxy();
    const { dir, files } = await resultsWorkspace('proxy-used');
    const run = await runCli(uploadArgs(receiver.url, ['--ca-cert', cert.certFile]), {
      cwd: dir,
      env: { ...env, HTTPS_PROXY: proxy.url },
    });
    expectOrderlyExit(run);
    expect(run.code).toBe(0);
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    expect(new Set(proxy.tunnels)).toEqual(new Set([`127.0.0.1:${receiver.port}`]));
    await expectStoredExactly(receiver, receiver.imports[0]!, files);
  });

  it('NO_PROXY matching the host bypasses it', async () => {
    const { receiver, env } = await httpsReceiver();
    proxy = await startCountingProxy();
    const { dir, files } = await resultsWorkspace('proxy-skipped');
    const run = await runCli(uploadArgs(receiver.url, ['--ca-cert', cert.certFile]), {
      cwd: dir,
      env: { ...env, HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
    });
    expectOrderlyExit(run);
    expect(run.code).toBe(0);
    expect(proxy.tunnels).toEqual([]);
    expect(proxy.forwarded).toEqual([]);
    await expectStoredExactly(receiver, receiver.imports[0]!, files);
  });

  it('a proxy that is down fails the upload (proof the variable is not ignored)', async () => {
    const { receiver, env } = await httpsReceiver();
    proxy = await startCountingProxy();
    const deadUrl = proxy.url;
    await proxy.close();
    proxy = undefined;
    const { dir } = await resultsWorkspace('proxy-down');
    const run = await runCli(
      uploadArgs(receiver.url, ['--ca-cert', cert.certFile, '--retries', '0']),
      {
        cwd: dir,
        env: { ...env, HTTPS_PROXY: deadUrl },
      },
    );
    expectOrderlyExit(run);
    expect(run.code).toBe(1);
    expect(run.receipt).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'NETWORK' },
    });
    expect(receiver.imports).toHaveLength(0);
  });
});
