/**
 * "Trust this certificate authority" (issue 12): a homeserver whose certificate comes from a
 * private CA it sends along is refused; Test connection offers to trust the issuer; the check
 * shows the CA the server sent (subject, SHA-256); trusting it lets sign-in succeed at once (and
 * after a restart); removing it makes the next connection fail again.
 */
import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startHomeserver, type Homeserver } from '../fixtures/index.js';
import { startCore, type CoreUnderTest } from './support.js';

let server: Homeserver | undefined;
let app: CoreUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  await server?.close();
  app = server = undefined;
});

const alice = { localpart: 'alice', password: 'alice-pw' };
const UNTRUSTED = /TLS certificate is not trusted .*certificate authority/;

describe('trusting a certificate authority the server sends', () => {
  it('trusting the private CA lets sign-in succeed, and removing it makes it fail again', async () => {
    server = await startHomeserver({
      tls: { freshCertificate: true, sendRoot: true },
      users: [alice],
    });
    const ca = new X509Certificate(server.caPem!);
    app = await startCore();
    await expect(app.core.handlers.discover({ server: server.baseUrl })).rejects.toThrow(UNTRUSTED);

    const report = await app.core.handlers.testConnection({ server: server.baseUrl });
    expect(report).toMatchObject({ ok: false, canTrustIssuer: true });
    const host = new URL(server.baseUrl).host;
    const candidate = await app.core.handlers.trustCaCheck({ server: server.baseUrl });
    expect(candidate).toMatchObject({
      server: host,
      subject: 'CN=Routed Matrix Test CA',
      sha256: ca.fingerprint256,
    });

    const trusted = await app.core.handlers.trustCa({ sha256: candidate.sha256 });
    expect(trusted.trustedCas).toEqual([expect.objectContaining({ sha256: ca.fingerprint256 })]);
    await app.core.handlers.discover({ server: server.baseUrl });
    const state = await app.core.handlers.loginWithPassword({
      identifier: 'alice',
      password: 'alice-pw',
    });
    expect(state).toMatchObject({ status: 'signedIn', homeserverUrl: server.baseUrl });
    await app.core.handlers.signOut({});

    // Kept across a restart.
    app = await app.restart();
    await app.core.handlers.discover({ server: server.baseUrl });

    const removed = await app.core.handlers.untrustCa({ sha256: ca.fingerprint256 });
    expect(removed.trustedCas).toEqual([]);
    const requestsBefore = server.requests().length;
    await expect(app.core.handlers.discover({ server: server.baseUrl })).rejects.toThrow(UNTRUSTED);
    // Refused at the handshake: no request reached the server.
    expect(server.requests()).toHaveLength(requestsBefore);
  });

  it('says that a server which does not send its root CA cannot be trusted this way', async () => {
    server = await startHomeserver({ tls: { freshCertificate: true }, users: [alice] });
    app = await startCore();
    await expect(app.core.handlers.trustCaCheck({ server: server.baseUrl })).rejects.toMatchObject({
      code: 'ROOT_NOT_SENT',
      message: expect.stringContaining(
        'does not send the certificate authority at the top of its chain (CN=Routed Matrix Test CA)',
      ) as unknown,
    });
    expect((await app.core.handlers.networkSettings({})).trustedCas).toEqual([]);
  });

  it('trusts only a CA it offered: a fingerprint from elsewhere is refused', async () => {
    server = await startHomeserver({
      tls: { freshCertificate: true, sendRoot: true },
      users: [alice],
    });
    app = await startCore();
    const other = new X509Certificate(server.caPem!).fingerprint256;
    await expect(app.core.handlers.trustCa({ sha256: other })).rejects.toMatchObject({
      code: 'NOT_OFFERED',
    });
    await expect(app.core.handlers.discover({ server: server.baseUrl })).rejects.toThrow(UNTRUSTED);
  });

  it('offers nothing for a certificate that is already trusted', async () => {
    server = await startHomeserver({ tls: { sendRoot: true }, users: [alice] });
    app = await startCore({ extraCaPem: server.caPem });
    const report = await app.core.handlers.testConnection({ server: server.baseUrl });
    expect(report).toMatchObject({ ok: true, canTrustIssuer: false });
    await expect(app.core.handlers.trustCaCheck({ server: server.baseUrl })).rejects.toMatchObject({
      code: 'ALREADY_TRUSTED',
    });
  });
});
