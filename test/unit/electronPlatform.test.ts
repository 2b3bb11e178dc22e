/**
 * electron/platform/ against a mocked 'electron' (the binary is not needed, and the mock is the
 * only way these files are ever loaded in tests): the secret box really goes through safeStorage,
 * refuses when the OS offers no real encryption, and openExternal hands the OS http(s) only.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHomeserver } from '../fixtures/index.js';

const electron = vi.hoisted(() => {
  /** A reversible stand-in for OS encryption that is visibly not the plain text. */
  const seal = (plain: string) => Buffer.from(`sealed:${[...plain].reverse().join('')}`, 'utf8');
  const unseal = (sealed: Buffer) => {
    const text = sealed.toString('utf8');
    if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext');
    return [...text.slice('sealed:'.length)].reverse().join('');
  };
  return {
    safeStorage: {
      isEncryptionAvailable: vi.fn(() => true),
      getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
      encryptString: vi.fn((plain: string) => seal(plain)),
      decryptString: vi.fn((sealed: Buffer) => unseal(sealed)),
    },
    shell: { openExternal: vi.fn(async () => {}) },
    net: { fetch: vi.fn(async () => new Response('ok')) },
    // userData is the temporary settings directory below (read when a store is created).
    app: {
      getPath: vi.fn((name: string) =>
        name === 'downloads' ? '/home/u/Downloads' : settingsDir.path,
      ),
    },
    dialog: {
      showSaveDialog: vi.fn(
        async (..._args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> => ({
          canceled: true,
        }),
      ),
    },
    BrowserWindow: { getFocusedWindow: vi.fn(() => null) },
  };
});

vi.mock('electron', () => ({ ...electron, default: electron }));

/**
 * electron-store is conf plus Electron's userData path. Mock it as conf itself on a temporary
 * directory, so the settings adapter runs against the real storage engine.
 */
const settingsDir = vi.hoisted(() => ({ path: '' }));
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  class ConfInTempDir extends Conf<Record<string, unknown>> {
    constructor(options: { name: string } & Record<string, unknown>) {
      const { name, ...rest } = options;
      super({ ...rest, configName: name, cwd: settingsDir.path, projectName: 'routed-matrix' });
    }
  }
  return { default: ConfInTempDir };
});

const { createSafeStorageSecretBox } = await import('../../electron/platform/secretBox.js');
const { openExternal } = await import('../../electron/platform/openExternal.js');
const { netFetch } = await import('../../electron/platform/netFetch.js');
const { createElectronSettingsStore } = await import('../../electron/platform/settingsStore.js');
const { createElectronPlatform } = await import('../../electron/platform/index.js');
const { chooseSavePath } = await import('../../electron/platform/chooseSavePath.js');

beforeEach(() => {
  vi.clearAllMocks();
  electron.safeStorage.isEncryptionAvailable.mockReturnValue(true);
  electron.safeStorage.getSelectedStorageBackend.mockReturnValue('gnome_libsecret');
});

describe('secret box on safeStorage', () => {
  it('round-trips a secret through safeStorage as base64 text', () => {
    const box = createSafeStorageSecretBox('linux');
    const secret = '{"accessToken":"syt_secret_token"}';

    const sealed = box.encrypt(secret);

    expect(box.isAvailable()).toBe(true);
    expect(electron.safeStorage.encryptString).toHaveBeenCalledWith(secret);
    expect(sealed).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(sealed).not.toContain('syt_secret_token');
    expect(Buffer.from(sealed, 'base64').toString('utf8')).not.toContain('syt_secret_token');
    expect(box.decrypt(sealed)).toBe(secret);
    expect(electron.safeStorage.decryptString).toHaveBeenCalledOnce();
  });

  it('refuses to seal or open anything when encryption is unavailable', () => {
    const box = createSafeStorageSecretBox('linux');
    const sealed = box.encrypt('token');
    electron.safeStorage.isEncryptionAvailable.mockReturnValue(false);

    expect(box.isAvailable()).toBe(false);
    expect(() => box.encrypt('token')).toThrow(/not available/);
    expect(() => box.decrypt(sealed)).toThrow(/not available/);
    expect(electron.safeStorage.encryptString).toHaveBeenCalledTimes(1);
    expect(electron.safeStorage.decryptString).not.toHaveBeenCalled();
  });

  it("counts Linux's basic_text backend (a hard-coded key) as unavailable", () => {
    electron.safeStorage.getSelectedStorageBackend.mockReturnValue('basic_text');
    const box = createSafeStorageSecretBox('linux');

    expect(box.isAvailable()).toBe(false);
    expect(() => box.encrypt('token')).toThrow(/not available/);
    expect(electron.safeStorage.encryptString).not.toHaveBeenCalled();
  });

  it('asks for the Linux backend only on Linux', () => {
    const box = createSafeStorageSecretBox('darwin');

    expect(box.isAvailable()).toBe(true);
    expect(electron.safeStorage.getSelectedStorageBackend).not.toHaveBeenCalled();
  });

  it('lets a failed decryption (another machine, another key) surface as an error', () => {
    const box = createSafeStorageSecretBox('win32');

    expect(() => box.decrypt(Buffer.from('garbage').toString('base64'))).toThrow(/decrypting/);
  });
});

