/**
 * oauth-ready's steps: which logged request is which step, and which step needs which, between
 * the consent POST and "identity server known" (harness/needlessWaits.ts checks the log with it).
 *
 *   consent POST → resume (the browser follows the consent's redirect to oidc-provider's
 *     /auth/{uid}, whose answer sends it to the app's loopback with the code; the loopback
 *     hop is the app's own listener, not logged, not a network round trip)
 *   resume → token (POST /token: the code comes with the browser's visit to the loopback)
 *   token → whoami (the access token; the token answer names no user)
 *   whoami → account data (GET …/user/{userId}/account_data/m.identity_server: the path names
 *     the user only whoami tells; and the session opens only once whoami confirmed the user and
 *     the device, OAuthLoginMethod.ts)
 *   whoami → /sync (same reason: no session, no sync, before the user and device are
 *     confirmed); a /sync needs the previous one's next_batch
 *   whoami → auth metadata (the session's own read, for its refreshes, can only start with the
 *     session; nothing needs it before the identity server is known, so it may overlap all)
 *   whoami → /versions (the session's client asks for it as it starts, for its encryption:
 *     no session before whoami; it goes out beside the account data, costing no round trip)
 *   identity server: needs the account data (which identity server) first.
 * Anything else is listed under its own name and depends on nothing: if it did not go out at
 * once, it is flagged.
 *
 * Strictly, /sync needs only the access token; the app waits for whoami because it opens no
 * session for a user or device the server has not confirmed, and since the account-data read
 * needs whoami anyway, that wait costs no round trip.
 */
import type { World } from '../../fixtures/index.js';
import type { RequestLogEntry } from '../../fixtures/shared/requestLog.js';
import type { Dependencies } from '../harness/needlessWaits.js';
import { IS_EVENT } from '../harness/benchWorld.js';

/** The servers whose requests have steps. */
export type OAuthWorldServers = Pick<World, 'oauth' | 'oauthHs' | 'identityServer'>;

export const OAUTH_READY_DEPENDENCIES: Dependencies = {
  consent: [],
  resume: ['consent'],
  token: ['resume'],
  whoami: ['token'],
  accountData: ['whoami'],
  sync: ['whoami', 'sync'],
  authMetadata: ['whoami'],
  versions: ['whoami'],
  identity: ['accountData'],
};

/** Which step of the map a logged request is; anything else is named by server and route. */
export function stepOf(world: OAuthWorldServers, r: RequestLogEntry): string {
  const at = (server: { baseUrl: string } | undefined) =>
    server !== undefined && r.server.endsWith(` ${server.baseUrl}`);
  const label = `${r.method} ${r.template}`;
  if (at(world.oauth)) {
    if (r.method === 'POST' && r.path.startsWith('/interaction/')) return 'consent';
    if (r.method === 'GET' && r.path.startsWith('/auth/')) return 'resume';
    if (r.method === 'POST' && r.path === '/token') return 'token';
    if (r.path.startsWith('/.well-known/')) return 'authMetadata';
  }
  if (at(world.oauthHs)) {
    if (r.path.endsWith('/account/whoami')) return 'whoami';
    if (r.path.endsWith(`/account_data/${IS_EVENT}`)) return 'accountData';
    if (r.path.endsWith('/sync')) return 'sync';
    if (r.path.endsWith('/auth_metadata')) return 'authMetadata';
    if (r.path === '/_matrix/client/versions') return 'versions';
  }
  if (at(world.identityServer)) return 'identity';
  return `${r.server} ${label}`;
}
