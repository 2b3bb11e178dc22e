import { findCertificateProblem } from '../net/certificateProblem.js';
import { describeNetworkError } from '../net/describeRequestError.js';
import { isPlainObject, readLimitedJson } from '../net/readLimitedJson.js';
import { redirectRefusalOf } from '../net/redirectCheckedFetch.js';
import { requestDeadline } from '../net/userWaits.js';

/**
 * GET https://<hostname>/.well-known/matrix/client, classified as the spec's discovery states.
 *
 * Written by hand rather than through AutoDiscovery.findClientConfig because that call (a) also
 * contacts the identity server the file names — an identity-server request before the account's
 * choice is known, which DESIGN.md forbids — and (b) reports "unreachable", "HTTP 500" and
 * "invalid JSON" as the same error, so the user could not be told which. Validation of the
 * homeserver it names is net/probeHomeserver.ts, with the SDK's supported-version list.
 */
export type WellKnownResult =
  | { state: 'found'; wellKnown: Record<string, unknown> }
  /** 404: the spec says to carry on with the server name as the homeserver. */
  | { state: 'absent' }
  /** `certificate`: the reason is the TLS certificate of `https://<hostname>` (the name's). */
  | { state: 'failed'; reason: string; certificate?: true };

export async function fetchWellKnown(
  fetch: typeof globalThis.fetch,
  name: string,
  signal?: AbortSignal,
): Promise<WellKnownResult> {
  let response: Response;
  try {
    // Redirects are followed only when each hop passes the URL policy (net/guardedFetch.ts).
    response = await fetch(wellKnownUrl(name), {
      headers: { accept: 'application/json' },
      signal: requestDeadline(10_000, signal),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    const certificate = findCertificateProblem(error);
    if (certificate) return { state: 'failed', reason: certificate, certificate: true };
    return { state: 'failed', reason: `could not be reached (${describeNetworkError(error)})` };
  }
  const refusal = redirectRefusalOf(response);
  if (refusal) return { state: 'failed', reason: refusal.message.replace(/\.$/, '') };
  if (response.status === 404) {
    await response.body?.cancel();
    return { state: 'absent' };
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    return { state: 'failed', reason: `its .well-known answered HTTP ${response.status}` };
  }
  let body: unknown;
  try {
    body = await readLimitedJson(response, 64 * 1024);
  } catch {
    return { state: 'failed', reason: 'its .well-known is not valid JSON' };
  }
  if (!isPlainObject(body) || !isPlainObject(body['m.homeserver'])) {
    return { state: 'failed', reason: 'its .well-known does not name a homeserver (m.homeserver)' };
  }
  return { state: 'found', wellKnown: body };
}

/**
 * Where the .well-known of a server name lives: on its hostname, without the port. The spec
 * (Client-Server API, "Well-known URIs"): "1. Extract the server name from the user's Matrix ID
 * by splitting the Matrix ID at the first colon. 2. Extract the hostname from the server name as
 * described by the grammar. 3. Make a GET request to https://hostname/.well-known/matrix/client."
 * A port in a server name says where that server listens, not where its domain publishes its
 * discovery file.
 */
export function wellKnownUrl(serverName: string): string {
  return `https://${new URL(`https://${serverName}`).hostname}/.well-known/matrix/client`;
}
