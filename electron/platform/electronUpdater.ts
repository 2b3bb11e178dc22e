/**
 * electron-updater behind the UpdaterPort of electron/desktop/UpdateController.ts. Loaded only
 * when updates are on (a packaged AppImage, NSIS or dmg app the administrator has not opted out
 * of): electron-updater requires Electron and reads app-update.yml from the app's resources,
 * which exists only in an installed build.
 *
 * Its log goes to the app's logger (without electron-updater's debug lines).
 */
import type { Logger } from '../core/platform.js';
import type { UpdaterPort } from '../desktop/UpdateController.js';

export async function loadElectronUpdater(log: Logger): Promise<UpdaterPort> {
  // CommonJS package: its exports arrive as the default export of the ES module import.
  const module = await import('electron-updater');
  const updater = module.default.autoUpdater;
  updater.logger = {
    info: (message?: unknown) => log.info(`updater: ${String(message)}`),
    warn: (message?: unknown) => log.warn(`updater: ${String(message)}`),
    error: (message?: unknown) => log.error(`updater: ${String(message)}`),
  };
  return updater;
}
