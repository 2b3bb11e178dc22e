/**
 * What the Network panel shows and sends (issue 12), as the core's domain types; the IPC
 * contract re-exports them. Nothing here is secret: proxy passwords never leave main.
 */
import type { ProxySetting } from './proxySetting.js';

/** A proxy setting (proxySetting.ts); never with credentials. */
export type ProxySettingValue = ProxySetting;

/** The proxy in force and the user's network choices. */
export interface NetworkSettings {
  mode: 'system' | 'direct' | 'manual' | 'pac';
  /** In words: "the system proxy settings", "the proxy http://proxy.corp:3128"... */
  proxy: string;
  /** Set by the administrator's locked configuration. */
  locked: boolean;
  /** The setting in force, to fill the form with. */
  setting: ProxySettingValue;
  /** locked: the administrator's; user: chosen here; configuration: the config files' or the default. */
  source: 'locked' | 'user' | 'configuration';
  /** Proxies (origins) whose sign-in is remembered (sealed); each can be forgotten. */
  rememberedProxies: string[];
  /** The CAs the user trusts ("Trust this certificate authority"); each can be removed. */
  trustedCas: TrustedCa[];
  /** A proxy sign-in prompt already open (one asked before the window listened), or null. */
  pendingProxyAuth: ProxyAuthPromptEvent | null;
}

/** A CA certificate described for people. */
export interface TrustedCa {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** Colon-separated upper-case hex. */
  sha256: string;
}

/** The CA a server's chain ends at, offered to be trusted; `server` is the host it came from. */
export interface CaCandidate extends TrustedCa {
  server: string;
}

/** A proxy asks for a user name and password; the window asks the user (proxyAuthAnswer). */
export interface ProxyAuthPromptEvent {
  id: string;
  /** The proxy's origin (http://proxy.corp:3128). */
  proxy: string;
  /** The last user name and password were refused by the proxy. */
  refused: boolean;
}
