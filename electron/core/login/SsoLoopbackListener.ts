import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserFacingError } from '../UserFacingError.js';

/**
 * Receives the SSO redirect in the main process: an HTTP listener on 127.0.0.1 for one sign-in
 * attempt. Its path carries a random state, so only the redirect for this attempt is accepted;
 * it takes exactly one `loginToken`, answers the browser with a short page, and closes. It gives
 * up after `timeoutMs` and can be cancelled. Plain node:http (no Electron), so the same listener
 * runs in the app and in tests.
 */
export interface SsoCallback {
  /** Give this to the homeserver as `redirectUrl`. */
  readonly redirectUrl: string;
  /** Resolves with the login token, or rejects on timeout or cancel. */
  readonly token: Promise<string>;
  cancel(): void;
}

const PAGE = (text: string) =>
  `<!doctype html><meta charset="utf-8"><title>Routed Matrix</title><p>${text}</p>`;

export async function listenForSsoCallback(timeoutMs: number): Promise<SsoCallback> {
  const state = randomBytes(16).toString('hex');
  let settle!: { resolve: (token: string) => void; reject: (error: Error) => void };
  const token = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  token.catch(() => {}); // observed by the caller; never an unhandled rejection here
  let done = false;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const loginToken = url.searchParams.get('loginToken');
    if (url.pathname !== `/sso/${state}` || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Not found.'));
      return;
    }
    if (done) {
      res.writeHead(410, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE('This sign-in link was already used.'));
      return;
    }
    if (!loginToken || loginToken.length > 4096) {
      res
        .writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
        .end(PAGE('No login token.'));
      return;
    }
    finish();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', connection: 'close' });
    res.end(PAGE('Signed in. You can close this tab and return to Routed Matrix.'));
    settle.resolve(loginToken);
  });

  const finish = () => {
    done = true;
    clearTimeout(timer);
    // Let the answering response flush, then stop listening for good.
    setImmediate(() => {
      server.close();
      server.closeIdleConnections();
    });
  };
  const timer = setTimeout(() => {
    if (done) return;
    finish();
    settle.reject(
      new UserFacingError(
        'SSO_TIMEOUT',
        'Single sign-on took too long and was stopped. Try again.',
      ),
    );
  }, timeoutMs);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUrl: `http://127.0.0.1:${port}/sso/${state}`,
    token,
    cancel() {
      if (done) return;
      finish();
      settle.reject(new UserFacingError('SSO_CANCELLED', 'Single sign-on was cancelled.'));
    },
  };
}
