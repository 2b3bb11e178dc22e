/**
 * One media request to the session's homeserver, made in main with the session's client (its
 * fetch: token refresh, URL policy and redirect checks, size caps). Servers that advertise spec
 * v1.11 get authenticated media (`/_matrix/client/v1/media/...`, the token in the header);
 * older ones (Synapse 1.67 among them) only have the legacy, unauthenticated
 * `/_matrix/media/v3/...`, which is then sent without the token: it needs none.
 */
import { ConnectionError, parseErrorResponse, type MatrixClient } from 'matrix-js-sdk';
import { UserFacingError } from '../UserFacingError.js';
import { hostOf } from '../net/hostOf.js';
import { BodyTooLargeError, readLimitedBytes } from '../net/readLimitedJson.js';
import { formatBytes } from '../net/sizeCappedFetch.js';
import { describeRoomError } from '../rooms/roomErrors.js';
import type { MxcUri } from './mxcUri.js';

export type MediaEndpoint =
  { kind: 'thumbnail'; width: number; height: number } | { kind: 'download' };

/** The URL of a media request, authenticated (spec v1.11) or legacy. */
export function mediaUrl(
  baseUrl: string,
  mxc: MxcUri,
  endpoint: MediaEndpoint,
  authenticated: boolean,
): URL {
  const prefix = authenticated ? '/_matrix/client/v1/media' : '/_matrix/media/v3';
  const path = `${prefix}/${endpoint.kind}/${encodeURIComponent(mxc.serverName)}/${encodeURIComponent(mxc.mediaId)}`;
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  if (endpoint.kind === 'thumbnail') {
    url.searchParams.set('width', String(endpoint.width));
    url.searchParams.set('height', String(endpoint.height));
    url.searchParams.set('method', 'crop');
  }
  return url;
}

/**
 * GET a media URL; resolves with a successful response (its body unread) or throws a
 * UserFacingError that names the server and what failed.
 */
export async function fetchMedia(
  client: MatrixClient,
  url: URL,
  authenticated: boolean,
  action: string,
  signal?: AbortSignal,
): Promise<Response> {
  const server = client.getHomeserverUrl();
  const send = async () => {
    const token = client.getAccessToken();
    const headers: Record<string, string> = {};
    if (authenticated && token) headers.Authorization = `Bearer ${token}`;
    try {
      return {
        token,
        response: await client.http.fetch(url, {
          method: 'GET',
          headers,
          redirect: 'follow',
          ...(signal ? { signal } : {}),
        }),
      };
    } catch (error) {
      if (error instanceof UserFacingError) throw error;
      throw describeRoomError(new ConnectionError('fetch failed', error as Error), server, action);
    }
  };
  const first = await send();
  let response = first.response;
  if (authenticated && response.status === 401) {
    // An expired token. A legacy session's fetch has refreshed and retried already; an OAuth
    // session's token is refreshed by the SDK inside its own requests, so one of those (whoami)
    // refreshes it, and the media request is sent once more with the new token.
    await client.whoami().catch(() => undefined);
    if (client.getAccessToken() !== first.token) {
      await response.body?.cancel().catch(() => {});
      response = (await send()).response;
    }
  }
  if (!response.ok) {
    const body = await readBounded(response, 64 * 1024, server, action).catch(() => null);
    throw describeRoomError(
      parseErrorResponse(response, body === null ? '' : new TextDecoder().decode(body)),
      server,
      action,
    );
  }
  return response;
}

/** The whole body, refused in words that name the server as soon as it grows past `limit`. */
export async function readBounded(
  response: Response,
  limit: number,
  server: string,
  action: string,
): Promise<Uint8Array> {
  try {
    return await readLimitedBytes(response, limit);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    throw new UserFacingError(
      'RESPONSE_TOO_LARGE',
      `${hostOf(server)} sent more than ${formatBytes(limit)} for ${action}.`,
    );
  }
}
