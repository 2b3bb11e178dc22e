/**
 * The managed configuration as an administrator deploys it: real files in a temporary
 * system/user folder pair plus an explicit file, merged in order, with the system file's locks,
 * and every problem named with its file and key while the valid rest applies.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import fc from 'fast-check';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MANAGED_CONFIG } from '../../../electron/config/managedConfig.js';
import { makeConfigDirs, type ConfigDirs } from './configFiles.js';

let dirs: ConfigDirs;
beforeEach(() => (dirs = makeConfigDirs()));
afterEach(() => dirs.remove());

const portal = (url: string) => ({ 'm.homeserver': { base_url: url } });

describe('sources and precedence', () => {
  it('uses the built-in defaults, with no problem, when no file exists', () => {
    const result = dirs.load();
    expect(result.config).toEqual(DEFAULT_MANAGED_CONFIG);
    expect(result.problems).toEqual([]);
    expect(result.sources).toEqual([]);
    expect([...result.locked]).toEqual([]);
  });

  it('lets the user file override the system file key by key, and the explicit file both', () => {
    dirs.write(dirs.systemFile, {
      default_server_config: portal('https://portal.example.org'),
      disable_custom_urls: true,
      updates: { enabled: false },
    });
    dirs.write(dirs.userFile, {
      default_server_config: portal('https://user.example.org'),
      login_methods: ['sso'],
    });
    const explicit = dirs.write(join(dirs.root, 'explicit.json'), {
      login_methods: ['password'],
    });

    const result = dirs.load({ argv: ['--config', explicit] });

    expect(result.config.default_server_config).toEqual(portal('https://user.example.org'));
    expect(result.config.disable_custom_urls).toBe(true);
    expect(result.config.updates).toEqual({ enabled: false });
    expect(result.config.login_methods).toEqual(['password']);
    expect(result.sources).toEqual([dirs.systemFile, dirs.userFile, explicit]);
    expect(result.problems).toEqual([]);
  });

  it('replaces a whole value rather than merging objects', () => {
    dirs.write(dirs.systemFile, {
      proxy: { mode: 'manual', url: 'http://proxy.corp:3128', bypass: ['*.corp'] },
    });
    dirs.write(dirs.userFile, { proxy: { mode: 'direct' } });

    expect(dirs.load().config.proxy).toEqual({ mode: 'direct' });
  });

  it('reads --config over ROUTED_MATRIX_CONFIG, and only one of them', () => {
    const fromEnv = dirs.write(join(dirs.root, 'env.json'), {
      login_methods: ['oauth'],
      disable_custom_urls: true,
    });
    const fromFlag = dirs.write(join(dirs.root, 'flag.json'), { login_methods: ['sso'] });
    const env = { ROUTED_MATRIX_CONFIG: fromEnv };

    const both = dirs.load({ env, argv: [`--config=${fromFlag}`] });
    expect(both.config.login_methods).toEqual(['sso']);
    expect(both.config.disable_custom_urls).toBe(false);
    expect(both.sources).toEqual([fromFlag]);

    const envOnly = dirs.load({ env });
    expect(envOnly.config.login_methods).toEqual(['oauth']);
    expect(envOnly.sources).toEqual([fromEnv]);
  });

  it('resolves a relative --config path from the working folder', () => {
    dirs.write(join(dirs.root, 'relative.json'), { updates: { enabled: false } });
    expect(dirs.load({ argv: ['--config', 'relative.json'] }).config.updates.enabled).toBe(false);
  });

  it('names an explicit file that does not exist, and --config without a path', () => {
    const missing = join(dirs.root, 'nope.json');
    expect(dirs.load({ env: { ROUTED_MATRIX_CONFIG: missing } }).problems).toEqual([
      {
        path: missing,
        key: null,
        message: 'the file named by ROUTED_MATRIX_CONFIG does not exist',
      },
    ]);
    expect(dirs.load({ argv: ['--config'] }).problems).toEqual([
      { path: '--config', key: null, message: '--config needs a file path' },
    ]);
  });

  it('reads no user file when there is no user folder', () => {
    dirs.write(dirs.userFile, { disable_custom_urls: true });
    const result = dirs.load({ userDataDir: null });
    expect(result.config.disable_custom_urls).toBe(false);
    expect(result.sources).toEqual([]);
  });
});

describe('locks', () => {
  it('keeps a locked key at the system value and names each later attempt to change it', () => {
    dirs.write(dirs.systemFile, {
      locked: ['default_server_config', 'disable_custom_urls'],
      default_server_config: portal('https://portal.example.org'),
      disable_custom_urls: true,
    });
    dirs.write(dirs.userFile, {
      default_server_config: portal('https://elsewhere.example.org'),
      updates: { enabled: false },
    });
    const explicit = dirs.write(join(dirs.root, 'explicit.json'), { disable_custom_urls: false });

    const result = dirs.load({ argv: ['--config', explicit] });

    expect(result.config.default_server_config).toEqual(portal('https://portal.example.org'));
    expect(result.config.disable_custom_urls).toBe(true);
    expect(result.config.updates).toEqual({ enabled: false });
    expect([...result.locked].sort()).toEqual(['default_server_config', 'disable_custom_urls']);
    expect(result.problems).toEqual([
      {
        path: dirs.userFile,
        key: 'default_server_config',
        message: `locked by the administrator (${dirs.systemFile}); this value is ignored`,
      },
      {
        path: explicit,
        key: 'disable_custom_urls',
        message: `locked by the administrator (${dirs.systemFile}); this value is ignored`,
      },
    ]);
  });

  it('locks a key the system file does not set at its built-in default', () => {
    dirs.write(dirs.systemFile, { locked: ['updates'] });
    dirs.write(dirs.userFile, { updates: { enabled: false } });

    const result = dirs.load();
    expect(result.config.updates).toEqual({ enabled: true });
    expect(result.problems.map((p) => p.key)).toEqual(['updates']);
  });

  it('ignores a lock list outside the system file', () => {
    dirs.write(dirs.userFile, { locked: ['updates'], updates: { enabled: false } });
    const explicit = dirs.write(join(dirs.root, 'explicit.json'), { updates: { enabled: true } });

    const result = dirs.load({ argv: ['--config', explicit] });
    expect(result.config.updates).toEqual({ enabled: true });
    expect([...result.locked]).toEqual([]);
    expect(result.problems).toEqual([
      {
        path: dirs.userFile,
        key: 'locked',
        message: 'only the system config file can lock keys; ignored',
      },
    ]);
  });

  it('names lock entries that are not keys and keeps the others', () => {
    dirs.write(dirs.systemFile, { locked: ['proxy', 'no_such_key', 7] });
    const result = dirs.load();
    expect([...result.locked]).toEqual(['proxy']);
    expect(result.problems.map((p) => [p.key, p.message])).toEqual([
      ['locked[1]', '"no_such_key" is not a config key; ignored'],
      ['locked[2]', '7 is not a config key; ignored'],
    ]);
  });
});

describe('invalid files', () => {
  it('names a file that is not JSON and still applies the other files', () => {
    dirs.write(dirs.systemFile, { disable_custom_urls: true });
    dirs.write(dirs.userFile, '{ "updates": { "enabled": false }, }');

    const result = dirs.load();
    expect(result.config.disable_custom_urls).toBe(true);
    expect(result.config.updates).toEqual({ enabled: true });
    expect(result.sources).toEqual([dirs.systemFile]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ path: dirs.userFile, key: null });
    expect(result.problems[0]!.message).toMatch(/^it is not valid JSON \(.+\); the whole file/);
  });

  it('names a JSON file that is not an object', () => {
    dirs.write(dirs.userFile, '["disable_custom_urls"]');
    expect(dirs.load().problems).toEqual([
      {
        path: dirs.userFile,
        key: null,
        message: 'it is not a JSON object; the whole file is ignored',
      },
    ]);
  });

  it('accepts a file saved with a byte-order mark', () => {
    dirs.write(dirs.userFile, '\uFEFF{"disable_custom_urls": true}');
    const result = dirs.load();
    expect(result.config.disable_custom_urls).toBe(true);
    expect(result.problems).toEqual([]);
  });

  it('applies the valid keys of a file whose other keys have wrong values', () => {
    dirs.write(dirs.systemFile, { disable_custom_urls: true, login_methods: ['sso'] });
    dirs.write(dirs.userFile, {
      disable_custom_urls: 'no',
      updates: { enabled: false },
      login_methods: 'password',
    });

    const result = dirs.load();
    expect(result.config.disable_custom_urls).toBe(true);
    expect(result.config.login_methods).toEqual(['sso']);
    expect(result.config.updates).toEqual({ enabled: false });
    expect(result.problems).toEqual([
      {
        path: dirs.userFile,
        key: 'disable_custom_urls',
        message: 'expected boolean, got "no"; "disable_custom_urls" is ignored',
      },
      {
        path: dirs.userFile,
        key: 'login_methods',
        message: 'expected a list, got string "password"; "login_methods" is ignored',
      },
    ]);
  });

  it('names unknown keys and applies the known ones', () => {
    dirs.write(dirs.userFile, { disable_custom_urls: true, default_hs_url: 'https://x.org' });
    const result = dirs.load();
    expect(result.config.disable_custom_urls).toBe(true);
    expect(result.problems).toEqual([
      { path: dirs.userFile, key: 'default_hs_url', message: 'unknown key, ignored' },
    ]);
  });

  it('refuses a server URL the URL policy refuses, keeping the earlier value', () => {
    dirs.write(dirs.systemFile, { default_server_config: portal('https://portal.example.org') });
    dirs.write(dirs.userFile, { default_server_config: portal('http://portal.example.org') });

    const result = dirs.load();
    expect(result.config.default_server_config).toEqual(portal('https://portal.example.org'));
    expect(result.problems).toEqual([
      {
        path: dirs.userFile,
        key: 'default_server_config.m.homeserver.base_url',
        message:
          'this URL is refused: it uses unencrypted http (portal.example.org); https is required; "default_server_config" is ignored',
      },
    ]);
  });

  it('names a config path that is a folder', () => {
    mkdirSync(dirs.userFile);
    expect(dirs.load().problems).toEqual([
      { path: dirs.userFile, key: null, message: 'it is not a file; it is ignored' },
    ]);
  });

  // Root reads any file whatever its mode, so this can only be shown as another user.
  it.skipIf(process.getuid?.() === 0)('names a file it may not read', () => {
    dirs.write(dirs.userFile, { disable_custom_urls: true });
    chmodSync(dirs.userFile, 0o000);
    const result = dirs.load();
    expect(result.config.disable_custom_urls).toBe(false);
    expect(result.problems).toEqual([
      {
        path: dirs.userFile,
        key: null,
        message: 'it cannot be read (EACCES); the whole file is ignored',
      },
    ]);
  });

  it('names a file larger than 1 MiB without reading it', () => {
    dirs.write(dirs.userFile, `{"x": "${'a'.repeat(1024 * 1024)}"}`);
    expect(dirs.load().problems).toEqual([
      {
        path: dirs.userFile,
        key: null,
        message: 'it is larger than 1 MiB; the whole file is ignored',
      },
    ]);
  });
});

describe('never throws', () => {
  const keyNames = [...Object.keys(DEFAULT_MANAGED_CONFIG), 'locked', 'other'];

  it('turns any JSON in any key into applied values or named problems', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...keyNames), fc.jsonValue()),
        fc.dictionary(fc.constantFrom(...keyNames), fc.jsonValue()),
        (system, user) => {
          dirs.write(dirs.systemFile, system);
          dirs.write(dirs.userFile, user);
          const result = dirs.load();
          expect(Object.keys(result.config).sort()).toEqual(
            Object.keys(DEFAULT_MANAGED_CONFIG).sort(),
          );
          for (const problem of result.problems) {
            expect([dirs.systemFile, dirs.userFile]).toContain(problem.path);
            expect(problem.message).toMatch(/\S/);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
