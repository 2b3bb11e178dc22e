/**
 * A request that failed at the proxy, not at the server. The platform's fetch (undici's
 * ProxyAgent in Node, Chromium's net errors in Electron) rejects with one (a TypeError, as
 * fetch's network failures are; the original error is its cause), so messages say "the proxy … refused the connection" instead of blaming the
 * homeserver for ECONNREFUSED from a proxy that is not there.
 */
export type ProxyProblem = 'unreachable' | 'authRequired' | 'authRefused' | 'refusedTunnel';

export class ProxyFailure extends TypeError {
  constructor(
    /** The proxy's URL, without credentials (they never are in it). */
    readonly proxy: string,
    readonly problem: ProxyProblem,
    /** ECONNREFUSED, HTTP 407, net::ERR_PROXY_CONNECTION_FAILED... */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(proxyFailureWords(proxy, problem, detail), options);
    this.name = 'ProxyFailure';
  }
}

/** Lower-case, to fit inside a sentence: "…: the proxy http://p:3128 refused the connection (ECONNREFUSED)". */
function proxyFailureWords(proxy: string, problem: ProxyProblem, detail: string): string {
  switch (problem) {
    case 'unreachable':
      return `the proxy ${proxy} could not be reached (${detail})`;
    case 'authRequired':
      return `the proxy ${proxy} asks for a user name and password (${detail})`;
    case 'authRefused':
      return `the proxy ${proxy} refused the user name and password (${detail})`;
    case 'refusedTunnel':
      return `the proxy ${proxy} would not connect to the server (${detail})`;
  }
}

/** The ProxyFailure somewhere in an error's `cause` chain (fetch and the SDK both wrap). */
export function findProxyFailure(error: unknown): ProxyFailure | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    if (current instanceof ProxyFailure) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
