/** The host a message names for `server` (a URL), or `server` itself when it is not a URL. */
export function hostOf(server: string): string {
  try {
    return new URL(server).host || server;
  } catch {
    return server;
  }
}
