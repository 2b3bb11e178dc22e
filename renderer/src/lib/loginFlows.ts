/** Questions about a server's login flows. */
import type { LoginFlows } from './contract';

/** Whether the server offers a way of signing in that this app can use. */
export function hasLoginMethod(flows: LoginFlows): boolean {
  return flows.password || flows.sso.length > 0;
}

/** The flows without the methods the administrator does not allow (`login_methods`). */
export function allowedFlows(
  flows: LoginFlows,
  allowed: readonly ('password' | 'sso' | 'oauth')[] | undefined,
): LoginFlows {
  if (allowed === undefined) return flows;
  return {
    ...flows,
    password: flows.password && allowed.includes('password'),
    sso: allowed.includes('sso') ? flows.sso : [],
  };
}
