/**
 * The Content-Security-Policy of the app window, as data: its one source. No Electron import:
 * tests read it, both the dev-server header hook (contentSecurityPolicy.ts) and the app:// file
 * server (appProtocol.ts) send the same string, and the renderer's build writes the <meta> copy
 * into index.html from it (vite.renderer.config.ts), for pages served without our header (the
 * test bridge in a browser).
 *
 * No inline or eval script, no remote anything: the page talks to the outside world only through
 * the preload API, so `connect-src 'self'` is all it needs. Development relaxes exactly two
 * things: Vite's dev server injects component styles as <style> elements, and its hot-reload
 * client talks to the dev server over a WebSocket.
 */
const STRICT_DIRECTIVES: readonly (readonly [string, string])[] = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  // blob: for pictures whose bytes main fetched (avatars, components/rooms/Avatar.svelte).
  ['img-src', "'self' data: blob:"],
  ['connect-src', "'self'"],
  ['font-src', "'self'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

/** The policy for the built app (`devServerOrigin` null) or for the Vite dev server. */
export function buildContentSecurityPolicy(devServerOrigin: string | null): string {
  return STRICT_DIRECTIVES.map(([name, value]) => {
    if (devServerOrigin !== null && name === 'style-src') return `${name} ${value} 'unsafe-inline'`;
    if (devServerOrigin !== null && name === 'connect-src') {
      return `${name} ${value} ${devServerOrigin} ${devServerOrigin.replace(/^http/, 'ws')}`;
    }
    return `${name} ${value}`;
  }).join('; ');
}

/**
 * Directives a <meta> policy cannot carry: browsers ignore them there (and warn), so the meta copy
 * leaves them out; the header, which carries them, is what Electron's window gets.
 */
const HEADER_ONLY_DIRECTIVES: ReadonlySet<string> = new Set([
  'frame-ancestors',
  'report-uri',
  'sandbox',
]);

/** The built app's policy as a <meta http-equiv> may carry it. */
export function buildMetaContentSecurityPolicy(): string {
  return buildContentSecurityPolicy(null)
    .split('; ')
    .filter((directive) => !HEADER_ONLY_DIRECTIVES.has(directive.split(' ')[0] ?? ''))
    .join('; ');
}

/**
 * Response headers with our policy in place of any the server sent: a weaker policy from the
 * dev server (or anything else) must not survive next to ours under a different letter case.
 */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = values;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}
