/**
 * The Network panel (issue 12): reachable from the sign-in screen (a proxy is often what stands
 * between the user and signing in) by keyboard, it shows the proxy in force and Test connection
 * names the step that failed, in words; axe checks the panel with a result shown.
 */
import AxeBuilder from '@axe-core/playwright';
import { createServer } from 'node:net';
import { expect, test } from '../support/loginTest.js';
import { QUICK, signInUi } from '../support/screens.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('from the sign-in screen: shows the proxy, tests the typed server, names a refused port', async ({
  appHandle: { page },
  world,
}) => {
  const summary = page.getByText('Network and proxy');
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('proxy-setting')).toHaveText(
    'Proxy: the system proxy settings',
    QUICK,
  );

  await signInUi(page).homeserver.fill(world.hs1.baseUrl);
  const testButton = page.getByRole('button', { name: 'Test connection' });
  await testButton.focus();
  await page.keyboard.press('Enter');
  const result = page.getByTestId('test-connection-result');
  await expect(result).toHaveAttribute('data-ok', 'true', QUICK);
  await expect(result).toContainText(`Everything works: ${world.hs1.baseUrl}`);
  await expect(result.locator('[data-step="http"]')).toHaveAttribute('data-outcome', 'ok');
  expect(world.hs1.requestCount({ path: '/_matrix/client/versions' })).toBeGreaterThan(0);

  const port = await closedPort();
  await signInUi(page).homeserver.fill(`http://127.0.0.1:${port}`);
  await testButton.click();
  await expect(result).toHaveAttribute('data-ok', 'false', QUICK);
  await expect(result).toContainText(`127.0.0.1:${port} refused the connection`);
  await expect(result.locator('[data-step="tcp"]')).toHaveAttribute('data-outcome', 'failed');

  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations).toEqual([]);
});
