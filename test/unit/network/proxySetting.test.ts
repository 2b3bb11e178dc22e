import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  bypassesProxy,
  proxySettingSchema,
  readProxySetting,
} from '../../../electron/core/net/proxy/proxySetting.js';
import {
  ProxyCredentialStore,
  proxyUrlForChallenge,
} from '../../../electron/core/net/proxy/proxyCredentials.js';
import { testOnlySecretBox } from '../../node-platform/testOnlySecretBox.js';

describe('proxy setting', () => {
  it('accepts the four modes and normalises the proxy URL', () => {
    expect(v.parse(proxySettingSchema, { mode: 'system' })).toEqual({ mode: 'system' });
    expect(v.parse(proxySettingSchema, { mode: 'direct' })).toEqual({ mode: 'direct' });
    expect(
      v.parse(proxySettingSchema, { mode: 'manual', url: 'socks5://proxy.corp:1080' }),
    ).toEqual({
      mode: 'manual',
      url: 'socks5://proxy.corp:1080',
      bypass: [],
    });
    expect(
      v.parse(proxySettingSchema, { mode: 'pac', pac_url: 'https://wpad.corp/proxy.pac' }),
    ).toEqual({ mode: 'pac', pac_url: 'https://wpad.corp/proxy.pac' });
  });

  it('refuses credentials in the URL, unknown schemes and unknown keys', () => {
    for (const bad of [
      { mode: 'manual', url: 'http://user:pw@proxy.corp:3128' },
      { mode: 'manual', url: 'ftp://proxy.corp' },
      { mode: 'direct', url: 'http://proxy.corp' },
      { mode: 'auto' },
    ]) {
      expect(v.safeParse(proxySettingSchema, bad).success).toBe(false);
    }
    // A stored value that is no longer valid falls back to the system's proxy.
    expect(readProxySetting({ mode: 'manual', url: 'ftp://x' })).toEqual({ mode: 'system' });
  });

  it('matches bypass rules as Chromium and NO_PROXY do', () => {
    const u = (s: string) => new URL(s);
    expect(bypassesProxy(['intranet.corp'], u('https://intranet.corp/x'))).toBe(true);
    expect(bypassesProxy(['intranet.corp'], u('https://www.intranet.corp/x'))).toBe(false);
    expect(bypassesProxy(['.corp'], u('https://a.b.corp'))).toBe(true);
    expect(bypassesProxy(['*.corp'], u('https://a.corp'))).toBe(true);
    expect(bypassesProxy(['*.corp'], u('https://acorp'))).toBe(false);
    expect(bypassesProxy(['127.0.0.1:8448'], u('https://127.0.0.1:8448'))).toBe(true);
    expect(bypassesProxy(['127.0.0.1:8448'], u('https://127.0.0.1'))).toBe(false);
    expect(bypassesProxy(['<local>'], u('http://printer/'))).toBe(true);
    expect(bypassesProxy(['<local>'], u('http://printer.corp/'))).toBe(false);
    expect(bypassesProxy(['[::1]'], u('http://[::1]:8008/'))).toBe(true);
    expect(bypassesProxy(['*'], u('https://matrix.org'))).toBe(true);
    expect(bypassesProxy([], u('https://matrix.org'))).toBe(false);
  });
});

describe('proxy credentials', () => {
  const platform = (available = true) => {
    const data = new Map<string, unknown>();
    return {
      data,
      secrets: { ...testOnlySecretBox, isAvailable: () => available },
      settings: {
        get: (k: string) => data.get(k),
        set: (k: string, val: unknown) => void data.set(k, val),
        delete: (k: string) => void data.delete(k),
      },
      log: { info() {}, warn() {}, error() {} },
    };
  };

  it('are stored sealed, per proxy origin, and read back', () => {
    const p = platform();
    const store = new ProxyCredentialStore(p);
    store.save('http://proxy.corp:3128', { username: 'ann', password: 'pa55word' });
    expect(JSON.stringify([...p.data])).not.toContain('pa55word');
    expect(store.load('http://proxy.corp:3128/')).toEqual({
      username: 'ann',
      password: 'pa55word',
    });
    expect(store.load('http://other.corp:3128')).toBeNull();
    store.forget('http://proxy.corp:3128');
    expect(store.load('http://proxy.corp:3128')).toBeNull();
  });

  it('are never stored when the OS offers no encryption', () => {
    const p = platform(false);
    const store = new ProxyCredentialStore(p);
    expect(() => store.save('http://proxy.corp:3128', { username: 'a', password: 'b' })).toThrow(
      /secure storage/,
    );
    expect(p.data.size).toBe(0);
  });
});

describe('which stored credentials answer a proxy challenge', () => {
  it('is the configured manual proxy when host and port match, else that proxy as http', () => {
    const manual = { mode: 'manual' as const, url: 'socks5://proxy.corp:1080', bypass: [] };
    expect(proxyUrlForChallenge(manual, 'proxy.corp', 1080)).toBe('socks5://proxy.corp:1080');
    expect(proxyUrlForChallenge(manual, 'other.corp', 3128)).toBe('http://other.corp:3128');
    expect(proxyUrlForChallenge({ mode: 'system' }, 'proxy.corp', 8080)).toBe(
      'http://proxy.corp:8080',
    );
  });
});
