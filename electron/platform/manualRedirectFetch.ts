/**
 * fetch with `redirect: 'manual'` on Electron's `net.request`, answering a redirect with the 30x
 * response itself (status, headers, Location, empty body), as undici does in Node. The core checks
 * every hop itself (core/net/redirectCheckedFetch.ts) and needs to see where a redirect points.
 *
 * Why not `net.fetch`: it hands `redirect` to a ClientRequest and never listens for its
 * 'redirect' event, so in manual mode the request dies with "Redirect was cancelled" and the
 * Location is never seen (electron/electron#43715). Here the 'redirect' event is answered: the
 * request is aborted inside the handler (which is what keeps Electron from failing it) and the
 * redirect becomes the response.
 *
 * The ClientRequest is built from a `Request` with the options net.fetch derives from one
 * (lib/browser/api/net-fetch.ts): same session (the default one), credentials, cache mode,
 * referrer policy and headers. It goes through the same Chromium network stack: system proxy, PAC
 * scripts and the OS certificate store still apply.
 */
import { Readable } from 'node:stream';
import { net, type IncomingMessage } from 'electron';
import { createProxyLoginAnswerer } from './electronProxy.js';

/** Statuses whose response has no body (fetch spec), as net.fetch treats them. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export async function manualRedirectFetch(
  input: string | Request,
  init?: RequestInit,
): Promise<Response> {
  const request = new Request(input, { ...init, redirect: 'manual' });
  const { signal } = request;
  signal.throwIfAborted();
  // Strings (matrix-js-sdk's JSON), bytes, forms: all become bytes, sent with a Content-Length.
  const body = request.body === null ? null : Buffer.from(await request.arrayBuffer());
  signal.throwIfAborted();

  const origin = request.headers.get('origin') ?? undefined;
  const clientRequest = net.request({
    method: request.method,
    url: request.url,
    redirect: 'manual',
    origin,
    // ClientRequest refuses same-origin without an origin; net.fetch sends 'include' then too.
    credentials: request.credentials === 'same-origin' && !origin ? 'include' : request.credentials,
    cache: request.cache,
    referrerPolicy: request.referrerPolicy,
  });
  for (const [name, value] of request.headers) clientRequest.setHeader(name, value);

  return new Promise<Response>((resolve, reject) => {
    let message: Readable | undefined;
    const onAbort = () => {
      // Before the answer: the fetch rejects. After it: reading the body does, as in fetch.
      message?.destroy(signal.reason);
      clientRequest.abort();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const settled = () => signal.removeEventListener('abort', onAbort);

    // A proxy's 407: answered from the stored proxy credentials (electron/platform/electronProxy).
    const answerProxyLogin = createProxyLoginAnswerer();
    clientRequest.on('login', (authInfo, callback) => {
      if (!answerProxyLogin(authInfo, callback)) callback();
    });
    clientRequest.on('redirect', (status, _method, location, headers) => {
      // Aborting inside the handler is what keeps Electron from failing the request.
      clientRequest.abort();
      settled();
      try {
        resolve(answer(request, null, { status, headers: redirectHeaders(headers, location) }));
      } catch (error) {
        reject(error); // a header value that a Response cannot hold
      }
    });
    clientRequest.on('response', (incoming) => {
      message = readableOf(incoming);
      // Electron destroys the message with a later network error. Nothing reads the message of
      // a body-less answer, and an unheard 'error' is an uncaught exception in main; a body
      // being read still fails with it.
      message.on('error', () => {});
      // Cancelling the body (a size cap, a skipped redirect body) stops the download too.
      message.once('close', () => {
        settled();
        if (!message?.readableEnded) clientRequest.abort();
      });
      try {
        const bodyless = NULL_BODY_STATUSES.has(incoming.statusCode) || request.method === 'HEAD';
        // Nothing will read a body-less answer: drain it so the request completes.
        if (bodyless) message.resume();
        resolve(
          answer(request, bodyless ? null : webStreamOf(message), {
            status: incoming.statusCode,
            statusText: incoming.statusMessage,
            headers: responseHeaders(incoming.headers),
          }),
        );
      } catch (error) {
        // A status or header value that a Response cannot hold.
        clientRequest.abort();
        reject(error);
      }
    });
    clientRequest.on('error', (error) => {
      settled();
      // fetch rejects with a TypeError on a network error (undici: "fetch failed"); callers
      // (describeRequestError) count it as "could not reach" the server.
      reject(new TypeError(`fetch failed: ${error.message}`, { cause: error }));
    });
    clientRequest.end(body ?? undefined);
  });
}

function answer(request: Request, body: ReadableStream<Uint8Array> | null, init: ResponseInit) {
  const response = new Response(body, init);
  // No redirect is followed here, so the answer comes from the URL asked (as in undici).
  Object.defineProperty(response, 'url', { value: request.url });
  return response;
}

/** Chromium's resolved target stands as the Location: it is where the redirect points. */
function redirectHeaders(headers: Record<string, string[]>, location: string): Headers {
  const result = new Headers();
  for (const [name, values] of Object.entries(headers)) {
    for (const value of values) result.append(name, value);
  }
  result.set('location', location);
  return result;
}

function responseHeaders(headers: Record<string, string | string[]>): Headers {
  const result = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    for (const one of Array.isArray(value) ? value : [value]) result.append(name, one);
  }
  return result;
}

/** Electron's IncomingMessage is a Node Readable (net-client-request.ts); its typings omit it. */
function readableOf(message: IncomingMessage): Readable {
  return message as unknown as Readable;
}

/**
 * A web stream that reads the message only as the stream is read, so backpressure reaches
 * Chromium. Not Readable.toWeb: after a cancel it may still enqueue a chunk already in flight and
 * throw "Controller is already closed" as an uncaught exception in main.
 */
function webStreamOf(message: Readable): ReadableStream<Uint8Array> {
  const chunks: AsyncIterator<Uint8Array> = message[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await chunks.next();
      if (chunk.done) controller.close();
      else controller.enqueue(chunk.value);
    },
    cancel() {
      // Not chunks.return(): it would wait for a read under way, i.e. for the server. Destroying
      // ends that read, and the message's 'close' aborts the request.
      message.destroy();
    },
  });
}
