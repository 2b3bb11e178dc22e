/**
 * Denies every web permission (camera, microphone, notifications, geolocation, clipboard read,
 * MIDI, HID, serial, ...) to every page of the session. Electron's default is to grant them; a
 * permission the app needs is added here deliberately, by name, for the app's own page only.
 *
 * Allowed: `clipboard-sanitized-write`, so the app's Copy buttons (Find people's "Copy table")
 * work: Chromium asks for it on `navigator.clipboard.writeText`, and without it the copy fails in
 * the packaged app while it works in a browser. Writing plain text is all it allows; reading the
 * clipboard (`clipboard-read`) stays denied.
 */
import type { Session } from 'electron';

const ALLOWED_FOR_APP_PAGE = new Set(['clipboard-sanitized-write']);

export function denyPermissions(session: Session, isAppPage: (url: string) => boolean): void {
  const allowed = (permission: string, url: string | undefined) =>
    ALLOWED_FOR_APP_PAGE.has(permission) && url !== undefined && isAppPage(url);
  session.setPermissionRequestHandler((_webContents, permission, callback, details) =>
    callback(allowed(permission, details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    allowed(permission, requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
}
