/**
 * Vite plugin of the renderer build: writes `index.signin.html`, the built `index.html` with the
 * signed-out sign-in screen drawn into #app, so that screen shows with the page's first paint
 * instead of after the app's script has loaded and run (issue 14, first-paint). Main serves it
 * only when the state is the one it was drawn from (electron/window/firstPage.ts).
 *
 * The screen is rendered by the app's own components, compiled for the server with the same
 * Svelte options as the window (so the markup and its scoped CSS classes match what the client
 * hydrates), in a server build of its own that goes to .vite/prerender (not packaged).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { svelte, type Options as SvelteOptions } from '@sveltejs/vite-plugin-svelte';
import { build, type Plugin } from 'vite';
import { SIGN_IN_PAGE_FILE, SIGN_IN_PAGE_STATE } from '../electron/window/firstPage.js';

const ENTRY = 'prerender/signInPage.ts';
const EMPTY_APP = '<div id="app"></div>';

export function prerenderSignInPage(
  svelteOptions: Partial<SvelteOptions>,
  serverOutDir: string,
): Plugin {
  let root = '';
  let outDir = '';
  return {
    name: 'routed-matrix:prerender-sign-in',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = config.build.outDir;
    },
    async closeBundle() {
      await build({
        configFile: false,
        root,
        logLevel: 'warn',
        plugins: [svelte(svelteOptions)],
        build: { ssr: ENTRY, outDir: serverOutDir, emptyOutDir: true, minify: false },
      });
      const rendered = pathToFileURL(join(serverOutDir, 'signInPage.js'));
      // A fresh URL per build: a watching build must not reuse the last module it imported.
      rendered.search = String(Date.now());
      const { renderSignInPage } = (await import(rendered.href)) as {
        renderSignInPage: (first: typeof SIGN_IN_PAGE_STATE) => string;
      };
      const html = await readFile(join(outDir, 'index.html'), 'utf8');
      if (!html.includes(EMPTY_APP)) throw new Error(`index.html has no ${EMPTY_APP} to draw into`);
      const body = renderSignInPage(SIGN_IN_PAGE_STATE);
      await writeFile(
        join(outDir, SIGN_IN_PAGE_FILE),
        html.replace(EMPTY_APP, `<div id="app" data-prerendered>${body}</div>`),
      );
    },
  };
}
