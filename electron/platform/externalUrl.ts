/**
 * The one rule for URLs that leave the app for the operating system (Element Desktop's model):
 * parse with the WHATWG URL parser and hand the OS the URL rebuilt from the parts the parser
 * understood, never the string we were given. No Electron import, so it is unit-tested.
 *
 * The OS passes the URL to whatever program claims its scheme (`open`, `xdg-open`,
 * ShellExecute), so a `file:`, `smb:` or custom-scheme URL could start a program or leak
 * credentials. Only https goes out; a link carrying a user name or password is refused rather
 * than stripped (it is a phishing shape, not something to "fix"). One exception, for sign-in
 * only: a homeserver's SSO or OAuth page may be plain http on this computer (loopback), which is
 * what development servers and the test servers are, and which the core's URL policy already
 * allows for homeservers.
 */
import { isLoopbackHostname } from '../core/net/urlPolicy.js';

/** What the URL is for: a link from the window, or a sign-in page of the homeserver. */
export type ExternalUrlPurpose = 'link' | 'signIn';

/** The URL to hand the OS, rebuilt from its parsed parts, or null when it may not leave. */
export function externalUrl(raw: string, purpose: ExternalUrlPurpose): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const allowedScheme =
    url.protocol === 'https:' ||
    (purpose === 'signIn' && url.protocol === 'http:' && isLoopbackHostname(url.hostname));
  if (!allowedScheme || url.hostname === '') return null;
  if (url.username !== '' || url.password !== '') return null;
  // `host` is the punycoded host with a non-default port; path, query and fragment come back
  // percent-encoded, so no space, quote or control character reaches the OS as given.
  return `${url.protocol}//${url.host}${url.pathname}${url.search}${url.hash}`;
}
