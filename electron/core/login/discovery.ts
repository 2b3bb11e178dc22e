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
  /** The server only offers OAuth 2.0 (next-generation auth), which this app does not do yet. */
  oauthOnly: boolean;
}
