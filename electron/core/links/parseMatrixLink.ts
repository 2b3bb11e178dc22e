/**
 * One parser for the two ways a Matrix entity is linked from outside the app: the `matrix:` URI
 * scheme (Matrix spec appendix "Matrix URI scheme", MSC2312) and `https://matrix.to/#/…` links
 * (spec appendix "matrix.to navigation"). Pure: a string in, a parsed link or null out. The OS
 * hands these to the app (command line, macOS open-url); the room UI will later act on the
 * target, and the core may use it for "join by link".
 *
 * Anything that does not match the grammar is null: the caller shows nothing rather than a guess.
 */

export type MatrixLinkTarget =
  | { kind: 'user'; userId: string }
  | { kind: 'roomAlias'; alias: string; eventId: string | null }
  | { kind: 'roomId'; roomId: string; eventId: string | null };

export interface MatrixLink {
  target: MatrixLinkTarget;
  /** Servers to join or peek through (`via=`), in order, duplicates removed. */
  via: string[];
  /** What the link asks for (`action=`, matrix: URIs only); unknown actions are ignored. */
  action: 'join' | 'chat' | null;
}

/** Longer input is refused before parsing: no Matrix identifier is longer than 255 bytes. */
const MAX_LINK_LENGTH = 4096;
const MAX_ID_LENGTH = 255;
const MAX_VIA = 32;

// Server name grammar (spec "Server Name"): a DNS name, IPv4 or [IPv6], optional port.
const SERVER_NAME = /^(?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,255})(?::\d{1,5})?$/;

/** The `matrix:` type segments; the spec asks clients to accept the long MSC names as well. */
const URI_TYPES: Record<string, 'u' | 'r' | 'roomid' | 'e'> = {
  u: 'u',
  user: 'u',
  r: 'r',
  room: 'r',
  roomid: 'roomid',
  e: 'e',
  event: 'e',
};

export function parseMatrixLink(input: string): MatrixLink | null {
  const text = input.trim();
  if (text.length === 0 || text.length > MAX_LINK_LENGTH) return null;
  if (/^matrix:/i.test(text)) return parseMatrixUri(text);
  if (/^https:\/\/matrix\.to\//i.test(text)) return parseMatrixTo(text);
  return null;
}

/** `matrix:[//authority/]type/id[/e/event][?query][#fragment]` */
function parseMatrixUri(text: string): MatrixLink | null {
  let rest = text.slice('matrix:'.length);
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash); // the fragment is reserved; ignored
  const question = rest.indexOf('?');
  const query = question >= 0 ? rest.slice(question + 1) : '';
  let path = question >= 0 ? rest.slice(0, question) : rest;
  // An authority is reserved for future use; the spec tells clients to ignore it for now.
  if (path.startsWith('//')) {
    const slash = path.indexOf('/', 2);
    if (slash < 0) return null;
    path = path.slice(slash + 1);
  }
  const segments = path.split('/');
  if (segments.length !== 2 && segments.length !== 4) return null;
  const [rawType, rawId, rawEventType, rawEventId] = segments;
  const type = URI_TYPES[rawType?.toLowerCase() ?? ''];
  const body = decode(rawId);
  if (type === undefined || type === 'e' || body === null) return null;

  let eventId: string | null = null;
  if (segments.length === 4) {
    if (URI_TYPES[rawEventType?.toLowerCase() ?? ''] !== 'e' || type === 'u') return null;
    const eventBody = decode(rawEventId);
    if (eventBody === null) return null;
    eventId = checkedId('$', `$${eventBody}`);
    if (eventId === null) return null;
  }

  const params = parseQuery(query);
  if (params === null) return null;
  const actionValue = params.get('action');
  const action = actionValue === 'join' || actionValue === 'chat' ? actionValue : null;
  const via = viaServers(params.getAll('via'));

  const target = makeTarget(type, body, eventId);
  return target === null ? null : { target, via, action };
}

/** `https://matrix.to/#/<identifier>[/<event id>][?via=…]`: everything is in the fragment. */
function parseMatrixTo(text: string): MatrixLink | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.hostname !== 'matrix.to' || url.port !== '' || url.username || url.password) return null;
  if (url.pathname !== '/' || url.search !== '') return null;
  const fragment = url.hash;
  if (!fragment.startsWith('#/')) return null;
  const rest = fragment.slice(2);
  const question = rest.indexOf('?');
  const path = question >= 0 ? rest.slice(0, question) : rest;
  const params = parseQuery(question >= 0 ? rest.slice(question + 1) : '');
  if (params === null) return null;

  // Identifiers are percent-encoded; a room alias's '#' must be ("%23"), but clients send
  // it raw too, which URL parsing keeps in the fragment as it is.
  const segments = path.split('/');
  if (segments.length < 1 || segments.length > 2) return null;
  const first = decode(segments[0]);
  if (first === null) return null;
  let eventId: string | null = null;
  if (segments.length === 2) {
    const second = decode(segments[1]);
    if (second === null) return null;
    eventId = checkedId('$', second);
    if (eventId === null) return null;
  }

  const sigil = first[0];
  const type = sigil === '@' ? 'u' : sigil === '#' ? 'r' : sigil === '!' ? 'roomid' : null;
  if (type === null || (type === 'u' && eventId !== null)) return null;
  const target = makeTarget(type, first.slice(1), eventId);
  return target === null ? null : { target, via: viaServers(params.getAll('via')), action: null };
}

function makeTarget(
  type: 'u' | 'r' | 'roomid',
  body: string,
  eventId: string | null,
): MatrixLinkTarget | null {
  if (type === 'u') {
    const userId = checkedId('@', `@${body}`, true);
    return userId === null ? null : { kind: 'user', userId };
  }
  if (type === 'r') {
    const alias = checkedId('#', `#${body}`, true);
    return alias === null ? null : { kind: 'roomAlias', alias, eventId };
  }
  // Room ids of room version 12 have no ":server" part, so the server is optional here.
  const roomId = checkedId('!', `!${body}`);
  return roomId === null ? null : { kind: 'roomId', roomId, eventId };
}

/**
 * Checks the identifier's outline (sigil, length, no whitespace or control characters, no '/'
 * that would have been a path separator; a `:server` part when `needsServer`).
 */
function checkedId(sigil: string, id: string, needsServer = false): string | null {
  if (!id.startsWith(sigil) || id.length < 2) return null;
  if (new TextEncoder().encode(id).length > MAX_ID_LENGTH) return null;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\s\u0000-\u001f\u007f/]/.test(id)) return null;
  const colon = id.indexOf(':');
  if (needsServer) {
    if (colon < 2) return null;
    if (!SERVER_NAME.test(id.slice(colon + 1))) return null;
  }
  return id;
}

function viaServers(values: string[]): string[] {
  const servers = values.filter((value) => SERVER_NAME.test(value));
  return [...new Set(servers)].slice(0, MAX_VIA);
}

function parseQuery(query: string): URLSearchParams | null {
  try {
    return new URLSearchParams(query);
  } catch {
    return null;
  }
}

/** Percent-decoding that refuses broken escapes instead of throwing. */
function decode(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
