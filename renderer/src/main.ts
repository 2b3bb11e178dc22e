/**
 * Renderer entry: takes the state main wrote into the page, then draws the app into #app. Where
 * main served the page with the sign-in screen already drawn in (electron/window/firstPage.ts),
 * the app takes over those elements (hydrates them) instead of drawing them again: the form the
 * user may already be typing in stays the same form.
 */
import { hydrate, mount } from 'svelte';
import App from './App.svelte';
import { findApi } from './lib/api';
import { readFirstState, seedFirstState } from './lib/firstState';
import './styles/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// Without the API (no preload, no bridge) the app says so; the page's state would be no use.
const api = findApi();
const first = api ? readFirstState(document) : null;
if (first) seedFirstState(first);
const props = { api };

// The drawn page is only served with the state it was drawn from, so the first render matches it.
// Were it not to, Svelte would throw the drawn elements away and draw afresh.
if (first && target.hasAttribute('data-prerendered')) hydrate(App, { target, props });
else {
  target.replaceChildren();
  mount(App, { target, props });
}
