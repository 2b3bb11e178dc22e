/**
 * The stored session is checked with the same URL policy as a server's answer before its token is
 * decrypted: a settings file edited to point at plain http on another host must not receive the
 * token in clear. The session is refused, forgotten, and the sign-in screen says why.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCoreApi } from '../../electron/core/AppCore.js';
import type { Platform } from '../../electron/core/platform.js';
import { createNodePlatform, createRecordingLogger } from '../node-platform/createNodePlatform.js';

const RECORD_KEY = 'session.record';
const SEALED_KEY = 'session.sealed';

let core: AppCoreApi | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

/** A Node platform on `dataDir` whose network and secret box only record what is asked of them. */
function recordingPlatform(dataDir: string) {
  const base = createNodePlatform({ dataDir, log: createRecordingLogger() });
  const fetched: string[] = [];
  const decrypted: string[] = [];
  const platform: Platform = {
    ...base,
    fetch: async (input) => {
      fetched.push(String(input instanceof Request ? input.url : input));
      throw new TypeError('fetch failed (no network in this test)');
    },
    secrets: {
      ...base.secrets,
      decrypt: (sealed) => {
        decrypted.push(sealed);
        return base.secrets.decrypt(sealed);
      },
    },
  };
  return { platform, fetched, decrypted };
}

/** What a previous run of the app stored, with the URLs under test. */
function storeSession(dataDir: string, urls: { homeserverUrl: string; loginServerUrl: string }) {
  const { settings, secrets } = createNodePlatform({ dataDir, log: createRecordingLogger() });
  settings.set(RECORD_KEY, {
    userId: '@alice:example.org',
    deviceId: 'DEVICE',
    ...urls,
    redirectRejected: null,
    identityDefaults: { login: null, discovery: null },
    loginFlows: { password: true, sso: [], oauth: null, preferOAuth: false },
  });
  settings.set(
    SEALED_KEY,
    secrets.encrypt(
      JSON.stringify({ accessToken: 'syt_secret_token', refreshToken: null, expiresAt: null }),
    ),
  );
}

async function startOn(dataDir: string) {
  const recording = recordingPlatform(dataDir);
  core = createAppCore(recording.platform, { appVersion: 'test', defaultIdentityServer: null });
  await core.start();
  const { session } = await core.handlers.getState({});
  return { ...recording, session };
}

describe('restoring a stored session runs the URL policy again', () => {
  it.each([
    {
      field: 'homeserverUrl',
      urls: { homeserverUrl: 'http://evil.example', loginServerUrl: 'https://portal.example' },
      refused: 'http://evil.example',
    },
    {
      field: 'loginServerUrl',
      urls: { homeserverUrl: 'https://matrix.example', loginServerUrl: 'http://evil.example' },
      refused: 'http://evil.example',
    },
    {
      field: 'homeserverUrl (a javascript: URL)',
      urls: {
        homeserverUrl: 'javascript:alert(1)',
        loginServerUrl: 'https://portal.example',
      },
      refused: 'javascript:alert(1)',
    },
  ])('refuses a $field that is not a secure address', async ({ urls, refused }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'routed-matrix-restore-'));
    storeSession(dataDir, urls);

    const { session, fetched, decrypted, platform } = await startOn(dataDir);

    expect(session).toMatchObject({
      status: 'signedOut',
      notice: {
        code: 'UNSAFE_STORED_SESSION',
        message: expect.stringContaining(`The saved session pointed at ${refused}`),
      },
    });
    expect(session.status === 'signedOut' && session.notice?.message).toMatch(/Sign in again/);
    // start() has returned with the session refused: the token was never opened nor sent.
    expect(decrypted).toEqual([]);
    expect(fetched).toEqual([]);
    // And the refused session is forgotten, so the next start is a plain sign-in screen.
    expect(platform.settings.get(RECORD_KEY)).toBeUndefined();
    expect(platform.settings.get(SEALED_KEY)).toBeUndefined();
  });

  it('restores an https session as before (the recording above would have seen it)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'routed-matrix-restore-'));
    storeSession(dataDir, {
      homeserverUrl: 'https://matrix.example',
      loginServerUrl: 'https://portal.example',
    });

    const { session, decrypted, fetched } = await startOn(dataDir);

    expect(session).toMatchObject({ status: 'signedIn', homeserverUrl: 'https://matrix.example' });
    expect(decrypted).toHaveLength(1);
    await expect
      .poll(() => fetched.some((url) => url.startsWith('https://matrix.example/')))
      .toBe(true);
  });
});
