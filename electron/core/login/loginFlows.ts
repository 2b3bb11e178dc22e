import type { LoginFlows } from './discovery.js';
import { isPlainObject } from '../net/readLimitedJson.js';

/**
 * The spec's grammar for an identity provider id (1 to 255 RFC 3986 unreserved characters). An id
 * outside it could not come back unchanged from the renderer (the contract trims it) and would
 * need escaping in the SSO redirect path, so such a provider is dropped like one without an id.
 * "." and ".." fit the grammar but are path steps, which ssoLoginUrl refuses: not offered either.
 */
const IDP_ID = /^(?!\.\.?$)[A-Za-z0-9._~-]{1,255}$/;

/**
 * Reads a `GET /login` answer defensively: unknown flow types are ignored, identity providers
 * without a usable id or name are dropped, and names are capped so a server cannot flood the UI.
 */
export function parseLoginFlows(body: unknown): Pick<LoginFlows, 'password' | 'sso'> {
  const flows = isPlainObject(body) && Array.isArray(body.flows) ? body.flows : [];
  let password = false;
  let sso: LoginFlows['sso'] | null = null;
  for (const flow of flows) {
    if (!isPlainObject(flow)) continue;
    if (flow.type === 'm.login.password') password = true;
    if (flow.type === 'm.login.sso' || flow.type === 'm.login.cas') {
      const providers = Array.isArray(flow.identity_providers) ? flow.identity_providers : [];
      const named = providers.filter(isPlainObject).flatMap((p) =>
        typeof p.id === 'string' && IDP_ID.test(p.id)
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

/**
 * MSC3824: a server that offers OAuth 2.0 next to the legacy API marks its SSO flow
 * `oauth_aware_preferred: true` (Synapse with MAS in compatibility mode) to say that
 * OAuth-aware clients should use OAuth 2.0. The unstable name is read too.
 */
export function ssoPrefersOAuth(body: unknown): boolean {
  const flows = isPlainObject(body) && Array.isArray(body.flows) ? body.flows : [];
  return flows.some(
    (flow) =>
      isPlainObject(flow) &&
      flow.type === 'm.login.sso' &&
      (flow.oauth_aware_preferred === true ||
        flow['org.matrix.msc3824.delegated_oidc_compatibility'] === true),
  );
}
