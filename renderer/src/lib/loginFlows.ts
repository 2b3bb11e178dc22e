/** Questions about a server's login flows. */
import type { LoginFlows } from './contract';

/** Whether the server offers a way of signing in that this app can use. */
export function hasLoginMethod(flows: LoginFlows): boolean {
  return !flows.oauthOnly && (flows.password || flows.sso.length > 0);
}
