/** What discovery found for what the user typed: the server and the ways to sign in there. */
export interface Discovery {
  /** What the user typed, trimmed. */
  input: string;
  /** The client-server base URL found for it (pre-login; a portal's URL when routed). */
  homeserverUrl: string;
  /** The identity server its .well-known names, if any (a default only, see DESIGN.md). */
  identityServerUrl: string | null;
  flows: LoginFlows;
}

export interface LoginFlows {
  password: boolean;
  /** Identity providers for SSO; one entry with id null for a server that lists none. */
  sso: { id: string | null; name: string }[];
  /**
   * The server delegates sign-in to this OAuth 2.0 authorization server (it answered
   * GET /_matrix/client/v1/auth_metadata); `deviceGrant`: it also offers the device
   * authorization grant ("sign in on another device"). Null: the server has no OAuth 2.0 API.
   */
  oauth: { issuer: string; deviceGrant: boolean } | null;
  /**
   * Sign in with OAuth 2.0 rather than the legacy methods: the server offers nothing else, or
   * marks its SSO flow `oauth_aware_preferred` (MSC3824).
   */
  preferOAuth: boolean;
}
