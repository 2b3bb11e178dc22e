/**
 * Maps an `app://routed-matrix/...` request to a file of the built renderer. No Electron import,
 * so the path checks are unit-tested: a request must never reach a file outside the renderer's
 * build directory, whatever dots, encoded slashes or backslashes it contains.
 */
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './appLocation.js';

/** The absolute path of the file to serve, or null when the request is not for one of ours. */
export function resolveAppAssetPath(requestUrl: string, rendererDir: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;

  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  // A backslash or NUL has no business in a path of ours, and on Windows a backslash would be a
  // separator that the URL parser never normalised.
  if (relative.includes('\\') || relative.includes('\0')) return null;
  if (relative === '/' || relative === '') relative = '/index.html';

  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${relative}`);
  const fromRoot = path.relative(root, file);
  if (fromRoot === '' || fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) return null;
  return file;
}
