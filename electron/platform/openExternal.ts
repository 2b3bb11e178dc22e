/**
 * Opens a URL in the user's default browser (SSO sign-in, links). Only http(s): handing the OS
 * a file:, smb: or custom-scheme URL could run a program, so anything else is refused.
 */
import { shell } from 'electron';
import { isHttpUrl } from './httpUrl.js';

export async function openExternal(url: string): Promise<void> {
  if (!isHttpUrl(url)) throw new Error('Only http and https links can be opened in the browser.');
  await shell.openExternal(url);
}
