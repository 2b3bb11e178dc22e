/**
 * Each key of the managed config on its own: what an administrator may write, what comes out
 * (normalised), and how a wrong value is named. URLs follow the app's URL policy; lists of
 * equals drop a wrong entry and keep the rest.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_READERS } from '../../../electron/config/managedConfigSchema.js';
import type { ManagedConfigKey } from '../../../electron/config/managedConfig.js';
import { tlsMaterialFor } from '../../fixtures/shared/tlsMaterial.js';
import { makeConfigDirs, type ConfigDirs } from './configFiles.js';

let dirs: ConfigDirs;
let caPem: string;
let otherCaPem: string;
beforeAll(async () => {
  dirs = makeConfigDirs();
  caPem = (await tlsMaterialFor({ freshCertificate: true })!).caPem;
  otherCaPem = (await tlsMaterialFor({ freshCertificate: true })!).caPem;
});
afterAll(() => dirs.remove());

function read<K extends ManagedConfigKey>(key: K, value: unknown) {
  return KEY_READERS[key](value, key, { configDir: dirs.systemDir });
}

const messages = (problems: { key: string; message: string }[]) =>
  problems.map((p) => `${p.key}: ${p.message}`);

describe('default_server_config', () => {
  it('takes a base URL and an identity server, normalised', () => {
    expect(
      read('default_server_config', {
        'm.homeserver': { base_url: 'https://portal.example.org/', server_name: 'example.org' },
        'm.identity_server': { base_url: 'https://vector.im//' },
      }),
    ).toEqual({
      value: {
        'm.homeserver': { base_url: 'https://portal.example.org', server_name: 'example.org' },
        'm.identity_server': { base_url: 'https://vector.im' },
      },
      problems: [],
    });
  });

  it('takes a server name alone, to discover', () => {
    expect(
      read('default_server_config', { 'm.homeserver': { server_name: 'example.org:8448' } }),
    ).toMatchObject({ value: { 'm.homeserver': { server_name: 'example.org:8448' } } });
  });

  it('needs a base URL or a server name for the homeserver', () => {
    const result = read('default_server_config', { 'm.homeserver': {} });
    expect(result.value).toBeUndefined();
    expect(messages(result.problems)).toEqual([
      'default_server_config.m.homeserver: needs "base_url" or "server_name"; "default_server_config" is ignored',
    ]);
  });

  it.each([
    ['javascript:alert(1)', 'it uses javascript: where https: is required'],
    ['file:///etc/passwd', 'it uses file: where https: is required'],
    ['https://user:pw@is.example.org', 'it contains a user name or password'],
    ['https://is.example.org/?a=1', 'it contains a query or fragment'],
  ])('refuses the identity server %j', (url, reason) => {
    const result = read('default_server_config', { 'm.identity_server': { base_url: url } });
    expect(result.value).toBeUndefined();
    expect(messages(result.problems)).toEqual([
      `default_server_config.m.identity_server.base_url: this URL is refused: ${reason}; "default_server_config" is ignored`,
    ]);
  });

  it('refuses a server name that is not one', () => {
    const result = read('default_server_config', { 'm.homeserver': { server_name: 'a b/c' } });
    expect(result.value).toBeUndefined();
    expect(result.problems[0]!.message).toMatch(/"a b\/c" is not a server name/);
  });

  it('names an unknown key inside it', () => {
    const result = read('default_server_config', {
      'm.homeserver': { base_url: 'https://hs.example.org', baseurl: 'x' },
    });
    expect(result.value).toBeUndefined();
    expect(messages(result.problems)).toEqual([
      'default_server_config.m.homeserver.baseurl: unknown key; the whole "default_server_config" is ignored',
    ]);
  });
});

describe('Element keys', () => {
  it('takes sso_redirect_options and refuses a wrong type in it', () => {
    expect(read('sso_redirect_options', { immediate: true, on_login_page: false }).value).toEqual({
      immediate: true,
      on_login_page: false,
    });
    expect(messages(read('sso_redirect_options', { immediate: 'yes' }).problems)).toEqual([
      'sso_redirect_options.immediate: expected boolean, got "yes"; "sso_redirect_options" is ignored',
    ]);
  });

  it('keeps an OIDC issuer exactly as written, and refuses an http one', () => {
    expect(
      read('oidc_static_clients', { 'https://auth.example.org/': { client_id: 'routed' } }).value,
    ).toEqual({ 'https://auth.example.org/': { client_id: 'routed' } });

    const refused = read('oidc_static_clients', { 'http://auth.example.org/': { client_id: 'x' } });
    expect(refused.value).toBeUndefined();
    expect(refused.problems[0]!.message).toContain(
      'issuer "http://auth.example.org/" is refused: it uses unencrypted http',
    );
  });

  it('needs a client_id per issuer', () => {
    const result = read('oidc_static_clients', { 'https://auth.example.org/': {} });
    expect(result.value).toBeUndefined();
    expect(result.problems[0]!.message).toMatch(/^missing; /);
  });

  it('applies UIFeature.identityServer and names settings it does not know', () => {
    const result = read('setting_defaults', {
      'UIFeature.identityServer': false,
      'UIFeature.voip': false,
    });
    expect(result.value).toEqual({ 'UIFeature.identityServer': false });
    expect(messages(result.problems)).toEqual([
      'setting_defaults.UIFeature.voip: unknown setting, ignored',
    ]);
    expect(messages(read('setting_defaults', { 'UIFeature.identityServer': 0 }).problems)).toEqual([
      'setting_defaults.UIFeature.identityServer: expected true or false, got 0',
    ]);
  });
});

describe('sign-in methods and identity servers', () => {
  it('drops an unknown sign-in method and keeps the others, once each', () => {
    const result = read('login_methods', ['password', 'magic', 'sso', 'sso']);
    expect(result.value).toEqual(['password', 'sso']);
    expect(messages(result.problems)).toEqual([
      'login_methods[1]: "magic" is not one of password, sso, oauth; entry ignored',
    ]);
  });

  it('ignores a list that leaves no sign-in method', () => {
    const result = read('login_methods', []);
    expect(result.value).toBeUndefined();
    expect(messages(result.problems)).toEqual([
      'login_methods: no usable entry; "login_methods" is ignored',
    ]);
  });

  it('keeps the allowed identity servers that pass the URL policy', () => {
    const result = read('allowed_identity_servers', [
      'https://vector.im/',
      'http://is.example.org',
      42,
    ]);
    expect(result.value).toEqual(['https://vector.im']);
    expect(messages(result.problems)).toEqual([
      'allowed_identity_servers[1]: this URL is refused: it uses unencrypted http (is.example.org); https is required; entry ignored',
      'allowed_identity_servers[2]: this URL is refused: it is not a URL; entry ignored',
    ]);
  });

  it('takes an empty allow-list: no identity server may be chosen', () => {
    expect(read('allowed_identity_servers', [])).toEqual({ value: [], problems: [] });
  });

  it('takes the identity-server switches as booleans only', () => {
    expect(read('identity_server_locked', true).value).toBe(true);
    expect(read('allow_disabling_identity_server', false).value).toBe(false);
    expect(read('identity_server_locked', 'true').value).toBeUndefined();
  });
});

describe('proxy', () => {
  it.each([{ mode: 'system' }, { mode: 'direct' }])('takes %j', (proxy) => {
    expect(read('proxy', proxy)).toEqual({ value: proxy, problems: [] });
  });

  it('takes a manual proxy, normalised, with an optional bypass list', () => {
    expect(read('proxy', { mode: 'manual', url: 'socks5://proxy.corp:1080' }).value).toEqual({
      mode: 'manual',
      url: 'socks5://proxy.corp:1080',
      bypass: [],
    });
    expect(
      read('proxy', { mode: 'manual', url: 'HTTP://Proxy.Corp:3128/', bypass: ['*.corp'] }).value,
    ).toEqual({ mode: 'manual', url: 'http://proxy.corp:3128', bypass: ['*.corp'] });
  });

  it.each([
    ['ftp://proxy.corp:21', 'it uses ftp: where http:, https: or socks5: is needed'],
    [
      'http://me:secret@proxy.corp:3128',
      'it contains a user name or password; the app asks for proxy credentials itself',
    ],
    ['http://proxy.corp:3128/path', 'a proxy URL has no path, query or fragment'],
    ['proxy.corp:3128', 'it uses proxy.corp: where http:, https: or socks5: is needed'],
  ])('refuses the proxy URL %j', (url, reason) => {
    const result = read('proxy', { mode: 'manual', url });
    expect(result.value).toBeUndefined();
    expect(messages(result.problems)).toEqual([
      `proxy.url: this proxy URL is refused: ${reason}; "proxy" is ignored`,
    ]);
  });

  it('takes an https PAC URL and refuses a plain-http one', () => {
    expect(read('proxy', { mode: 'pac', pac_url: 'https://wpad.corp/proxy.pac' }).value).toEqual({
      mode: 'pac',
      pac_url: 'https://wpad.corp/proxy.pac',
    });
    const refused = read('proxy', { mode: 'pac', pac_url: 'http://wpad.corp/proxy.pac' });
    expect(refused.value).toBeUndefined();
    expect(refused.problems[0]!.key).toBe('proxy.pac_url');
  });

  it('names an unknown mode and a missing URL', () => {
    expect(messages(read('proxy', { mode: 'auto' }).problems)).toEqual([
      'proxy.mode: expected ("system" | "direct" | "manual" | "pac"), got "auto"; "proxy" is ignored',
    ]);
    expect(messages(read('proxy', {}).problems)).toEqual([
      'proxy.mode: missing (expected ("system" | "direct" | "manual" | "pac")); "proxy" is ignored',
    ]);
    expect(messages(read('proxy', { mode: 'manual' }).problems)).toEqual([
      'proxy.url: missing; "proxy" is ignored',
    ]);
  });
});

describe('extra_ca_certificates', () => {
  it('takes PEM text and files (relative to the config file), one certificate each', () => {
    writeFileSync(join(dirs.systemDir, 'bundle.pem'), `${caPem}\n${otherCaPem}`);
    const result = read('extra_ca_certificates', [caPem, 'bundle.pem']);
    expect(result.problems).toEqual([]);
    // The bundle's first certificate is the inline one: kept once.
    expect(result.value).toHaveLength(2);
    expect(result.value!.map((pem) => pem.trim())).toEqual([caPem.trim(), otherCaPem.trim()]);
  });

  it('drops a missing file, a broken certificate and a non-string, keeping the good one', () => {
    const missing = join(dirs.systemDir, 'missing.pem');
    const broken = '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----';
    const result = read('extra_ca_certificates', [missing, broken, caPem, { pem: caPem }]);
    expect(result.value!.map((pem) => pem.trim())).toEqual([caPem.trim()]);
    expect(messages(result.problems)).toEqual([
      `extra_ca_certificates[0]: ${missing} cannot be read (ENOENT); entry ignored`,
      'extra_ca_certificates[1]: certificate 1 in the PEM text cannot be parsed; entry ignored',
      'extra_ca_certificates[3]: expected PEM text or a file path, got an object; entry ignored',
    ]);
  });

  it('does not read a device or a folder as a certificate file', () => {
    expect(messages(read('extra_ca_certificates', ['/dev/zero', dirs.systemDir]).problems)).toEqual(
      [
        'extra_ca_certificates[0]: /dev/zero is not a file; entry ignored',
        `extra_ca_certificates[1]: ${dirs.systemDir} is not a file; entry ignored`,
      ],
    );
  });

  it('names a file with no certificate in it', () => {
    const file = join(dirs.systemDir, 'empty.pem');
    writeFileSync(file, 'hello');
    expect(messages(read('extra_ca_certificates', [file]).problems)).toEqual([
      `extra_ca_certificates[0]: ${file} holds no PEM certificate; entry ignored`,
    ]);
  });
});

describe('updates', () => {
  it('takes enabled true or false and nothing else', () => {
    expect(read('updates', { enabled: false }).value).toEqual({ enabled: false });
    expect(messages(read('updates', { enabled: 'no' }).problems)).toEqual([
      'updates.enabled: expected boolean, got "no"; "updates" is ignored',
    ]);
    expect(messages(read('updates', {}).problems)).toEqual([
      'updates.enabled: missing; "updates" is ignored',
    ]);
  });
});
