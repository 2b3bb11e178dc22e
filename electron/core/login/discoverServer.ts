import { OAuthGrantType, type ValidatedAuthMetadata } from 'matrix-js-sdk';
import type { Discovery, LoginFlows } from './discovery.js';
import { describeRequestError } from '../net/describeRequestError.js';
import { hostOf, originOf } from '../net/hostOf.js';
import { anonymousClient } from '../net/anonymousClient.js';
import { probeHomeserver } from '../net/probeHomeserver.js';
import { checkBaseUrl, parseServerInput } from '../net/urlPolicy.js';
import type { Logger } from '../platform.js';
import { UserFacingError } from '../UserFacingError.js';
import { fetchWellKnown, wellKnownUrl } from './fetchWellKnown.js';
import { parseLoginFlows, ssoPrefersOAuth } from './loginFlows.js';
import { readAuthMetadata } from './oauth/authMetadata.js';

/**
 * From what the user typed to a validated homeserver URL and its sign-in methods, by the spec's
 * discovery rules: a URL is used as typed; a server name goes through .well-known (404 → the
 * name itself), and the homeserver found must answer /_matrix/client/versions.
 *
 * `onAuthMetadata` receives the validated OAuth 2.0 metadata when the server has it: the core
 * keeps it for the sign-in that follows (it stays in main; the window's Discovery has only the
 * issuer), so that sign-in does not read auth_metadata a second time.
 */
export async function discoverServer(
  fetch: typeof globalThis.fetch,
  input: string,
  signal?: AbortSignal,
  log?: Logger,
  onAuthMetadata?: (metadata: ValidatedAuthMetadata) => void,
): Promise<Discovery> {
  const parsed = parseServerInput(input);
  if (parsed.kind === 'invalid')
    throw new UserFacingError('INVALID_SERVER', `Cannot use ${parsed.reason}.`);

  let candidate: string;
  let identityServerUrl: string | null = null;
  if (parsed.kind === 'url') {
    candidate = parsed.url;
  } else {
    const wellKnown = await fetchWellKnown(fetch, parsed.name, signal);
    if (wellKnown.state === 'failed') {
      throw new UserFacingError(
        // A certificate failure gets the code the sign-in screen offers "Review certificate
        // authority…" for, pointed at the host that sent it.
        wellKnown.certificate ? 'TLS_UNTRUSTED' : 'DISCOVERY_FAILED',
        `Could not discover ${parsed.name}: ${wellKnown.reason}.`,
        wellKnown.certificate ? originOf(wellKnownUrl(parsed.name)) : undefined,
      );
    }
    if (wellKnown.state === 'found') {
      const hs = wellKnown.wellKnown['m.homeserver'] as Record<string, unknown>;
      const verdict = checkBaseUrl(hs.base_url, { from: `https://${parsed.name}` });
      if (!verdict.ok) {
        throw new UserFacingError(
          'DISCOVERY_FAILED',
          `${parsed.name} names a homeserver that cannot be used: ${verdict.reason}.`,
        );
      }
      candidate = verdict.url;
      identityServerUrl = identityServerFrom(wellKnown.wellKnown);
    } else {
      candidate = `https://${parsed.name}`;
    }
  }

  await checkIsHomeserver(fetch, candidate, signal);
  signal?.throwIfAborted();
  const flows = await readFlows(fetch, candidate, signal, log, onAuthMetadata);
  return { input: input.trim(), homeserverUrl: candidate, identityServerUrl, flows };
}

/** The IS a .well-known names is only recorded, never contacted here (see fetchWellKnown.ts). */
export function identityServerFrom(wellKnown: Record<string, unknown>): string | null {
  const is = wellKnown['m.identity_server'];
  if (typeof is !== 'object' || is === null) return null;
  const verdict = checkBaseUrl((is as Record<string, unknown>).base_url);
  return verdict.ok ? verdict.url : null;
}

async function checkIsHomeserver(
  fetch: typeof globalThis.fetch,
  baseUrl: string,
  signal?: AbortSignal,
): Promise<void> {
  const probe = await probeHomeserver(fetch, baseUrl, signal);
  if (!probe.ok) {
    throw new UserFacingError(
      // The code every certificate failure uses: the sign-in screen offers to review the CA.
      probe.certificate ? 'TLS_UNTRUSTED' : 'NOT_A_HOMESERVER',
      `Cannot use ${hostOf(baseUrl)}: ${probe.reason}.`,
      probe.certificate ? originOf(baseUrl) : undefined,
    );
  }
}

/**
 * The sign-in methods of `baseUrl`: the legacy GET /login flows and the OAuth 2.0 metadata, read
 * side by side. A server with both keeps both (MSC3824 decides which one to prefer); metadata that
 * cannot be used is an error only when the server offers nothing else.
 */
async function readFlows(
  fetch: typeof globalThis.fetch,
  baseUrl: string,
  signal?: AbortSignal,
  log?: Logger,
  onAuthMetadata?: (metadata: ValidatedAuthMetadata) => void,
): Promise<LoginFlows> {
  const client = anonymousClient(baseUrl, fetch);
  const [legacy, oauth] = await Promise.allSettled([
    client.loginFlows(),
    readAuthMetadata(fetch, baseUrl, signal),
  ]);
  signal?.throwIfAborted();
  const metadata = oauth.status === 'fulfilled' ? oauth.value : null;
  if (metadata) onAuthMetadata?.(metadata);
  const oauthFlows = metadata
    ? {
        issuer: metadata.issuer,
        deviceGrant:
          metadata.device_authorization_endpoint !== undefined &&
          metadata.grant_types_supported.includes(OAuthGrantType.DeviceAuthorization),
      }
    : null;
  if (legacy.status === 'rejected') {
    if (oauthFlows) return { password: false, sso: [], oauth: oauthFlows, preferOAuth: true };
    if (oauth.status === 'rejected') throw oauth.reason;
    throw describeRequestError(legacy.reason, baseUrl, 'listing sign-in methods');
  }
  const flows = parseLoginFlows(legacy.value);
  const hasLegacy = flows.password || flows.sso.length > 0;
  if (oauth.status === 'rejected') {
    if (!hasLegacy) throw oauth.reason;
    // The legacy methods still work: OAuth 2.0 is left out, and the reason kept for support.
    const reason = oauth.reason instanceof Error ? oauth.reason.message : String(oauth.reason);
    log?.warn('OAuth 2.0 metadata unusable; legacy sign-in only', { server: baseUrl, reason });
  }
  if (!hasLegacy && !oauthFlows) {
    throw new UserFacingError(
      'NO_SUPPORTED_LOGIN',
      `${hostOf(baseUrl)} offers no sign-in method this app supports (password, single sign-on or OAuth 2.0).`,
    );
  }
  return {
    ...flows,
    oauth: oauthFlows,
    preferOAuth: oauthFlows !== null && (!hasLegacy || ssoPrefersOAuth(legacy.value)),
  };
}
