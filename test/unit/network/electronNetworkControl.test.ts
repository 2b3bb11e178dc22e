/**
 * electron/platform/electronNetworkControl.ts against a mocked session: the user's trusted CAs
 * join the administrator's in the verify proc at once (and leave it at once), the old
 * connections are closed, and forgetting a proxy sign-in clears Chromium's auth cache.
 */
import { generate } from 'selfsigned';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ default: {} }));

const { createElectronNetwork } =
  await import('../../../electron/platform/electronNetworkControl.js');
const { ACCEPT, CERT_AUTHORITY_INVALID, USE_CHROMIUM_VERDICT } =
  await import('../../../electron/platform/privateCaTrust.js');

async function privateServer() {
  const ca = await generate([{ name: 'commonName', value: 'Corp CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'basicConstraints', cA: true, critical: true }],
  });
  const leaf = await generate([{ name: 'commonName', value: 'matrix.corp' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'matrix.corp' }] }],
  });
  return { caPem: ca.cert, leafPem: leaf.cert };
}

function fakeSession() {
  let proc: ((request: unknown, callback: (verdict: number) => void) => void) | undefined;
  return {
    setProxy: vi.fn(async () => {}),
    closeAllConnections: vi.fn(async () => {}),
    clearAuthCache: vi.fn(async () => {}),
    setCertificateVerifyProc: vi.fn((next: typeof proc) => void (proc = next)),
    verify(request: unknown): number {
      let verdict = Number.NaN;
      proc!(request, (v) => (verdict = v));
      return verdict;
    },
  };
}

describe('Electron network control', () => {
  it('trusts a CA the user added at once, and stops when it is removed', async () => {
    const { caPem, leafPem } = await privateServer();
    const session = fakeSession();
    const network = createElectronNetwork(session as never, () => []);
    const request = {
      hostname: 'matrix.corp',
      errorCode: CERT_AUTHORITY_INVALID,
      certificate: { data: leafPem, issuerCert: undefined },
    };
    expect(session.verify(request)).toBe(USE_CHROMIUM_VERDICT);
    await network.control.setUserCas([caPem]);
    expect(session.verify(request)).toBe(ACCEPT);
    expect(session.closeAllConnections).toHaveBeenCalledTimes(1);
    await network.control.setUserCas([]);
    expect(session.verify(request)).toBe(USE_CHROMIUM_VERDICT);
    expect(network.trustedCas()).toEqual([]);
  });

  it('keeps the administrator’s CAs next to the user’s', async () => {
    const session = fakeSession();
    const network = createElectronNetwork(session as never, () => ['ADMIN']);
    await network.control.setUserCas(['USER']);
    expect(network.trustedCas()).toEqual(['ADMIN', 'USER']);
  });

  it('forgets a proxy sign-in by clearing the auth cache and closing connections', async () => {
    const session = fakeSession();
    const network = createElectronNetwork(session as never, () => []);
    await network.control.forgetProxyCredentials('http://proxy.corp:3128');
    expect(session.clearAuthCache).toHaveBeenCalled();
    expect(session.closeAllConnections).toHaveBeenCalled();
  });
});
