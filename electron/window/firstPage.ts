/**
 * The window's first page, as main serves it: the built `index.html` with the state of the moment
 * written in (FirstState), so the first render is already the right screen; and, when that state
 * is the one the sign-in screen was drawn from at build time, the page that carries that screen
 * drawn in its HTML (`index.signin.html`, see renderer/prerender/), so the form shows with the
 * page's first paint and the app takes it over (hydrates it) once its script has run.
 *
 * Shared by Electron's `app://` handler and the test bridge; no Electron import.
 *
 * Why not always send the drawn sign-in form: a stored session, a message to the user or a server
 * locked by the administrator would show the form first and then take it away. Those pages carry
 * the state only and are drawn by the app's script, as before.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ManagedPolicy } from '../core/managed/ManagedPolicy.js';
import { SIGNED_OUT_STATE } from '../core/signedOutState.js';
import { FIRST_STATE_ELEMENT_ID, type FirstState } from '../ipc/contract.js';

/** The renderer build's page with the sign-in screen drawn in (renderer/prerender/). */
export const SIGN_IN_PAGE_FILE = 'index.signin.html';

/**
 * The state the sign-in page was drawn from: nobody signed in and nothing to say, no identity
 * server, no connection trouble (the core's own signed-out state), and no managed configuration
 * (what the core's policy says without one). firstPage.test.ts checks a fresh core reports it.
 */
export const SIGN_IN_PAGE_STATE: FirstState = {
  state: SIGNED_OUT_STATE,
  managed: new ManagedPolicy(undefined).settings(),
};

export interface RendererPages {
  /** `index.html`: an empty `#app` that the app's script draws into. */
  plain: string;
  /** `index.signin.html`, or null where the build has none (the dev server, an old build). */
  signIn: string | null;
}

/** Reads both pages of a renderer build; null when the build has no `index.html`. */
export async function readRendererPages(rendererDir: string): Promise<RendererPages | null> {
  const read = (name: string) => readFile(join(rendererDir, name), 'utf8').catch(() => null);
  const [plain, signIn] = await Promise.all([read('index.html'), read(SIGN_IN_PAGE_FILE)]);
  return plain === null ? null : { plain, signIn };
}

/**
 * The page to serve for this state. `first` is null while main does not know it yet (a stored
 * session still being restored): the page then asks, as it always does.
 */
export function composeFirstPage(pages: RendererPages, first: FirstState | null): string {
  if (first === null) return pages.plain;
  const page =
    pages.signIn !== null && isDeepStrictEqual(first, SIGN_IN_PAGE_STATE)
      ? pages.signIn
      : pages.plain;
  const data = `<script type="application/json" id="${FIRST_STATE_ELEMENT_ID}">${jsonForScript(first)}</script>`;
  // Before the app's element: read by the app's module script, which runs after parsing.
  return page.replace('<div id="app"', `${data}\n    <div id="app"`);
}

/**
 * JSON inside a <script> element: `<` is written as \u003c so no string in it (a server's
 * message, a user id) can end the element or open a comment. JSON.parse reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
