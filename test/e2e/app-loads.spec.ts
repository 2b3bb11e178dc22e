import { expect, test } from './support/bridgedPage.js';

test('loads the app and shows the sign-in screen', async ({ appHandle: { page } }) => {
  await expect(page.getByRole('textbox', { name: 'Homeserver' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
});

test('says which server could not be reached', async ({ appHandle: { page } }) => {
  await page.getByRole('textbox', { name: 'Homeserver' }).fill('http://127.0.0.1:9');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('127.0.0.1:9');
});

test('the bridge refuses a page without the run token', async ({ appHandle: { app, page } }) => {
  const origin = new URL(app.bridge.url).origin;
  await page.goto(`${origin}/#token=wrong`);
  const opened = await page.evaluate(
    (url) =>
      new Promise<boolean>((resolve) => {
        const socket = new WebSocket(url);
        socket.onopen = () => resolve(true);
        socket.onerror = () => resolve(false);
      }),
    `${origin.replace('http', 'ws')}/bridge?token=wrong`,
  );
  expect(opened).toBe(false);
});
