/**
 * The packages a core that starts with no session does not need yet (issue 14, core-start):
 * matrix-js-sdk and what only a session uses (its Rust crypto, the IndexedDB its crypto store
 * lives in, phone-number parsing for lookups and invites). Which of them a list of loaded module
 * URLs contains, to tell "loaded when first needed" from "loaded at start".
 */
export const HEAVY_PACKAGES = [
  'matrix-js-sdk',
  '@matrix-org/matrix-sdk-crypto-wasm',
  'fake-indexeddb',
  'libphonenumber-js',
] as const;

export function heavyPackagesIn(moduleUrls: Iterable<string>): string[] {
  const found = new Set<string>();
  for (const url of moduleUrls) {
    for (const name of HEAVY_PACKAGES) {
      if (url.includes(`/node_modules/${name}/`)) found.add(name);
    }
  }
  return HEAVY_PACKAGES.filter((name) => found.has(name));
}
