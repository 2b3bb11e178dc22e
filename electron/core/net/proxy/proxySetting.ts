/**
 * The proxy the app's own traffic goes through: one setting for Electron (Chromium's
 * session.setProxy, electron/platform/electronProxy.ts) and the Node platform (undici,
 * test/node-platform/proxyDispatcher.ts), so what the tests prove through a real proxy is what
 * the app does. Its sources are the managed configuration (its `proxy` key has this shape) and
 * the user's own choice in Settings → Network, stored as the same value and validated with the
 * same schema (ProxyPreference.ts: the managed one wins when the administrator locked it).
 *
 * Proxy credentials never live in the URL (checkProxyUrl refuses userinfo: the managed file is
 * readable by every user); the user is asked for them (ProxyAuthBroker.ts) and they are kept
 * apart, sealed when remembered (proxyCredentials.ts).
 */
import * as v from 'valibot';
import type { ProxyConfig } from '../../../config/managedConfig.js';
import { checkProxyUrl } from '../../../config/proxyUrl.js';
import { checkBaseUrl } from '../urlPolicy.js';

export type ProxySetting = ProxyConfig;
export type ProxyMode = ProxySetting['mode'];

export const DEFAULT_PROXY_SETTING: ProxySetting = { mode: 'system' };

const MAX_BYPASS_ENTRIES = 100;

const proxyUrl = v.pipe(
  v.string(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const verdict = checkProxyUrl(dataset.value);
    if (verdict.ok) return verdict.url;
    addIssue({ message: `this proxy URL is refused: ${verdict.reason}` });
    return NEVER;
  }),
);

const pacUrl = v.pipe(
  v.string(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const verdict = checkBaseUrl(dataset.value);
    if (verdict.ok) return verdict.url;
    addIssue({ message: `this PAC URL is refused: ${verdict.reason}` });
    return NEVER;
  }),
);

const bypassEntry = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(512));

/** The setting as it may come from a file, a settings store or the renderer. */
export const proxySettingSchema = v.variant('mode', [
  v.strictObject({ mode: v.literal('system') }),
  v.strictObject({ mode: v.literal('direct') }),
  v.strictObject({
    mode: v.literal('manual'),
    url: proxyUrl,
    bypass: v.optional(v.pipe(v.array(bypassEntry), v.maxLength(MAX_BYPASS_ENTRIES)), []),
  }),
  v.strictObject({ mode: v.literal('pac'), pac_url: pacUrl }),
]);

/** A stored or received value, or the default when it is absent or not valid any more. */
export function readProxySetting(raw: unknown): ProxySetting {
  const parsed = v.safeParse(proxySettingSchema, raw);
  return parsed.success ? parsed.output : DEFAULT_PROXY_SETTING;
}

/** The proxy in words for messages: "the proxy http://proxy.corp:3128". */
export function describeProxy(setting: ProxySetting): string {
  switch (setting.mode) {
    case 'system':
      return 'the system proxy settings';
    case 'direct':
      return 'no proxy';
    case 'manual':
      return `the proxy ${setting.url}`;
    case 'pac':
      return `the proxy script ${setting.pac_url}`;
  }
}

/**
 * Whether `target` goes direct under a bypass list, with the rules both Chromium and the
 * NO_PROXY convention agree on: `*` (everything), a host name (`intranet.corp`), a domain
 * suffix (`.corp` or `*.corp`: its subdomains), an optional `:port`, and `<local>` (names
 * without a dot). IP ranges (CIDR) are Chromium-only and are not matched here.
 */
export function bypassesProxy(bypass: readonly string[], target: URL): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return bypass.some((raw) => {
    const rule = raw
      .trim()
      .toLowerCase()
      .replace(/^[a-z0-9+.-]+:\/\//, '');
    if (rule === '*') return true;
    if (rule === '<local>') return !host.includes('.') && !host.includes(':');
    const parts = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(rule);
    if (!parts) return false;
    const rulePort = parts[2];
    if (rulePort !== undefined && rulePort !== port) return false;
    let ruleHost = (parts[1] ?? '').replace(/^\[|\]$/g, '');
    if (ruleHost.startsWith('*.')) ruleHost = ruleHost.slice(1);
    if (ruleHost.startsWith('.')) return host.endsWith(ruleHost) || host === ruleHost.slice(1);
    return host === ruleHost;
  });
}
