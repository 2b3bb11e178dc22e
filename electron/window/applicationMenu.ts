/**
 * The application menu. In development Electron's default menu stays (View > Toggle Developer
 * Tools is how one debugs the window). A packaged app gets no View menu and no way to DevTools,
 * but always the standard Edit menu (undo, redo, cut, copy, paste, paste and match style, delete,
 * select all, with their usual shortcuts): on macOS its roles are what make the shortcuts work at
 * all, and on Windows and Linux it shows them to people who look for them in a menu, and is
 * reachable from the keyboard (Alt). Around it only the app (macOS) or File (quit) menu and the
 * Window menu.
 *
 * Only Electron's types are imported: main.ts passes `Menu` in, tests a fake.
 */
import type { Menu, MenuItemConstructorOptions } from 'electron';

type MenuPort = Pick<typeof Menu, 'setApplicationMenu' | 'buildFromTemplate'>;

/** The packaged app's menu for this OS. */
export function packagedMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const first: MenuItemConstructorOptions = {
    role: platform === 'darwin' ? 'appMenu' : 'fileMenu',
  };
  return [first, { role: 'editMenu' }, { role: 'windowMenu' }];
}

export function installApplicationMenu(
  menu: MenuPort,
  isPackaged: boolean,
  platform: NodeJS.Platform,
): void {
  if (!isPackaged) return;
  menu.setApplicationMenu(menu.buildFromTemplate(packagedMenuTemplate(platform)));
}
