/**
 * A fetch that follows no HTTP redirect silently. A base URL is checked once (urlPolicy.ts), but
 * a server behind it can still answer 30x: followed blindly, a validated https homeserver could
 * hand the session, Authorization header included, to a plain-http host. So every request goes
 * out with `redirect: 'manual'`, and each hop is checked against the same transport rules as a
 * base URL (redirectHopProblem) before it is sent, at most MAX_REDIRECTS times. On the way, as
 * browsers do (fetch spec, "HTTP-redirect fetch"): the Authorization header is dropped for good
 * once the origin changes; 303, and 301/302 after a POST, continue as a body-less GET.
 *
 * This needs a platform fetch whose `redirect: 'manual'` returns the 30x response itself,
 * Location header included, not the spec's opaque-redirect response: undici does (Node: tests,
 * bridge; on purpose, nodejs/undici#1193), and so does the Electron platform's fetch
 * (electron/platform/manualRedirectFetch.ts), which answers net.request's 'redirect' event
 * because Electron's own net.fetch would fail the request instead (electron/electron#43715).
 *
 * A refusal is not thrown from fetch: matrix-js-sdk turns anything fetch throws into a
 * ConnectionError("fetch failed: …") that drops the error itself. It is answered instead as the
 * redirect's status (no Location) with a body that fails with the RedirectRefusedError, which
 * reaches the SDK's caller intact (the SDK reads the body of every non-2xx answer). Callers that
 * read statuses themselves ask redirectRefusalOf(response).
 */
import { UserFacingError } from '../UserFacingError.js';
import { redirectHopProblem } from './urlPolicy.js';

export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that describe a request body, removed when a redirect turns the request into a GET. */
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];

/** A redirect that was not followed; the message names the server and both URLs. */
export class RedirectRefusedError extends UserFacingError {
  constructor(message: string) {
    super('REDIRECT_REFUSED', message);
    this.name = 'RedirectRefusedError';
  }
}

const refusals = new WeakMap<Response, RedirectRefusedError>();

/** Why this answer stands for a redirect that was not followed, if it does. */
export function redirectRefusalOf(response: Response): RedirectRefusedError | undefined {
  return refusals.get(response);
}

function refused(status: number, error: RedirectRefusedError): Response {
  const body = new ReadableStream<Uint8Array>({ start: (controller) => controller.error(error) });
  const response = new Response(body, { status, statusText: 'Redirect refused' });
  refusals.set(response, error);
  return response;
}

export function redirectCheckedFetch(
  fetch: typeof globalThis.fetch,
  maxRedirects: number = MAX_REDIRECTS,
): typeof globalThis.fetch {
  return async (input, init) => {
    const mode = init?.redirect ?? (input instanceof Request ? input.redirect : 'follow');
    let url = new URL(input instanceof Request ? input.url : input);
    let next: { input: string | URL | Request; init: RequestInit } = {
      input,
      init: { ...init, redirect: 'manual' },
    };
    for (let hops = 0; ; hops += 1) {
      const response = await fetch(next.input, next.init);
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || location === null || mode === 'manual') {
        return response;
      }
      await response.body?.cancel().catch(() => {});

      let target: URL;
      try {
        target = new URL(location, url);
      } catch {
        return refused(
          response.status,
          new RedirectRefusedError(
            `${url.host} redirected ${shown(url)} to an address that is not a URL.`,
          ),
        );
      }
      const refuse = (why: string) =>
        refused(
          response.status,
          new RedirectRefusedError(
            `${url.host} redirected ${shown(url)} to ${shown(target)}, which was refused: ${why}.`,
          ),
        );
      if (mode === 'error') return refuse('this request may not be redirected');
      if (hops >= maxRedirects) return refuse(`more than ${maxRedirects} redirects in a row`);
      const problem = redirectHopProblem(url, target);
      if (problem) return refuse(problem);

      const init = nextHop(next, response.status, url, target);
      if (init.body instanceof ReadableStream) {
        return refuse('its request body cannot be sent a second time');
      }
      next = { input: target.href, init };
      url = target;
    }
  };
}

/** The request to send to `to` after `from` answered `status` (fetch spec, steps 11–13). */
function nextHop(
  previous: { input: string | URL | Request; init: RequestInit },
  status: number,
  from: URL,
  to: URL,
): RequestInit {
  // A Request's own method, headers and body apply when init does not override them.
  const fromRequest = previous.input instanceof Request ? previous.input : null;
  const init = previous.init;
  let method = (init.method ?? fromRequest?.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers ?? fromRequest?.headers);
  let body = init.body !== undefined ? init.body : (fromRequest?.body ?? null);
  if (
    (status === 303 && method !== 'HEAD') ||
    ((status === 301 || status === 302) && method === 'POST')
  ) {
    method = 'GET';
    body = null;
    for (const name of BODY_HEADERS) headers.delete(name);
  }
  // The token was meant for `from`'s server only; once dropped it stays dropped (later hops
  // start from these headers).
  if (to.origin !== from.origin) headers.delete('authorization');
  return {
    ...init,
    method,
    headers,
    body,
    signal: init.signal ?? fromRequest?.signal ?? null,
    redirect: 'manual',
  };
}

/** A URL as shown in a message: no query string (it may carry a login token), kept short. */
function shown(url: URL): string {
  const text = `${url.origin}${url.pathname}`;
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
