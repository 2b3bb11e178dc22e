/** How the window names an OAuth authorization server: its host, as the user sees it in the browser. */
export function issuerName(issuer: string): string {
  try {
    return new URL(issuer).host || issuer;
  } catch {
    return issuer;
  }
}
