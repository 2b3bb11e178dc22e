/**
 * Test connection against real servers: the fixture homeserver over https (its private CA
 * trusted, as the platform's CA list would), a closed port, a homeserver whose CA is not
 * trusted, a server with an expired certificate made here, and a real proxy (proxy-chain) that
 * works, asks for credentials, or is not there. Each failure must be named in words at the
 * step where it happens.
 */
import { mkdtempSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { Server as ProxyServer } from 'proxy-chain';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import {
  runConnectionTest,
  type ConnectionTestReport,
} from '../../electron/core/net/connectionTest/runConnectionTest.js';
import type { ProxySetting } from '../../electron/core/net/proxy/proxySetting.js';
import { systemClock } from '../../electron/core/platform.js';
import { createNodeConnectionProbes } from '../../electron/platform/nodeConnectionProbes.js';
import {
  ProxyCredentialStore,
  type ProxyCredentials,
} from '../../electron/core/net/proxy/proxyCredentials.js';
import { startHomeserver, startWorld, type Homeserver } from '../fixtures/index.js';
import { createNodePlatform } from '../node-platform/createNodePlatform.js';
import { startCore } from './support.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function homeserver(tls: boolean | { freshCertificate: true } = true): Promise<Homeserver> {
  const hs = await startHomeserver({ tls });
  cleanups.push(() => hs.close());
  return hs;
}

async function proxyServer(auth?: ProxyCredentials): Promise<{ url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  const server = new ProxyServer({
    port: 0,
    host: '127.0.0.1',
    prepareRequestFunction: ({ username, password, hostname, port }) => {
      const ok = !auth || (username === auth.username && password === auth.password);
      if (ok) tunnels.push(`${hostname}:${port}`);
      return { requestAuthentication: !ok };
    },
  });
  await server.listen();
  cleanups.push(() => server.close(true));
  return { url: `http://127.0.0.1:${server.port}`, tunnels };
}

async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function test(
  server: string,
  options: { ca?: string; proxy?: ProxySetting; credentials?: ProxyCredentials } = {},
): Promise<ConnectionTestReport> {
  const ca = options.ca ? [...rootCertificates, options.ca] : undefined;
  const platform = createNodePlatform({
    dataDir: mkdtempSync(join(tmpdir(), 'routed-matrix-conntest-')),
    extraCaPem: options.ca,
    proxy: options.proxy,
    proxyCredentials: options.credentials,
  });
  return runConnectionTest({
    server,
    proxy: options.proxy ?? { mode: 'direct' },
    proxyCredentials: options.credentials ?? null,
    probes: createNodeConnectionProbes({ ca }),
    fetch: platform.fetch,
    clock: systemClock,
    timeoutMs: 5_000,
  });
}

const outcomes = (report: ConnectionTestReport) =>
  Object.fromEntries(report.steps.map((s) => [s.step, s.outcome]));

