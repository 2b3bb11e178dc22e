/**
 * Keeps the window on the app's page: no navigation, no new windows, no <webview>. A link to an
 * https page is handed to the user's browser instead; every other URL is dropped.
 */
import type { WebContents } from 'electron';
import type { Logger } from '../core/platform.js';
import { isLinkForSystemBrowser } from './linkPolicy.js';

export function guardNavigation(
  contents: WebContents,
  openInBrowser: (url: string) => Promise<void>,
  log: Logger,
): void {
  const handOff = (url: string) => {
    if (!isLinkForSystemBrowser(url)) {
      log.warn('Blocked a navigation the app does not allow', { scheme: schemeOf(url) });
      return;
    }
    openInBrowser(url).catch((error: unknown) =>
      log.warn('Could not open a link in the browser', { error: String(error) }),
    );
  };

  contents.on('will-navigate', (event) => {
    event.preventDefault();
    handOff(event.url);
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
