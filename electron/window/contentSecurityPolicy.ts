/**
 * Sends the app's Content-Security-Policy as a response header on every document this session
 * loads (the page under the dev server, and anything the window could ever be made to load).
 *
 * The built page is served by appProtocol.ts, which puts the same policy on its own responses;
 * this hook covers http(s) documents. It only touches documents (`mainFrame`, `subFrame`): the
 * session's other traffic, such as main's own `net.request`/`net.fetch` calls to Matrix servers, passes through
 * unchanged.
 */
import type { Session } from 'electron';
import { withContentSecurityPolicy } from './cspPolicy.js';

export function enforceContentSecurityPolicy(session: Session, policy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    if (details.resourceType !== 'mainFrame' && details.resourceType !== 'subFrame') {
      callback({});
      return;
    }
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
}
