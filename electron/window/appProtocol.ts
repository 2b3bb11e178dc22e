/**
 * Serves the built renderer from `app://routed-matrix/`, each response carrying the app's
 * Content-Security-Policy header (a file:// page could have neither its own origin nor a CSP
 * header; see appLocation.ts).
 *
 * `registerAppScheme` must run before the app is ready; `serveRendererFiles` after.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol, type Protocol } from 'electron';
import type { FirstState } from '../ipc/contract.js';
import { APP_SCHEME } from './appLocation.js';
import { resolveAppAssetPath } from './appAssetPath.js';
import { composeFirstPage, readRendererPages, type RendererPages } from './firstPage.js';

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: a real origin for 'self' and the IPC sender check; secure: treated like https;
      // supportFetchAPI and corsEnabled: module scripts and fetches of our own files load.
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

/**
 * `firstState` is the core's state of the moment (AppCore's firstState), written into the page
 * itself when it is asked for (firstPage.ts).
 */
export function serveRendererFiles(
  sessionProtocol: Protocol,
  rendererDir: string,
  policy: string,
  firstState: () => FirstState | null,
): void {
  const entry = join(resolve(rendererDir), 'index.html');
  // The build does not change while the app runs: read its two pages once.
  let pages: Promise<RendererPages | null> | null = null;
  // Every file of the window, its first page included, comes with the CSP and no sniffing.
  const withPolicy = (headers: Headers): Headers => {
    headers.set('Content-Security-Policy', policy);
    headers.set('X-Content-Type-Options', 'nosniff');
    return headers;
  };
  sessionProtocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAssetPath(request.url, rendererDir);
    if (file === null) return new Response('Not found', { status: 404 });
    // Only GET makes sense for static files; anything else is refused.
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405 });
    }
    if (file === entry) {
      pages ??= readRendererPages(rendererDir);
      const read = await pages;
      if (read === null) return new Response('Not found', { status: 404 });
      return new Response(composeFirstPage(read, firstState()), {
        headers: withPolicy(new Headers({ 'Content-Type': 'text/html; charset=utf-8' })),
      });
    }
    let found: Response;
    try {
      found = await net.fetch(pathToFileURL(file).toString());
    } catch {
      return new Response('Not found', { status: 404 });
    }
    return new Response(found.body, {
      status: found.status,
      headers: withPolicy(new Headers(found.headers)),
    });
  });
}
