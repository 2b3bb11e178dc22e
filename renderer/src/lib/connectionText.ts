/** The connection indicator's words, kept apart from the component so they read (and test) alone. */
import type { ConnectionStatus } from './contract';

/** The sentence the status region announces once per change; empty while connected. */
export function connectionSentence(status: ConnectionStatus): string {
  switch (status.state) {
    case 'connected':
      return '';
    case 'reconnecting':
      return `Reconnecting to ${status.server}: ${status.problem}.`;
    case 'offline':
      return `Offline: ${status.server} cannot be reached (${status.problem}). Live updates are paused.`;
  }
}

/** The countdown beside it: "Next try in 12 s", or "Trying now…" once it runs out. */
export function countdownText(secondsLeft: number): string {
  return secondsLeft > 0 ? `Next try in ${secondsLeft} s` : 'Trying now…';
}