describe('Test connection', () => {
  it('passes every step against a reachable https homeserver and describes its certificate', async () => {
    const hs = await homeserver();
    const report = await test(hs.baseUrl, { ca: hs.caPem });
    expect(report.failure).toBeNull();
    expect(report.ok).toBe(true);
    expect(outcomes(report)).toEqual({
      dns: 'ok',
      tcp: 'ok',
      proxy: 'skipped',
      tls: 'ok',
      http: 'ok',
    });
    expect(report.certificate).toMatchObject({
      subject: expect.stringContaining('CN=localhost'),
      sha256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
    });
    expect(new Date(report.certificate!.validTo).getTime()).toBeGreaterThan(Date.now());
  });

  it('names a refused port at the TCP step', async () => {
    const port = await closedPort();
    const report = await test(`https://127.0.0.1:${port}`);
    expect(outcomes(report)).toEqual({ dns: 'ok', tcp: 'failed' });
    expect(report.failure).toMatch(
      new RegExp(`127\\.0\\.0\\.1:${port} refused the connection .*ECONNREFUSED`),
    );
  });

  it('names an unknown certificate authority at the TLS step, with the certificate', async () => {
    const trusted = await homeserver();
    const untrusted = await homeserver({ freshCertificate: true });
    const report = await test(untrusted.baseUrl, { ca: trusted.caPem });
    expect(outcomes(report)).toMatchObject({ tcp: 'ok', tls: 'failed' });
    expect(outcomes(report).http).toBeUndefined();
    expect(report.failure).toMatch(/signed by an authority this app does not trust/);
    expect(report.failure).toMatch(/SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    expect(report.certificate?.issuer).toBeTruthy();
  });

  it('names an expired certificate at the TLS step, with its validity dates', async () => {
    const ca = await generate([{ name: 'commonName', value: 'Expired Test CA' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ],
    });
    const expiredAt = new Date(Date.now() - 24 * 3600_000);
    const leaf = await generate([{ name: 'commonName', value: 'expired.test' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notBeforeDate: new Date(Date.now() - 30 * 24 * 3600_000),
      notAfterDate: expiredAt,
      ca: { key: ca.private, cert: ca.cert },
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
      ],
    });
    const server: HttpsServer = createHttpsServer({ key: leaf.private, cert: leaf.cert }, (_q, r) =>
      r.end('{"versions":["v1.11"]}'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const { port } = server.address() as { port: number };
    const report = await test(`https://127.0.0.1:${port}`, { ca: ca.cert });
    expect(outcomes(report)).toMatchObject({ tcp: 'ok', tls: 'failed' });
    expect(report.failure).toMatch(/^The certificate of 127\.0\.0\.1:\d+ has expired\./);
    expect(report.certificate?.subject).toContain('CN=expired.test');
    // The validity the server sent, to the second (X.509 has no milliseconds).
    expect(
      Math.abs(new Date(report.certificate!.validTo).getTime() - expiredAt.getTime()),
    ).toBeLessThan(1000);
  });

  it('goes through a proxy with credentials, step by step', async () => {
    const hs = await homeserver();
    const credentials = { username: 'corp-user', password: 'pw' };
    const proxy = await proxyServer(credentials);
    const report = await test(hs.baseUrl, {
      ca: hs.caPem,
      proxy: { mode: 'manual', url: proxy.url, bypass: [] },
      credentials,
    });
    expect(report.failure).toBeNull();
    expect(outcomes(report)).toEqual({ dns: 'ok', tcp: 'ok', proxy: 'ok', tls: 'ok', http: 'ok' });
    // The proxy step's tunnel and the HTTP step's (the platform's fetch) both went through it.
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(2);
    expect(new Set(proxy.tunnels)).toEqual(new Set([new URL(hs.baseUrl).host]));
  });

  it('names a proxy that refuses the credentials, and one that asks for them', async () => {
    const hs = await homeserver();
    const proxy = await proxyServer({ username: 'corp-user', password: 'right' });
    const setting = { mode: 'manual' as const, url: proxy.url, bypass: [] };
    const wrong = await test(hs.baseUrl, {
      ca: hs.caPem,
      proxy: setting,
      credentials: { username: 'corp-user', password: 'wrong' },
    });
    expect(outcomes(wrong)).toMatchObject({ tcp: 'ok', proxy: 'failed' });
    expect(wrong.failure).toBe(
      `The proxy ${proxy.url} refused the user name and password (HTTP 407).`,
    );
    const none = await test(hs.baseUrl, { ca: hs.caPem, proxy: setting });
    expect(none.failure).toBe(
      `The proxy ${proxy.url} asks for a user name and password (HTTP 407).`,
    );
    expect(proxy.tunnels).toHaveLength(0);
    expect(hs.requests()).toHaveLength(0);
  });

  it('names a wrong proxy (nothing listening) at the TCP step', async () => {
    const hs = await homeserver();
    const port = await closedPort();
    const report = await test(hs.baseUrl, {
      ca: hs.caPem,
      proxy: { mode: 'manual', url: `http://127.0.0.1:${port}`, bypass: [] },
    });
    expect(outcomes(report)).toEqual({ dns: 'ok', tcp: 'failed' });
    expect(report.failure).toMatch(
      new RegExp(`^The proxy http://127\\.0\\.0\\.1:${port} refused the connection`),
    );
    expect(hs.requests()).toHaveLength(0);
  });
});

describe('the testConnection command', () => {
  it('tests the signed-in homeserver through the configured proxy with the sealed credentials', async () => {
    const world = await startWorld({ identityServer: false, tls: true });
    cleanups.push(() => world.close());
    const credentials = { username: 'corp-user', password: 'pw' };
    const proxy = await proxyServer(credentials);
    const setting = { mode: 'manual' as const, url: proxy.url, bypass: [] };
    const dataDir = mkdtempSync(join(tmpdir(), 'routed-matrix-conntest-'));
    // As the Network panel will: the credentials stored sealed, for the proxy's URL.
    new ProxyCredentialStore(createNodePlatform({ dataDir })).save(proxy.url, credentials);
    const app = await startCore({
      dataDir,
      extraCaPem: world.caPem,
      proxy: setting,
      proxyCredentials: credentials,
    });
    cleanups.push(() => app.close());

    const before = await app.core.handlers.testConnection({ server: null }).catch((e) => e);
    expect(before).toMatchObject({ code: 'NO_SERVER' });

    await app.core.handlers.discover({ server: world.hs1.baseUrl });
    await app.core.handlers.loginWithPassword({ identifier: 'alice', password: 'alice-password' });
    const report = await app.core.handlers.testConnection({ server: null });
    expect(report).toMatchObject({
      server: world.hs1.baseUrl,
      proxy: `the proxy ${proxy.url}`,
      ok: true,
      failure: null,
    });
    expect(report.steps.map((s) => `${s.step}:${s.outcome}`)).toEqual([
      'dns:ok',
      'tcp:ok',
      'proxy:ok',
      'tls:ok',
      'http:ok',
    ]);
    expect(JSON.stringify(report)).not.toContain('pw"');
  });
});
