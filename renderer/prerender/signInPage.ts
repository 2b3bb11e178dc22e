/**
 * Server-side render of the window's first screen for a signed-out user, run once at build time
 * (build/prerenderSignInPage.ts) to make `index.signin.html`. The app is rendered exactly as its
 * first client render would draw it from the same FirstState, so the client can hydrate it.
 *
 * The API handed in is inert: nothing on the server calls it (effects and onMount do not run in
 * a server render), and the page never sees it.
 */
import { render } from 'svelte/server';
import App from '../src/App.svelte';
import type { Api } from '../src/lib/api';
import type { FirstState } from '../src/lib/contract';
import { seedFirstState } from '../src/lib/firstState';

const inertApi: Api = {
  invoke: () => new Promise(() => {}),
  on: () => () => {},
};

/** The markup of #app for this state, with Svelte's hydration markers. */
export function renderSignInPage(first: FirstState): string {
  seedFirstState(first);
  return render(App, { props: { api: inertApi } }).body;
}
