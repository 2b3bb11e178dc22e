/**
 * One guard for every web contents the app ever creates (windows, DevTools, anything a future
 * feature or a bug opens), installed once on `app` before the first window exists, instead of a
 * guard each window must remember to apply. It keeps every page where it is: no navigation of
 * any frame, no redirect away from the app page, no new windows, no <webview>. A link to an
 * https page is handed to the user's browser instead (through openLink, the one door out);
 * every other URL is dropped.
 *
 * Only Electron's types are imported: main.ts passes `app` in, tests a fake.
 */
import type { App, WebContents } from 'electron';
import type { Logger } from '../core/platform.js';
import { isAppPageUrl, type AppLocation } from './appLocation.js';

export interface GuardOptions {
  location: AppLocation;
  /** Opens a link in the user's browser; refuses (rejects) what may not leave the app. */
  openLink: (url: string) => Promise<void>;
  log: Logger;
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function guardAllWebContents(app: Pick<App, 'on'>, options: GuardOptions): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, options));
}

export function guardWebContents(contents: GuardedContents, options: GuardOptions): void {
  const { location, openLink, log } = options;
  const handOff = (url: string) => {
    openLink(url).catch(() =>
      log.warn('A link was not opened in the browser', { scheme: schemeOf(url) }),
    );
  };

  // A click on a link or a script setting location: the page stays, the link may go out.
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    handOff(event.url);
  });
  // Subframes (none today; the CSP forbids frames) never navigate either, nor hand anything out.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  // loadURL does not ask will-navigate; a server redirect of such a load must stay on our page.
  contents.on('will-redirect', (event) => {
    if (!isAppPageUrl(event.url, location)) {
      event.preventDefault();
      log.warn('Blocked a redirect away from the app page', { scheme: schemeOf(event.url) });
    }
  });
  contents.setWindowOpenHandler(({ url }) => {
    handOff(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Only the scheme goes to the log: a full URL could carry a login token. */
function schemeOf(url: string): string {
  const colon = url.indexOf(':');
  return colon > 0 ? url.slice(0, Math.min(colon, 32)) : 'invalid';
}
