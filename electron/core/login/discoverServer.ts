import type { Discovery } from './discovery.js';
import { describeRequestError, hostOf } from '../net/describeRequestError.js';
import { anonymousClient } from '../net/anonymousClient.js';
import { probeHomeserver } from '../net/probeHomeserver.js';
import { checkBaseUrl, parseServerInput } from '../net/urlPolicy.js';
import { UserFacingError } from '../UserFacingError.js';
import { fetchWellKnown } from './fetchWellKnown.js';
import { parseLoginFlows } from './loginFlows.js';

/**
 * From what the user typed to a validated homeserver URL and its sign-in methods, by the spec's
 * discovery rules: a URL is used as typed; a server name goes through .well-known (404 → the
 * name itself), and the homeserver found must answer /_matrix/client/versions.
 */
export async function discoverServer(
  fetch: typeof globalThis.fetch,
  input: string,
  signal?: AbortSignal,
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
        'DISCOVERY_FAILED',
        `Could not discover ${parsed.name}: ${wellKnown.reason}.`,
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
  const flows = await readFlows(fetch, candidate);
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
      'NOT_A_HOMESERVER',
      `Cannot use ${hostOf(baseUrl)}: ${probe.reason}.`,
    );
  }
}

async function readFlows(
  fetch: typeof globalThis.fetch,
  baseUrl: string,
): Promise<Discovery['flows']> {
  const client = anonymousClient(baseUrl, fetch);
  let flows: ReturnType<typeof parseLoginFlows>;
  try {
    flows = parseLoginFlows(await client.loginFlows());
  } catch (error) {
    if (await offersOAuth(fetch, baseUrl)) return { password: false, sso: [], oauthOnly: true };
    throw describeRequestError(error, baseUrl, 'listing sign-in methods');
  }
  if (!flows.password && flows.sso.length === 0) {
    if (await offersOAuth(fetch, baseUrl)) return { ...flows, oauthOnly: true };
    throw new UserFacingError(
      'NO_SUPPORTED_LOGIN',
      `${hostOf(baseUrl)} offers no sign-in method this app supports (password or single sign-on).`,
    );
  }
  return { ...flows, oauthOnly: false };
}

/** Next-generation (OAuth 2.0) auth servers publish their metadata here (spec v1.15). */
async function offersOAuth(fetch: typeof globalThis.fetch, baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/_matrix/client/v1/auth_metadata`, {
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
