import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * matrix-js-sdk's OAuth 2.0 code (OAuth2, its registration, token, revocation and device-grant
 * requests) calls `globalThis.fetch` and takes no fetch of ours. Left alone, those requests would
 * skip everything the platform's fetch does: the proxy, the administrator's CAs, the redirect
 * checks and the size caps. So a `globalThis.fetch` is installed once that, inside
 * `withPlatformFetch(fetch, fn)`, sends through the given fetch, and outside it through the
 * original one (nothing else in the process changes behaviour). AsyncLocalStorage carries the
 * choice through every await of `fn`, so concurrent sessions on different platforms (tests run
 * several cores in one process) each keep their own.
 */
const scopedFetch = new AsyncLocalStorage<typeof globalThis.fetch>();
/** What globalThis.fetch was before the router went in: used outside every scope. */
let original: typeof globalThis.fetch = globalThis.fetch;
const routed: typeof globalThis.fetch = (input, init) => {
  const scoped = scopedFetch.getStore();
  if (!scoped) return original(input, init);
  // Outside the scope while the platform fetch runs: one that is built on globalThis.fetch
  // (Node's, in tests and the browser bridge) reaches the original, not this router again.
  return scopedFetch.exit(() => scoped(input, init));
};

/** Puts the router in place, again if something replaced it since (as test mocks do). */
function installRouter(): void {
  if (globalThis.fetch === routed) return;
  original = globalThis.fetch;
  globalThis.fetch = routed;
}

/** Runs `fn` with every `globalThis.fetch` it makes (the SDK's OAuth calls) going to `fetch`. */
export function withPlatformFetch<T>(
  fetch: typeof globalThis.fetch,
  fn: () => Promise<T>,
): Promise<T> {
  installRouter();
  return scopedFetch.run(fetch, fn);
}
