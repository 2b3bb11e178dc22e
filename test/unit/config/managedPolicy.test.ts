/**
 * The core enforces the administrator's managed configuration (issue 12, item 1): a server other
 * than the locked one, a sign-in method not in login_methods, an identity server not allowed, a
 * locked identity server and a forbidden disable are each refused by the command itself, with
 * words naming the server and the rule, before any request leaves the app (the fetch log stays
 * empty). The config comes from real files through loadManagedConfig.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManagedConfigResult } from '../../../electron/config/managedConfig.js';
import { createAppCore, type AppCoreApi } from '../../../electron/core/AppCore.js';
import { UserFacingError } from '../../../electron/core/UserFacingError.js';
import {
  createNodePlatform,
  createRecordingLogger,
} from '../../node-platform/createNodePlatform.js';
import { makeConfigDirs, type ConfigDirs } from './configFiles.js';

let dirs: ConfigDirs;
let core: AppCoreApi | undefined;
let requests: string[];
beforeEach(() => {
  dirs = makeConfigDirs();
  requests = [];
});
afterEach(async () => {
  await core?.dispose();
  core = undefined;
  dirs.remove();
});

function coreWith(managedConfig: ManagedConfigResult): AppCoreApi {
  const platform = createNodePlatform({
    dataDir: mkdtempSync(join(tmpdir(), 'routed-matrix-policy-')),
    log: createRecordingLogger(),
    wrapFetch: (fetch) => async (input, init) => {
      requests.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    },
  });
  core = createAppCore(platform, {
    appVersion: 'test',
    defaultIdentityServer: null,
    managedConfig,
  });
  return core;
}

async function refusal(promise: Promise<unknown>): Promise<UserFacingError> {
  const error: unknown = await promise.then(
    () => new Error('the command was not refused'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserFacingError);
  return error as UserFacingError;
}

describe('managed configuration in the core', () => {
  it('tells the renderer the default server, the locks, the methods and the problems', async () => {
    dirs.write(dirs.systemFile, {
      default_server_config: { 'm.homeserver': { base_url: 'https://portal.corp.example' } },
      disable_custom_urls: true,
      login_methods: ['sso'],
      allowed_identity_servers: ['https://id.corp.example'],
      allow_disabling_identity_server: false,
      setting_defaults: { 'UIFeature.identityServer': false },
    });
    dirs.write(dirs.userFile, { updates: { enabled: 'no' } });
    const settings = await coreWith(dirs.load()).handlers.managedSettings({});
    expect(settings).toEqual({
      defaultServer: 'https://portal.corp.example',
      serverLocked: true,
      loginMethods: ['sso'],
      identityServer: {
        shown: false,
        locked: false,
        mayDisable: false,
        allowed: ['https://id.corp.example'],
      },
      problems: [
        expect.objectContaining({ path: dirs.userFile, key: 'updates.enabled' }) as unknown,
      ],
    });
  });

  it('with nothing configured, nothing is locked and every method is allowed', async () => {
    const settings = await coreWith(dirs.load()).handlers.managedSettings({});
    expect(settings.serverLocked).toBe(false);
    expect(settings.defaultServer).toBeNull();
    expect(settings.loginMethods).toEqual(['password', 'sso', 'oauth']);
    expect(settings.identityServer).toEqual({
      shown: true,
      locked: false,
      mayDisable: true,
      allowed: null,
    });
  });

  it('refuses another server than the locked one, and sends nothing', async () => {
    dirs.write(dirs.systemFile, {
      default_server_config: { 'm.homeserver': { base_url: 'https://portal.corp.example' } },
      disable_custom_urls: true,
    });
    const error = await refusal(coreWith(dirs.load()).handlers.discover({ server: 'matrix.org' }));
    expect(error.code).toBe('SERVER_NOT_ALLOWED');
    expect(error.message).toContain('matrix.org');
    expect(error.message).toContain('https://portal.corp.example');
    expect(requests).toEqual([]);
  });

  it('refuses password and SSO sign-in when login_methods does not allow them', async () => {
    dirs.write(dirs.systemFile, { login_methods: ['oauth'] });
    const handlers = coreWith(dirs.load()).handlers;
    const password = await refusal(handlers.loginWithPassword({ identifier: 'a', password: 'b' }));
    expect(password.code).toBe('LOGIN_METHOD_NOT_ALLOWED');
    expect(password.message).toMatch(/administrator does not allow password sign-in/);
    const sso = await refusal(handlers.startSso({ providerId: null }));
    expect(sso.code).toBe('LOGIN_METHOD_NOT_ALLOWED');
    expect(sso.message).toMatch(/single sign-on/);
    expect(requests).toEqual([]);
  });

  it('refuses an identity server not in allowed_identity_servers, naming it and the list', async () => {
    dirs.write(dirs.systemFile, { allowed_identity_servers: ['https://id.corp.example'] });
    const handlers = coreWith(dirs.load()).handlers;
    const check = await refusal(handlers.identityCheck({ server: 'vector.im' }));
    expect(check.code).toBe('IDENTITY_SERVER_NOT_ALLOWED');
    expect(check.message).toBe(
      'https://vector.im cannot be used: your administrator allows only these identity servers: https://id.corp.example.',
    );
    const change = await refusal(
      handlers.identityChange({
        url: 'https://vector.im/',
        acceptedPolicyUrls: [],
        acceptNoTerms: true,
      }),
    );
    expect(change.code).toBe('IDENTITY_SERVER_NOT_ALLOWED');
    // An allowed one passes the policy (and is then refused only for want of a session).
    const allowed = await refusal(handlers.identityCheck({ server: 'https://id.corp.example/' }));
    expect(allowed.code).toBe('NOT_SIGNED_IN');
    expect(requests).toEqual([]);
  });

  it('a locked identity server can be neither changed nor disabled', async () => {
    dirs.write(dirs.systemFile, { identity_server_locked: true });
    const handlers = coreWith(dirs.load()).handlers;
    expect((await refusal(handlers.identityCheck({ server: 'id.example' }))).code).toBe(
      'IDENTITY_SERVER_LOCKED',
    );
    expect((await refusal(handlers.identityDisable({}))).code).toBe('IDENTITY_SERVER_LOCKED');
  });

  it('allow_disabling_identity_server false refuses disable', async () => {
    dirs.write(dirs.systemFile, { allow_disabling_identity_server: false });
    const error = await refusal(coreWith(dirs.load()).handlers.identityDisable({}));
    expect(error.code).toBe('IDENTITY_DISABLE_NOT_ALLOWED');
    expect(error.message).toMatch(/administrator does not allow disabling/);
  });
});
