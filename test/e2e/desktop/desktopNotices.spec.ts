/**
 * The desktop notices in the real renderer: the app's core behind the bridge as usual, with the
 * desktop side (what Electron main answers for `desktopState` and `restartToUpdate`, and its
 * `desktop` events) played by the test, since the bridge has no Electron main. The page gets
 * the bridge's own client script, wrapped so that those two commands and that event are the
 * test's; everything else still goes to the core.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startBridgedApp, type BridgedApp } from '../../bridge/startBridgedApp.js';

const bridgeClient = readFileSync(new URL('../../bridge/client.js', import.meta.url), 'utf8');

/** The bridge client, its API handed to a wrapper that answers the desktop side itself. */
const wrappedClient = bridgeClient.replace(
  "Object.defineProperty(window, 'matrixApp', { value: Object.freeze(api), writable: false });",
  `var desktopListeners = [];
  window.__desktop = {
    // What main holds from the command line when the page first asks (set by the test).
    state: window.__startState || { openedLink: null, updateReady: null },
    restarts: 0,
    emit: function (state) {
      window.__desktop.state = state;
      desktopListeners.forEach(function (listener) { listener(state); });
    },
  };
  var wrapped = {
    invoke: function (name, request) {
      if (name === 'desktopState') return Promise.resolve({ ok: true, value: window.__desktop.state });
      if (name === 'restartToUpdate') {
        window.__desktop.restarts += 1;
        return Promise.resolve({ ok: true, value: { restarting: true } });
      }
      return api.invoke(name, request);
    },
    on: function (name, listener) {
      if (name !== 'desktop') return api.on(name, listener);
      desktopListeners.push(listener);
      return function () {};
    },
  };
  Object.defineProperty(window, 'matrixApp', { value: Object.freeze(wrapped), writable: false });`,
);

const startedWithLink = {
  openedLink: {
    text: 'matrix:r/room:example.org?action=join',
    link: {
      target: { kind: 'roomAlias', alias: '#room:example.org', eventId: null },
      via: [],
      action: 'join',
    },
  },
  updateReady: null,
};

let app: BridgedApp;
test.beforeEach(async ({ page }) => {
  expect(wrappedClient).not.toBe(bridgeClient);
  app = await startBridgedApp({});
  await page.route('**/bridge-client.js', (route) =>
    route.fulfill({ contentType: 'text/javascript', body: wrappedClient }),
  );
});
test.afterEach(async () => app.close());

test('shows the link the app was started with, once the page asks', async ({ page }) => {
  await page.addInitScript((state) => {
    (window as unknown as { __startState: unknown }).__startState = state;
  }, startedWithLink);
  await page.goto(app.bridge.url);
  await expect(page.getByRole('textbox', { name: 'Homeserver' })).toBeVisible();
  await expect(page.getByTestId('opened-link-notice')).toContainText(
    'Opened link to #room:example.org — rooms are not available in this version yet.',
  );
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('opened-link-notice')).toHaveCount(0);
});

test('offers "Restart to update" and restarts only when it is pressed', async ({ page }) => {
  await page.goto(app.bridge.url);
  await expect(page.getByRole('textbox', { name: 'Homeserver' })).toBeVisible();
  await expect(page.getByTestId('update-ready-notice')).toHaveCount(0);

  await page.evaluate(() =>
    (window as unknown as { __desktop: { emit(s: unknown): void } }).__desktop.emit({
      openedLink: null,
      updateReady: { version: '0.2.0' },
    }),
  );
  const notice = page.getByTestId('update-ready-notice');
  await expect(notice).toContainText('Version 0.2.0 is downloaded.');
  expect(
    await page.evaluate(
      () => (window as unknown as { __desktop: { restarts: number } }).__desktop.restarts,
    ),
  ).toBe(0);

  await notice.getByRole('button', { name: 'Restart to update' }).click();
  await expect
    .poll(() =>
      page.evaluate(
        () => (window as unknown as { __desktop: { restarts: number } }).__desktop.restarts,
      ),
    )
    .toBe(1);
});
