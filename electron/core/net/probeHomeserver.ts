import { SUPPORTED_MATRIX_VERSIONS } from 'matrix-js-sdk';
import { findCertificateProblem } from './certificateProblem.js';
import { describeNetworkError } from './describeRequestError.js';
import { isPlainObject, readLimitedJson } from './readLimitedJson.js';
import { redirectRefusalOf } from './redirectCheckedFetch.js';
import { requestDeadline } from './userWaits.js';

/**
 * Is there a Matrix homeserver at `baseUrl`? One GET of /_matrix/client/versions, classified so
 * the user can be told *which* problem it is (unreachable, an HTTP error, a web server that is
 * not Matrix, a Matrix version the SDK cannot speak). AutoDiscovery.fromDiscoveryConfig makes
 * the same request but reports all of those as one "invalid homeserver" error; the version rule
 * below is its rule, applied to the SDK's own SUPPORTED_MATRIX_VERSIONS.
 */
export type ProbeResult =
  | { ok: true }
  /** `certificate`: the reason is the server's TLS certificate (findCertificateProblem). */
  | { ok: false; reason: string; certificate?: true };

export async function probeHomeserver(
  fetch: typeof globalThis.fetch,
  baseUrl: string,
  signal?: AbortSignal,
): Promise<ProbeResult> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/_matrix/client/versions`, {
      headers: { accept: 'application/json' },
      signal: requestDeadline(15_000, signal),
    });
  } catch (error) {
    signal?.throwIfAborted();
    const certificate = findCertificateProblem(error);
    if (certificate) return { ok: false, reason: certificate, certificate: true };
    return { ok: false, reason: `it could not be reached (${describeNetworkError(error)})` };
  }
  const refusal = redirectRefusalOf(response);
  if (refusal) return { ok: false, reason: refusal.message.replace(/\.$/, '') };
  if (response.status !== 200) {
    await response.body?.cancel();
    return {
      ok: false,
      reason: `it is not a Matrix homeserver (/_matrix/client/versions answered HTTP ${response.status})`,
    };
  }
  let body: unknown;
  try {
    body = await readLimitedJson(response, 64 * 1024);
  } catch {
    body = null;
  }
  if (!isPlainObject(body) || !Array.isArray(body.versions)) {
    return {
      ok: false,
      reason: 'it is not a Matrix homeserver (/_matrix/client/versions is not a Matrix answer)',
    };
  }
  const offered = new Set(body.versions);
  if (!SUPPORTED_MATRIX_VERSIONS.some((version) => offered.has(version))) {
    return { ok: false, reason: 'it does not support a Matrix version this app speaks' };
  }
  return { ok: true };
}
