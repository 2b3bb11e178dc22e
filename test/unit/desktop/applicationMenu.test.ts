/**
 * The standard Edit menu (and with it the editing shortcuts) is in every build: Electron's
 * default menu in development, ours when packaged, on every OS; a packaged menu offers no way to
 * DevTools or to reload the page.
 */
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { packagedMenuTemplate } from '../../../electron/window/applicationMenu.js';

/** Every role in a template, submenus included. */
function roles(template: MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('packaged application menu', () => {
  for (const platform of ['darwin', 'linux', 'win32'] as const) {
    it(`has the standard Edit menu on ${platform}`, () => {
      expect(roles(packagedMenuTemplate(platform))).toContain('editMenu');
    });

    it(`offers no DevTools, reload or View menu on ${platform}`, () => {
      const found = roles(packagedMenuTemplate(platform));
      for (const role of ['viewMenu', 'toggleDevTools', 'reload', 'forceReload']) {
        expect(found).not.toContain(role);
      }
    });
  }
});
