/**
 * Which URLs the window may hand to the user's browser. No Electron import, so it is unit-tested.
 *
 * The app page itself never navigates: every link click and `window.open` is denied, and only a
 * plain https link (no credentials in it) goes to the system browser. Anything else (http,
 * file:, javascript:, custom schemes that would launch other programs) is dropped.
 */
export function isLinkForSystemBrowser(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.hostname !== '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
