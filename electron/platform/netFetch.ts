/**
 * The core's `fetch`: Electron's `net.fetch`, i.e. Chromium's network stack, which honours the
 * system proxy settings, PAC scripts and the OS certificate store (corporate proxies and private
 * CAs work as they do in the user's browser). Node's own fetch would see none of that.
 */
import { net } from 'electron';

export const netFetch: typeof globalThis.fetch = (input, init) =>
  // net.fetch takes a string or a Request; a URL object is passed as its string form.
  net.fetch(input instanceof URL ? input.href : input, init);
