/**
 * Denies every web permission (camera, microphone, notifications, geolocation, clipboard read,
 * MIDI, HID, serial, ...) to every page of the session. Electron's default is to grant them; the
 * app needs none today, and one it needs later is added here deliberately, by name.
 */
import type { Session } from 'electron';

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
