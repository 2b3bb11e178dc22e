/**
 * Server names for messages. In a file of its own, apart from describeRequestError.ts, so that
 * the core's entry can name servers without loading matrix-js-sdk.
 */

/** The host a message names for `server` (a URL), or `server` itself when it is not a URL. */
export function hostOf(server: string): string {
  try {
    return new URL(server).host || server;
  } catch {
    return server;
  }
}

/** The origin of a server URL (`https://host:port`), or the text itself when it is not a URL. */
export function originOf(server: string): string {
  try {
    const origin = new URL(server).origin;
    return origin === 'null' ? server : origin;
  } catch {
    return server;
  }
}
