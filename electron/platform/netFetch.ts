/**
 * The core's `fetch`: Electron's `net.fetch`, i.e. Chromium's network stack, which honours the
 * system proxy settings, PAC scripts and the OS certificate store (corporate proxies and private
 * CAs work as they do in the user's browser). Node's own fetch would see none of that.
 *
 * A request with `redirect: 'manual'` (every request of the core: it checks each redirect hop
 * itself) goes through manualRedirectFetch instead, on the same network stack, because net.fetch
 * fails such a request rather than returning the redirect.
 */
import { net } from 'electron';
import { manualRedirectFetch } from './manualRedirectFetch.js';

export const netFetch: typeof globalThis.fetch = (input, init) => {
  // net.fetch takes a string or a Request; a URL object is passed as its string form.
  const target = input instanceof URL ? input.href : input;
  const redirect = init?.redirect ?? (target instanceof Request ? target.redirect : 'follow');
  return redirect === 'manual' ? manualRedirectFetch(target, init) : net.fetch(target, init);
};
