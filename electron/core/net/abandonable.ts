/**
 * Giving up on a request that will not end by itself. matrix-js-sdk stops listening to its abort
 * signals once the response headers are in, so a body that trickles (or a socket that died while
 * the machine slept) can keep `authedRequest` pending for ever. These helpers let a loop walk
 * away on its own clock: the request is aborted where that still works, and its late outcome,
 * if any, is dropped.
 */
import type { Clock } from '../platform.js';
import { RequestDeadlineError } from './connectionProblem.js';

/** Settles like `work`, or rejects with the signal's reason as soon as `signal` aborts. */
export function abandonOnAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  // The abandoned request may still fail later; that is expected, not an unhandled rejection.
  work.catch(() => {});
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

/** Aborts `controller` with a RequestDeadlineError after `ms` on `clock`; returns the cancel. */
export function abortAfter(clock: Clock, ms: number, controller: AbortController): () => void {
  const handle = clock.setTimeout(() => controller.abort(new RequestDeadlineError(ms)), ms);
  return () => clock.clearTimeout(handle);
}
