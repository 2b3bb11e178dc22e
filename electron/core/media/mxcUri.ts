/**
 * `mxc://<server-name>/<media-id>` as the spec defines it (Client-Server API, "Matrix Content
 * URIs"): the server name is a DNS name, an IPv4 address or a bracketed IPv6 address with an
 * optional port; the media ID is `[A-Za-z0-9_-]+`. Anything else is refused before a URL is
 * built from it, so an event cannot smuggle a path (`../`), a query or another host into a
 * media request made with the user's token.
 */
export interface MxcUri {
  serverName: string;
  mediaId: string;
}

const MXC =
  /^mxc:\/\/((?:[A-Za-z0-9.-]{1,255}|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?)\/([A-Za-z0-9_-]{1,255})$/;

/** The validated parts of an mxc URI, or null when it is not one. */
export function parseMxcUri(value: unknown): MxcUri | null {
  if (typeof value !== 'string' || value.length > 600) return null;
  const match = MXC.exec(value);
  if (!match) return null;
  const serverName = match[1]!;
  const port = /:([0-9]+)$/.exec(serverName.replace(/^\[[^\]]*\]/, ''))?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return null;
  // A DNS name has no empty label; "." and ".." are paths, not hosts.
  if (!serverName.startsWith('[') && /(^|\.)\.|^[.-]|\.$/.test(serverName.replace(/:[0-9]+$/, '')))
    return null;
  return { serverName, mediaId: match[2]! };
}

/** `value` itself when it is a valid mxc URI (one the window may be sent), else null. */
export function checkedMxc(value: string | null | undefined): string | null {
  return value && parseMxcUri(value) ? value : null;
}

/** An mxc URI as the window may pass it back (the contract's pattern for `mediaThumbnail`). */
export const MXC_URI_PATTERN = MXC;
