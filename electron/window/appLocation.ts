/**
 * Where the app's own page comes from, and how to recognise it. No Electron import: the IPC
 * sender check and the window's navigation rules both ask this, and tests can too.
 *
 * In development the page is served by Forge's Vite dev server (http://localhost:<port>). Built,
 * it is served from the renderer's files through the privileged `app://routed-matrix/` scheme
 * rather than file://: a file:// page shares its origin with every other file on the disk and
 * cannot be given a Content-Security-Policy header, while `app://routed-matrix` is an origin of
 * its own whose responses carry the policy (see appProtocol.ts).
 */

import { isLoopbackHostname } from '../core/net/urlPolicy.js';

/** The custom scheme the built renderer is served from. */
export const APP_SCHEME = 'app';
/** The host part of that scheme's URLs: one origin, `app://routed-matrix`. */
export const APP_HOST = 'routed-matrix';

export interface AppLocation {
  /** The URL the main window loads. */
  readonly entryUrl: string;
  /** Protocol and host (with port) every page URL of ours has, e.g. `app:` + `routed-matrix`. */
  readonly protocol: string;
  readonly host: string;
  /** The dev server's origin when running under `npm start`, else null. */
  readonly devServerOrigin: string | null;
}

/**
 * The page's location: the dev server when Forge provides one (an http URL on a loopback host),
 * otherwise the built files behind `app://`. Anything else given as a dev server URL is refused
 * rather than trusted, since every page on that origin would be handed the app's API.
 */
export function appLocation(devServerUrl: string | undefined): AppLocation {
  if (devServerUrl) {
    const url = new URL(devServerUrl);
    if (url.protocol !== 'http:' || !isLoopbackHostname(url.hostname)) {
      throw new Error(`Refusing a dev server that is not http on loopback: ${url.origin}`);
    }
    return {
      entryUrl: `${url.origin}/`,
      protocol: url.protocol,
      host: url.host,
      devServerOrigin: url.origin,
    };
  }
  return {
    entryUrl: `${APP_SCHEME}://${APP_HOST}/index.html`,
    protocol: `${APP_SCHEME}:`,
    host: APP_HOST,
    devServerOrigin: null,
  };
}

/** True when `url` is a page of ours: same scheme and host (and port) as the app's location. */
export function isAppPageUrl(url: string, location: AppLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Compare scheme and host rather than `origin`: Node's URL reports origin "null" for custom
  // schemes, while Chromium (where the scheme is registered as standard) reports app://host.
  return (
    parsed.protocol === location.protocol &&
    parsed.host === location.host &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
