/**
 * What a failed attempt of a long-lived request says about the connection: a short phrase for
 * the connection indicator ("it answered HTTP 502") and the wait the server asked for, if any.
 * Never the server's own error text: it is not ours to show (DESIGN.md), and it can be anything.
 */

/** Thrown (as an abort reason) when a request outlives the local deadline of its caller. */
export class RequestDeadlineError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly afterMs: number) {
    super(`no answer within ${afterMs} ms`);
  }
}

/** A phrase that completes "Reconnecting to example.org: …". */
export function connectionProblem(error: unknown): string {
  const status = (error as { httpStatus?: unknown } | null)?.httpStatus;
  if (typeof status === 'number') {
    return status === 429 ? 'it asked the app to slow down' : `it answered HTTP ${status}`;
  }
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (e.name === 'TimeoutError') return 'it did not answer in time';
    if (e instanceof SyntaxError || e.name === 'BadServerResponse') {
      return 'it sent an answer the app cannot read';
    }
  }
  return 'the connection failed';
}

/**
 * The server's requested wait in ms: the Retry-After header or the (deprecated, still sent)
 * `retry_after_ms` of M_LIMIT_EXCEEDED, whichever is longer; null when it asked for none.
 */
export function serverRetryAfterMs(error: unknown): number | null {
  const candidates: number[] = [];
  const getter = (error as { getRetryAfterMs?: unknown } | null)?.getRetryAfterMs;
  if (typeof getter === 'function') {
    try {
      const ms: unknown = getter.call(error);
      if (typeof ms === 'number') candidates.push(ms);
    } catch {
      // A malformed header or body value: treat it as no request.
    }
  }
  const data = (error as { data?: { retry_after_ms?: unknown } } | null)?.data;
  if (typeof data?.retry_after_ms === 'number') candidates.push(data.retry_after_ms);
  const valid = candidates.filter((ms) => Number.isFinite(ms) && ms > 0);
  return valid.length > 0 ? Math.max(...valid) : null;
}
