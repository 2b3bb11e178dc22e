/**
 * The platform with the fetch every core request goes through: login, discovery, the homeserver
 * probe, the session (sync, account data, refresh, logout) and the identity server. Applied
 * once, where the core receives the platform (AppCore), so no request can bypass it:
 * redirects are checked hop by hop (redirectCheckedFetch.ts) and every response body is capped
 * by endpoint (sizeCappedFetch.ts, per hop, inside: the refusal answers of the redirect check
 * stay the very objects redirectRefusalOf() knows).
 */
import type { Platform } from '../platform.js';
import { redirectCheckedFetch } from './redirectCheckedFetch.js';
import { sizeCappedFetch } from './sizeCappedFetch.js';

export function guardedFetch(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  return redirectCheckedFetch(sizeCappedFetch(fetch));
}

export function withGuardedFetch(platform: Platform): Platform {
  return {
    fetch: guardedFetch(platform.fetch),
    clock: platform.clock,
    secrets: platform.secrets,
    settings: platform.settings,
    openExternal: (url) => platform.openExternal(url),
    log: platform.log,
    ...(platform.connectionProbes ? { connectionProbes: platform.connectionProbes } : {}),
    ...(platform.network ? { network: platform.network } : {}),
    ...(platform.dataDir ? { dataDir: platform.dataDir } : {}),
    ...(platform.chooseSavePath
      ? { chooseSavePath: (name: string) => platform.chooseSavePath!(name) }
      : {}),
  };
}
