/**
 * Vite config for the renderer (the Svelte window). Used by `npm run build:renderer`, by the test
 * bridge (which serves the built files) and by Electron Forge's Vite plugin.
 *
 * The window runs under a strict Content-Security-Policy (see renderer/index.html): no inline
 * scripts, no inline styles. Svelte's component CSS is therefore emitted as files (`emitCss`),
 * which Vite bundles into one stylesheet linked from index.html.
 */
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The dev server (Forge's `npm start`) injects component CSS through <style> elements, which the
 * strict policy blocks. Relax `style-src` for the dev server only; built output keeps the policy
 * exactly as written in index.html.
 */
function devServerCsp(): Plugin {
  return {
    name: 'routed-matrix:dev-server-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [
    svelte({ configFile: false, emitCss: true, compilerOptions: { runes: true } }),
    devServerCsp(),
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
