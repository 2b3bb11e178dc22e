/**
 * The fetch every identity-server request uses, the SDK's (as `fetchFn`) and our own. It wraps
 * the platform's fetch (Chromium's network stack in Electron: system proxy and certificates) with three rules:
 *
 * - no redirects: an IS bearer token and the user's hashed addresses go to the server the user
 *   accepted, not wherever that server points;
 * - a size cap: a body larger than the cap fails while it is read, so a hostile server cannot
 *   make us buffer gigabytes;
 * - one abort signal for all of it, so stop() ends every request in flight.
 *
 * The cap fails the body stream rather than the fetch call on purpose: the SDK wraps anything
 * fetch throws into a ConnectionError that keeps only the message, whereas an error from reading
 * the body reaches the caller as the very BadServerResponse thrown here.
 */
import { BadServerResponse } from './BadServerResponse.js';

export const MAX_IDENTITY_RESPONSE_BYTES = 256 * 1024;

/** The answer went over the size cap: asking for less (a smaller lookup batch) may help. */
export class ResponseTooLarge extends BadServerResponse {}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function createIdentityServerFetch(
  platformFetch: typeof globalThis.fetch,
  stopSignal: AbortSignal,
  maxBytes: number = MAX_IDENTITY_RESPONSE_BYTES,
): typeof globalThis.fetch {
  return async (input, init) => {
    const signal = init?.signal ? AbortSignal.any([init.signal, stopSignal]) : stopSignal;
    const response = await platformFetch(input, { ...init, redirect: 'error', signal });
    return new Response(cappedBody(response, maxBytes), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

function cappedBody(response: Response, maxBytes: number): ReadableStream<Uint8Array> | null {
  if (NULL_BODY_STATUSES.has(response.status) || response.body === null) return null;
  const tooLarge = () =>
    new ResponseTooLarge(`its answer is larger than ${Math.round(maxBytes / 1024)} KiB`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    void response.body.cancel().catch(() => {});
    return new ReadableStream({ start: (controller) => controller.error(tooLarge()) });
  }
  let received = 0;
  return response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        // Erroring the transform also cancels the network stream behind it.
        if (received > maxBytes) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
}
