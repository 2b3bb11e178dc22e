/** What the window says while main works on a step of signing in or out. */
import type { BusyStep } from './contract';

export function busyPhrase(step: BusyStep, server: string | null): string {
  switch (step) {
    case 'restoring':
      return 'Restoring your session…';
    case 'discovering':
      return server ? `Looking up ${server}…` : 'Looking up your server…';
    case 'signingIn':
      return server ? `Signing in to ${server}…` : 'Signing in…';
    case 'waitingForBrowser':
      return 'Waiting for your browser…';
    case 'checkingRedirect':
      return server
        ? `Checking ${server}, the server your sign-in server sent you to…`
        : 'Checking the server your sign-in server sent you to…';
    case 'waitingForDevice':
      return server
        ? `Waiting for you to approve the sign-in to ${server} on another device…`
        : 'Waiting for you to approve the sign-in on another device…';
    case 'signingOut':
      return 'Signing out…';
  }
}
