/**
 * The application menu. In development Electron's default menu stays (View > Toggle Developer
 * Tools is how one debugs the window). A packaged app gets no View menu and no way to DevTools:
 * on macOS only the app, Edit and Window menus (Edit's roles are what make copy and paste
 * shortcuts work there); on Windows and Linux no menu at all, where Chromium handles the editing
 * shortcuts of text fields by itself.
 *
 * Only Electron's types are imported: main.ts passes `Menu` in, tests a fake.
 */
import type { Menu, MenuItemConstructorOptions } from 'electron';

type MenuPort = Pick<typeof Menu, 'setApplicationMenu' | 'buildFromTemplate'>;

/** The packaged app's menu for this OS; null means none. */
export function packagedMenuTemplate(
  platform: NodeJS.Platform,
): MenuItemConstructorOptions[] | null {
  if (platform !== 'darwin') return null;
  return [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }];
}

export function installApplicationMenu(
  menu: MenuPort,
  isPackaged: boolean,
  platform: NodeJS.Platform,
): void {
  if (!isPackaged) return;
  const template = packagedMenuTemplate(platform);
  menu.setApplicationMenu(template === null ? null : menu.buildFromTemplate(template));
}
