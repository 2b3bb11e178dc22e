/**
 * Hands a URL to the user's default browser. Every URL the app opens outside itself goes through
 * `openInSystemBrowser`, which gives the OS only what externalUrl.ts rebuilt and allowed.
 */
import { shell } from 'electron';
import { externalUrl, type ExternalUrlPurpose } from './externalUrl.js';

const REFUSED: Record<ExternalUrlPurpose, string> = {
  link: 'Only https links can be opened in the browser.',
  signIn: 'Only https sign-in pages (or http ones on this computer) can be opened in the browser.',
};

export async function openInSystemBrowser(url: string, purpose: ExternalUrlPurpose): Promise<void> {
  const safe = externalUrl(url, purpose);
  if (safe === null) throw new Error(REFUSED[purpose]);
  await shell.openExternal(safe);
}

/** The core's `Platform.openExternal`: the homeserver's SSO and OAuth sign-in pages. */
export function openExternal(url: string): Promise<void> {
  return openInSystemBrowser(url, 'signIn');
}

/** Links the window tries to follow or open (see window/guardWebContents.ts). */
export function openLink(url: string): Promise<void> {
  return openInSystemBrowser(url, 'link');
}
