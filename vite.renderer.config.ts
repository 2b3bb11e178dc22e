/**
 * Vite config for the renderer (the Svelte window). Used by `npm run build:renderer`, by the test
 * bridge (which serves the built files) and by Electron Forge's Vite plugin.
 *
 * The window runs under a strict Content-Security-Policy (electron/window/cspPolicy.ts, its one
 * source): no inline scripts, no inline styles. Svelte's component CSS is therefore emitted as files (`emitCss`),
 * which Vite bundles into one stylesheet linked from index.html.
 */
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { prerenderSignInPage } from './build/prerenderSignInPage.js';
import { buildMetaContentSecurityPolicy } from './electron/window/cspPolicy.js';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Writes the built app's policy into index.html as a <meta> from electron/window/cspPolicy.ts, so
 * the page carries it even where no header does (the test bridge serves the build to a browser).
 * Build only: under the dev server (`npm start`) main sends the development policy as a header,
 * which allows Vite's injected <style> elements and its hot-reload socket.
 */
export function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'routed-matrix:csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: {
          'http-equiv': 'Content-Security-Policy',
          content: buildMetaContentSecurityPolicy(),
        },
        // Before every script and stylesheet, which a meta policy does not reach back to.
        injectTo: 'head-prepend',
      },
    ],
  };
}

/** The window's Svelte options; the sign-in page's server render compiles with the same. */
const svelteOptions = {
  configFile: false,
  emitCss: true,
  compilerOptions: { runes: true },
} as const;

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [
    svelte(svelteOptions),
    contentSecurityPolicyMeta(),
    prerenderSignInPage(svelteOptions, `${repoRoot}.vite/prerender`),
  ],
  build: {
    outDir: `${repoRoot}.vite/renderer/main_window`,
    emptyOutDir: true,
    // Chromium supports modulepreload natively; no polyfill code needed.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs into CSS/JS beyond what img-src allows; keep files.
    assetsInlineLimit: 0,
  },
});
