/**
 * Time left until a moment main named (a device code's expiry), ticking once a second while
 * something reads it. The renderer's clock and main's agree (same machine), so the difference is
 * what the user has left.
 */
import { createSubscriber } from 'svelte/reactivity';

const subscribeToSeconds = createSubscriber((update) => {
  const timer = setInterval(update, 1_000);
  return () => clearInterval(timer);
});

/** Milliseconds until `at`, never negative; re-read every second by whoever uses it. */
export function msUntil(at: number): number {
  subscribeToSeconds();
  return Math.max(0, at - Date.now());
}

/** "4:05" for the countdown. */
export function minutesAndSeconds(ms: number): string {
  const total = Math.ceil(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
