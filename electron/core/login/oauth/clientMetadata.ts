import type { OAuthRegistrationRequest } from 'matrix-js-sdk';

/**
 * Who the app says it is when it registers with an authorization server (RFC 7591, spec
 * "Client registration"): a native application whose redirect is a loopback URL. The spec wants
 * `client_uri` and every other URI on its host; the AS shows name and links on its consent page.
 * Kept equal to package.json's productName and homepage (a unit test checks).
 */
export const APP_NAME = 'Routed Matrix';
export const APP_HOMEPAGE = 'https://r-seed-1440fc43.example/routed-matrix';

/**
 * The path of the loopback redirect. Registered without a port: RFC 8252 §7.3 has the AS accept
 * any port on a loopback redirect URI, so each sign-in listens on a port the OS picks.
 */
export const OAUTH_CALLBACK_PATH = '/oauth/callback';
export const REGISTERED_REDIRECT_URI = `http://127.0.0.1${OAUTH_CALLBACK_PATH}`;

export const CLIENT_METADATA: OAuthRegistrationRequest = {
  application_type: 'native',
  client_name: APP_NAME,
  client_uri: APP_HOMEPAGE,
  policy_uri: `${APP_HOMEPAGE}/privacy`,
  tos_uri: `${APP_HOMEPAGE}/terms`,
  redirect_uris: [REGISTERED_REDIRECT_URI],
  response_types: ['code'],
  token_endpoint_auth_method: 'none',
};
