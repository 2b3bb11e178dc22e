/** Valid OAuth 2.0 auth metadata for an authorization server at `issuer`, for unit tests. */
export function authMetadataFor(issuer: string, extra: Record<string, unknown> = {}) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    registration_endpoint: `${issuer}/reg`,
    revocation_endpoint: `${issuer}/token/revocation`,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    ...extra,
  };
}

/** A fetch answering JSON by path (method-agnostic); anything else is a Matrix 404. */
export function routeFetch(
  routes: Record<string, { status?: number; body: unknown }>,
): typeof globalThis.fetch & { urls: string[] } {
  const urls: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    urls.push(url);
    const route = routes[new URL(url).pathname];
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    if (!route) return json(404, { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' });
    return json(route.status ?? 200, route.body);
  }) as typeof globalThis.fetch & { urls: string[] };
  fetch.urls = urls;
  return fetch;
}
