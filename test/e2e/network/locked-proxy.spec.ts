/**
 * A proxy the administrator locked (issue 12): the Network panel shows it read-only with the
 * reason, and offers no form to change it. The system config file is a real file, read as main
 * reads it. axe checks the panel.
 */
import { makeConfigDirs } from '../../unit/config/configFiles.js';
import { expectAccessible } from '../support/axe.js';
import { expect, QUICK, test } from '../support/loginTest.js';

const LOCKED_PROXY = 'http://proxy.corp.example:3128';

test.use({
  appOptions: async ({ world }, use) => {
    const dirs = makeConfigDirs();
    dirs.write(dirs.systemFile, {
      locked: ['proxy'],
      proxy: { mode: 'manual', url: LOCKED_PROXY, bypass: ['127.0.0.1', 'localhost'] },
    });
    await use({ extraCaPem: world.caPem, hosts: world.hosts, managedConfig: dirs.load() });
    dirs.remove();
  },
});

test('a locked proxy is shown read-only, with the reason', async ({ appHandle: { page } }) => {
  await page.getByText('Network and proxy').click();
  await expect(page.getByTestId('proxy-setting')).toHaveText(
    `Proxy: the proxy ${LOCKED_PROXY} (set by your administrator)`,
    QUICK,
  );
  await expect(page.getByTestId('proxy-locked')).toHaveText(
    `Your administrator has set the proxy (the proxy ${LOCKED_PROXY}); it cannot be changed here.`,
  );
  await expect(page.getByTestId('proxy-form')).toHaveCount(0);
  await expect(page.getByRole('radio')).toHaveCount(0);
  await expectAccessible(page, 'locked proxy');
});
