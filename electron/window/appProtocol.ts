/**
 * Serves the built renderer from `app://routed-matrix/`, each response carrying the app's
 * Content-Security-Policy header (a file:// page could have neither its own origin nor a CSP
 * header; see appLocation.ts).
 *
 * `registerAppScheme` must run before the app is ready; `serveRendererFiles` after.
 */
import { pathToFileURL } from 'node:url';
import { net, protocol, type Protocol } from 'electron';
import { APP_SCHEME } from './appLocation.js';
import { resolveAppAssetPath } from './appAssetPath.js';

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

export function serveRendererFiles(
  sessionProtocol: Protocol,
  rendererDir: string,
  policy: string,
): void {
  sessionProtocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAssetPath(request.url, rendererDir);
    if (file === null) return new Response('Not found', { status: 404 });
    // Only GET makes sense for static files; anything else is refused.
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405 });
    }
    let found: Response;
    try {
      found = await net.fetch(pathToFileURL(file).toString());
    } catch {
      return new Response('Not found', { status: 404 });
    }
    const headers = new Headers(found.headers);
    headers.set('Content-Security-Policy', policy);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(found.body, { status: found.status, headers });
  });
}
