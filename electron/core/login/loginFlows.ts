import type { LoginFlows } from '../../ipc/contract.js';
import { isPlainObject } from '../net/readLimitedJson.js';

/**
 * Reads a `GET /login` answer defensively: unknown flow types are ignored, identity providers
 * without a usable id or name are dropped, and names are capped so a server cannot flood the UI.
 */
export function parseLoginFlows(body: unknown): Omit<LoginFlows, 'oauthOnly'> {
  const flows = isPlainObject(body) && Array.isArray(body.flows) ? body.flows : [];
  let password = false;
  let sso: LoginFlows['sso'] | null = null;
  for (const flow of flows) {
    if (!isPlainObject(flow)) continue;
    if (flow.type === 'm.login.password') password = true;
    if (flow.type === 'm.login.sso' || flow.type === 'm.login.cas') {
      const providers = Array.isArray(flow.identity_providers) ? flow.identity_providers : [];
      const named = providers.filter(isPlainObject).flatMap((p) =>
        typeof p.id === 'string' && p.id.length > 0 && p.id.length <= 255
          ? [
              {
                id: p.id,
                name: typeof p.name === 'string' && p.name ? p.name.slice(0, 80) : p.id,
              },
            ]
          : [],
      );
      sso = named.length > 0 ? named : [{ id: null, name: 'single sign-on' }];
    }
  }
  return { password, sso: sso ?? [] };
}
