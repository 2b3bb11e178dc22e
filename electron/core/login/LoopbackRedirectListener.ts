import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../platform.js';

/**
 * Receives a browser redirect in the main process: an HTTP listener on 127.0.0.1, on a port the
 * OS picks, for one sign-in attempt (SSO's login token, OAuth 2.0's authorization code; RFC 8252
 * lets native apps use any loopback port). Only `path` is answered; `read` decides what each
 * request there means: the answer (the listener closes), a failure the browser reports (it
 * closes too), or a stray request (a wrong `state`, a missing parameter) that is refused while
 * the real one is still awaited, so no third party can end the user's sign-in. Gives up after
 * `timeoutMs` on `clock`, and can be cancelled. Plain node:http (no Electron), so the same
 * listener runs in the app and in tests.
 */
export interface LoopbackRedirect<T> {
  /** The URL to give the server as the redirect target. */
  readonly redirectUrl: string;
  /** Resolves with what `read` accepted, or rejects on failure, timeout or cancel. */
  readonly result: Promise<T>;
  cancel(): void;
}

export type RedirectVerdict<T> =
  | { kind: 'accept'; value: T }
  | { kind: 'fail'; error: Error; page: string }
  | { kind: 'ignore'; status: number; page: string };

export interface LoopbackRedirectOptions<T> {
  path: string;
  timeoutMs: number;
  clock?: Clock;
  read(url: URL): RedirectVerdict<T>;
  /** The page the browser shows once the answer is taken. */
  acceptedPage: string;
  timeoutError(): Error;
  cancelError(): Error;
}

/** A minimal page in the app's name; `text` is escaped (it may quote a server). */
export function redirectPage(text: string): string {
  const escaped = text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
  return `<!doctype html><meta charset="utf-8"><title>Routed Matrix</title><p>${escaped}</p>`;
}

export async function listenForRedirect<T>(
  options: LoopbackRedirectOptions<T>,
): Promise<LoopbackRedirect<T>> {
  const clock = options.clock ?? systemClock;
  let settle!: { resolve: (value: T) => void; reject: (error: Error) => void };
  const result = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => {}); // observed by the caller; never an unhandled rejection here
  let done = false;
  const html = { 'content-type': 'text/html; charset=utf-8' };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== options.path || req.method !== 'GET') {
      res.writeHead(404, html).end(redirectPage('Not found.'));
      return;
    }
    if (done) {
      res.writeHead(410, html).end(redirectPage('This sign-in link was already used.'));
      return;
    }
    const verdict = options.read(url);
    if (verdict.kind === 'ignore') {
      res.writeHead(verdict.status, html).end(redirectPage(verdict.page));
      return;
    }
    finish();
    if (verdict.kind === 'fail') {
      res.writeHead(400, { ...html, connection: 'close' }).end(redirectPage(verdict.page));
      settle.reject(verdict.error);
      return;
    }
    res.writeHead(200, { ...html, connection: 'close' }).end(redirectPage(options.acceptedPage));
    settle.resolve(verdict.value);
  });

  const finish = () => {
    done = true;
    clock.clearTimeout(timer);
    // Let the answering response flush, then stop listening for good.
    setImmediate(() => {
      server.close();
      server.closeIdleConnections();
    });
  };
  const timer = clock.setTimeout(() => {
    if (done) return;
    finish();
    settle.reject(options.timeoutError());
  }, options.timeoutMs);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUrl: `http://127.0.0.1:${port}${options.path}`,
    result,
    cancel() {
      if (done) return;
      finish();
      settle.reject(options.cancelError());
    },
  };
}