describe('openExternal', () => {
  it.each(['https://sso.example.org/login?x=1', 'http://127.0.0.1:8008/_matrix/client'])(
    'hands %s to the OS',
    async (url) => {
      await openExternal(url);
      expect(electron.shell.openExternal).toHaveBeenCalledWith(url);
    },
  );

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://attacker.example/share',
    'ms-msdt:/id PCWDiagnostic',
    'element://vector/webapp',
    'not a url',
    '',
  ])('refuses %j without asking the OS', async (url) => {
    await expect(openExternal(url)).rejects.toThrow(/http/);
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('fetch on net.fetch', () => {
  it('sends requests through Electron net, passing URL objects as strings', async () => {
    const init = { method: 'POST', body: '{}' };

    await netFetch(new URL('https://matrix.example.org/_matrix/client/versions'), init);
    await netFetch('https://matrix.example.org/a');

    expect(electron.net.fetch).toHaveBeenNthCalledWith(
      1,
      'https://matrix.example.org/_matrix/client/versions',
      init,
    );
    expect(electron.net.fetch).toHaveBeenNthCalledWith(
      2,
      'https://matrix.example.org/a',
      undefined,
    );
  });
});

describe('settings on electron-store', () => {
  beforeEach(() => {
    settingsDir.path = mkdtempSync(join(tmpdir(), 'routed-matrix-settings-'));
  });
  afterEach(() => rmSync(settingsDir.path, { recursive: true, force: true }));

  it('keeps dotted keys as flat keys and survives a restart', () => {
    const settings = createElectronSettingsStore('settings');
    settings.set('session.record', { userId: '@alice:example.org' });
    settings.set('session.sealed', 'c2VhbGVk');

    const onDisk = JSON.parse(readFileSync(join(settingsDir.path, 'settings.json'), 'utf8'));
    expect(Object.keys(onDisk).sort()).toEqual(['session.record', 'session.sealed']);

    const afterRestart = createElectronSettingsStore('settings');
    expect(afterRestart.get('session.record')).toEqual({ userId: '@alice:example.org' });
    afterRestart.delete('session.sealed');
    expect(afterRestart.get('session.sealed')).toBeUndefined();
    expect(afterRestart.get('session.record')).toEqual({ userId: '@alice:example.org' });
  });

  it("keeps the encryption store in userData, beside the settings (the core's dataDir)", () => {
    expect(createElectronPlatform().dataDir).toBe(settingsDir.path);
  });

  it('asks where to save a download in the save dialog, from Downloads, and says a cancel', async () => {
    electron.dialog.showSaveDialog.mockResolvedValueOnce({
      canceled: false,
      filePath: '/home/u/Documents/report.pdf',
    });
    expect(await createElectronPlatform().chooseSavePath!('report.pdf')).toBe(
      '/home/u/Documents/report.pdf',
    );
    expect(electron.dialog.showSaveDialog).toHaveBeenCalledWith({
      defaultPath: join('/home/u/Downloads', 'report.pdf'),
    });
    expect(await chooseSavePath('report.pdf')).toBeNull();
  });

  it('treats storing undefined as removing the key', () => {
    const settings = createElectronSettingsStore('settings');
    settings.set('key', 'value');

    settings.set('key', undefined);

    expect(settings.get('key')).toBeUndefined();
  });
});

describe('settings file that cannot be read at start', () => {
  beforeEach(() => {
    settingsDir.path = mkdtempSync(join(tmpdir(), 'routed-matrix-settings-'));
  });
  afterEach(() => rmSync(settingsDir.path, { recursive: true, force: true }));

  it.each([
    ['truncated', '{"session.record": {"userId": "@alice:exa', /not valid JSON/],
    ['empty', '', /empty/],
    ['not settings', '[1, 2, 3]', /did not hold settings/],
  ])('a %s file is reset and reported, and the store works', (_what, content, reason) => {
    const file = join(settingsDir.path, 'settings.json');
    writeFileSync(file, content);

    const settings = createElectronSettingsStore('settings');

    expect(settings.resetAtStart).toEqual({ file, reason: expect.stringMatching(reason) });
    expect(settings.get('session.record')).toBeUndefined();
    settings.set('session.record', { userId: '@alice:example.org' });
    expect(createElectronSettingsStore('settings').get('session.record')).toEqual({
      userId: '@alice:example.org',
    });
  });

  it('reports nothing for a good file or no file at all', () => {
    expect(createElectronSettingsStore('settings').resetAtStart).toBeNull();
    createElectronSettingsStore('settings').set('k', 'v');
    const again = createElectronSettingsStore('settings');
    expect(again.resetAtStart).toBeNull();
    expect(again.get('k')).toBe('v');
  });
});

describe('Test connection probes and the managed extra CAs', () => {
  it('trust a server signed by a private CA once the managed list (read live) holds it', async () => {
    settingsDir.path = mkdtempSync(join(tmpdir(), 'routed-matrix-probes-'));
    const server = await startHomeserver({ tls: { freshCertificate: true } });
    try {
      let extraCaPems: string[] = [];
      const { connectionProbes } = createElectronPlatform({ extraCaPems: () => extraCaPems });
      if (!connectionProbes) throw new Error('the Electron platform has no connection probes');
      const handshake = async () => {
        const socket = await connectionProbes.openTcp(
          '127.0.0.1',
          Number(new URL(server.baseUrl).port),
        );
        try {
          return await connectionProbes.tls(socket, 'localhost');
        } finally {
          socket.close();
        }
      };
      expect(await handshake()).toMatchObject({
        trusted: false,
        problem: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      });
      extraCaPems = [server.caPem!];
      expect(await handshake()).toMatchObject({ trusted: true, problem: null });
    } finally {
      await server.close();
      rmSync(settingsDir.path, { recursive: true, force: true });
    }
  });
});
