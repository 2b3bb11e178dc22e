/**
 * Main's small lifecycle pieces: the core is disposed before the app quits (and a hung dispose
 * cannot keep it alive), and the admin default identity server is read safely, from the managed
 * config first and APP_DEFAULT_IDENTITY_SERVER last.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyManagedConfig } from '../../electron/config/managedConfig.js';
import { readAppConfig } from '../../electron/config/readAppConfig.js';
import {
  disposeBeforeQuit,
  type QuittableApp,
} from '../../electron/lifecycle/disposeBeforeQuit.js';

const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

function fakeApp() {
  let beforeQuit: (event: { preventDefault(): void }) => void = () => {};
  const quit = vi.fn<() => void>();
  const app: QuittableApp & { quit: typeof quit } = {
    on: (_event, listener) => (beforeQuit = listener),
    quit,
  };
  /** Asks the app to quit; true when the quit went ahead (nothing prevented it). */
  const requestQuit = () => {
    let prevented = false;
    beforeQuit({ preventDefault: () => (prevented = true) });
    return !prevented;
  };
  return { app, requestQuit };
}

afterEach(() => vi.useRealTimers());

describe('dispose before quit', () => {
  it('holds the quit until the core is disposed, then quits once', async () => {
    const { app, requestQuit } = fakeApp();
    let finish: () => void = () => {};
    const dispose = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    disposeBeforeQuit(app, dispose, log);

    expect(requestQuit()).toBe(false);
    expect(requestQuit()).toBe(false);
    expect(dispose).toHaveBeenCalledOnce();
    expect(app.quit).not.toHaveBeenCalled();

    finish();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce(), { timeout: 10_000 });
    expect(requestQuit()).toBe(true);
  });

  it('quits even when dispose fails, logging why', async () => {
    const { app, requestQuit } = fakeApp();
    disposeBeforeQuit(app, async () => Promise.reject(new Error('boom')), log);

    requestQuit();

    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce(), { timeout: 10_000 });
    expect(log.error).toHaveBeenCalledWith('Shutdown failed', { error: 'boom' });
  });

  it('quits after the timeout when dispose hangs', async () => {
    vi.useFakeTimers();
    const { app, requestQuit } = fakeApp();
    disposeBeforeQuit(app, () => new Promise<void>(() => {}), log, 1_000);

    requestQuit();
    await vi.advanceTimersByTimeAsync(999);
    expect(app.quit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(app.quit).toHaveBeenCalledOnce();
  });
});

describe('app config', () => {
  it('has no default identity server unless the admin sets one', () => {
    expect(readAppConfig({}, '1.2.3', log)).toMatchObject({
      appVersion: '1.2.3',
      defaultIdentityServer: null,
    });
  });

  it('takes a valid https default, normalised', () => {
    const config = readAppConfig(
      { APP_DEFAULT_IDENTITY_SERVER: ' https://vector.im/ ' },
      '1.2.3',
      log,
    );
    expect(config.defaultIdentityServer).toBe('https://vector.im');
  });

  it.each(['http://is.example.org', 'javascript:alert(1)', 'file:///etc/passwd', 'nonsense'])(
    'ignores %j with a warning',
    (value) => {
      log.warn.mockClear();
      const config = readAppConfig({ APP_DEFAULT_IDENTITY_SERVER: value }, '1', log);
      expect(config.defaultIdentityServer).toBeNull();
      expect(log.warn).toHaveBeenCalledOnce();
    },
  );

  it('takes the managed config default over APP_DEFAULT_IDENTITY_SERVER', () => {
    const managed = emptyManagedConfig();
    managed.config.default_server_config = {
      'm.identity_server': { base_url: 'https://is.corp.example' },
    };
    const config = readAppConfig(
      { APP_DEFAULT_IDENTITY_SERVER: 'https://vector.im' },
      '1',
      log,
      managed,
    );
    expect(config.defaultIdentityServer).toBe('https://is.corp.example');
    expect(config.managedConfig).toBe(managed);
  });

  it('falls back to APP_DEFAULT_IDENTITY_SERVER when the managed config names none', () => {
    const managed = emptyManagedConfig();
    managed.config.default_server_config = { 'm.homeserver': { base_url: 'https://hs.example' } };
    const config = readAppConfig(
      { APP_DEFAULT_IDENTITY_SERVER: 'https://vector.im' },
      '1',
      log,
      managed,
    );
    expect(config.defaultIdentityServer).toBe('https://vector.im');
  });

  it('logs every managed config problem and passes them on for the UI', () => {
    log.warn.mockClear();
    const managed = emptyManagedConfig();
    const problem = { path: '/etc/routed-matrix/config.json', key: 'proxy', message: 'bad' };
    managed.problems.push(problem);
    const config = readAppConfig({}, '1', log, managed);
    expect(log.warn).toHaveBeenCalledWith('Managed config problem', problem);
    expect(config.managedConfig?.problems).toEqual([problem]);
  });
});
