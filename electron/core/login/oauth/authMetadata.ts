import { isValidAuthMetadata, type ValidatedAuthMetadata } from 'matrix-js-sdk';
import { describeNetworkError } from '../../net/describeRequestError.js';
import { hostOf } from '../../net/hostOf.js';
import { isPlainObject, readLimitedJson } from '../../net/readLimitedJson.js';
import { checkBaseUrl } from '../../net/urlPolicy.js';
import { UserFacingError } from '../../UserFacingError.js';
import { requestDeadline } from '../../net/userWaits.js';

/**
 * A homeserver that delegates sign-in to an OAuth 2.0 authorization server publishes the
 * server's metadata at GET /_matrix/client/v1/auth_metadata (spec v1.15). Reads it, or null when
 * the server does not publish it (404, M_UNRECOGNIZED: a server with only the legacy API).
 *
 * What is published is checked before anything is sent anywhere: the SDK's
 * isValidAuthMetadata (required endpoints, S256, the grant types), then our URL policy on the
 * issuer and every endpoint (https, http only to loopback, no credentials), so that a token or a
 * browser is never sent to a URL that a base URL would be refused for. Throws a UserFacingError
 * naming the server when the metadata is there but unusable.
 */
const ENDPOINTS = [
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'registration_endpoint',
  'revocation_endpoint',
  'device_authorization_endpoint',
  'account_management_uri',
] as const;

export async function readAuthMetadata(
  fetch: typeof globalThis.fetch,
  homeserverUrl: string,
  signal?: AbortSignal,
): Promise<ValidatedAuthMetadata | null> {
  const host = hostOf(homeserverUrl);
  let response: Response;
  try {
    response = await fetch(`${homeserverUrl}/_matrix/client/v1/auth_metadata`, {
      headers: { accept: 'application/json' },
      signal: requestDeadline(15_000, signal),
    });
  } catch (error) {
    signal?.throwIfAborted();
    throw new UserFacingError(
      'OAUTH_METADATA_UNREACHABLE',
      `Could not read the OAuth 2.0 sign-in details of ${host}: ${describeNetworkError(error)}.`,
    );
  }
  if (response.status === 404 || response.status === 405 || response.status === 400) {
    await response.body?.cancel();
    return null;
  }
  let body: unknown;
  try {
    body = await readLimitedJson(response, 64 * 1024);
  } catch {
    body = undefined;
  }
  if (response.status !== 200) {
    // The spec's answer for "not here" is 404 M_UNRECOGNIZED; other errors are the server's.
    if (isPlainObject(body) && body.errcode === 'M_UNRECOGNIZED') return null;
    throw new UserFacingError(
      'OAUTH_METADATA_FAILED',
      `${host} could not give its OAuth 2.0 sign-in details (HTTP ${response.status}).`,
    );
  }
  return checkAuthMetadata(body, homeserverUrl);
}

/** The SDK's shape check and our URL policy on every URL in it; see readAuthMetadata. */
export function checkAuthMetadata(body: unknown, homeserverUrl: string): ValidatedAuthMetadata {
  const host = hostOf(homeserverUrl);
  const refuse = (why: string) =>
    new UserFacingError(
      'OAUTH_METADATA_INVALID',
      `${host} publishes OAuth 2.0 sign-in details that cannot be used: ${why}.`,
    );
  if (!isValidAuthMetadata(body)) {
    throw refuse(
      'required endpoints or capabilities are missing (authorization code with PKCE S256, refresh tokens, registration, revocation)',
    );
  }
  for (const key of ENDPOINTS) {
    const value = body[key];
    if (value === undefined) continue;
    // checkBaseUrl refuses queries, which an account-management URL is allowed to carry.
    const verdict = checkBaseUrl(key === 'account_management_uri' ? stripQuery(value) : value);
    if (!verdict.ok) throw refuse(`its ${key} cannot be used (${verdict.reason})`);
  }
  return body;
}

function stripQuery(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.search = '';
    return parsed.href;
  } catch {
    return url;
  }
}
