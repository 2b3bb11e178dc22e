/**
 * The Network settings commands (issue 12), answered by the core: the proxy in force and the
 * user's choice of it, proxy sign-in prompts and remembered sign-ins, Test connection, and the
 * certificate authorities the user trusts. Everything here applies to every request at once
 * through the platform's NetworkControl.
 */
import * as v from 'valibot';
import type { ManagedConfigResult } from '../../../config/managedConfig.js';
import type { Platform } from '../../platform.js';
import { UserFacingError } from '../../UserFacingError.js';
import { testConnection } from '../connectionTest/testConnectionCommand.js';
import { CaTrust } from '../trust/CaTrust.js';
import type { ConnectionTestResult } from '../connectionTest/connectionTestResult.js';
import type {
  CaCandidate,
  NetworkSettings,
  ProxyAuthPromptEvent,
  ProxySettingValue,
} from './networkSettings.js';
import { ProxyAuthBroker, type ProxyAnswer } from './ProxyAuthBroker.js';
import { ProxyPreference } from './ProxyPreference.js';
import { DEFAULT_PROXY_SETTING, describeProxy, proxySettingSchema } from './proxySetting.js';

/** The contract's network commands, in the core's own types (AppCore answers them with these). */
export interface NetworkHandlers {
  networkSettings(request: object): Promise<NetworkSettings>;
  testConnection(request: { server: string | null }): Promise<ConnectionTestResult>;
  setProxy(request: { setting: ProxySettingValue }): Promise<NetworkSettings>;
  proxyAuthAnswer(request: { id: string; answer: ProxyAnswer | null }): Promise<{ answered: true }>;
  forgetProxyCredentials(request: { proxy: string }): Promise<NetworkSettings>;
  trustCaCheck(request: { server: string | null }): Promise<CaCandidate>;
  trustCa(request: { sha256: string }): Promise<NetworkSettings>;
  untrustCa(request: { sha256: string }): Promise<NetworkSettings>;
}

export interface NetworkCommands {
  handlers: NetworkHandlers;
  /** Applies the proxy and the trusted CAs in force; before the first request. */
  start(): Promise<void>;
  /** Cancels open proxy prompts (their requests fail naming the proxy). */
  dispose(): void;
}

export function createNetworkCommands(
  platform: Platform,
  managedConfig: ManagedConfigResult | undefined,
  emitPrompt: (prompt: ProxyAuthPromptEvent | null) => void,
  /** The signed-in homeserver, which Test connection and the CA check default to. */
  signedInServer: () => string | null,
): NetworkCommands {
  const proxy = new ProxyPreference(platform, {
    setting: managedConfig?.config.proxy ?? DEFAULT_PROXY_SETTING,
    locked: managedConfig?.locked.has('proxy') ?? false,
  });
  const proxyAuth = new ProxyAuthBroker(platform, emitPrompt);
  platform.network?.setProxyAuthenticator(proxyAuth.authenticate);
  const cas = new CaTrust(platform);
  const credentialsFor = (proxyUrl: string) => proxyAuth.known(proxyUrl);

  const settings = (): NetworkSettings => {
    const effective = proxy.effective;
    return {
      mode: effective.mode,
      proxy: describeProxy(effective),
      locked: proxy.locked,
      setting: effective,
      source: proxy.source,
      rememberedProxies: proxyAuth.remembered(),
      trustedCas: cas.list(),
      pendingProxyAuth: proxyAuth.current(),
    };
  };

  return {
    handlers: {
      networkSettings: async () => settings(),
      testConnection: ({ server }) =>
        testConnection(platform, proxy.effective, server, signedInServer(), credentialsFor),
      setProxy: async ({ setting }) => {
        const parsed = v.safeParse(proxySettingSchema, setting);
        if (!parsed.success) {
          throw new UserFacingError('INVALID_PROXY', `${sentence(parsed.issues[0].message)}.`);
        }
        await proxy.choose(parsed.output);
        return settings();
      },
      proxyAuthAnswer: async ({ id, answer }) => {
        proxyAuth.answer(id, answer);
        return { answered: true };
      },
      forgetProxyCredentials: async ({ proxy: origin }) => {
        proxyAuth.forget(origin);
        await platform.network?.forgetProxyCredentials(origin);
        return settings();
      },
      trustCaCheck: ({ server }) =>
        cas.check(server, signedInServer(), proxy.effective, credentialsFor),
      trustCa: async ({ sha256 }) => {
        await cas.trust(sha256);
        return settings();
      },
      untrustCa: async ({ sha256 }) => {
        await cas.remove(sha256);
        return settings();
      },
    },
    async start() {
      await cas.applyAtStart();
      await proxy.applyAtStart();
    },
    dispose() {
      proxyAuth.cancelAll();
    },
  };
}

function sentence(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}
