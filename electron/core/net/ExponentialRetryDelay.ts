/**
 * The waits between attempts of a request that must eventually succeed (the session's /sync,
 * reading m.identity_server: giving up is not an option). Doubles from `initialMs` up to `maxMs`,
 * and honours a server's Retry-After when that is longer, still capped so a hostile value cannot
 * stall us for days.
 *
 * `jitter` (0..1) shortens each wait by a random part of itself, so that many clients cut off
 * by the same outage do not all come back in the same second.
 */
import type { Clock } from '../platform.js';

export interface RetryDelayOptions {
  initialMs: number;
  maxMs: number;
  factor?: number;
  /** Up to this fraction of each backoff is taken off at random (default 0: exact waits). */
  jitter?: number;
  /** The random source for the jitter, in [0, 1) (tests pin it). */
  random?: () => number;
}

export class ExponentialRetryDelay {
  private attempts = 0;

  constructor(private readonly options: RetryDelayOptions) {}

  /** The wait before the next attempt; each call counts one more failure. */
  next(serverRetryAfterMs: number | null = null): number {
    const { initialMs, maxMs, factor = 2, jitter = 0, random = Math.random } = this.options;
    const exact = Math.min(maxMs, initialMs * factor ** this.attempts);
    const backoff = Math.round(exact * (1 - clamp01(jitter) * clamp01(random())));
    this.attempts += 1;
    const requested =
      serverRetryAfterMs !== null && Number.isFinite(serverRetryAfterMs) && serverRetryAfterMs > 0
        ? serverRetryAfterMs
        : 0;
    return Math.min(maxMs, Math.max(backoff, requested));
  }

  /** Start again from `initialMs` (after a success). */
  reset(): void {
    this.attempts = 0;
  }

  get failures(): number {
    return this.attempts;
  }
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/**
 * A cancellable wait on the platform clock (so tests can drive it with fake timers).
 * Resolves true after `ms`, or false as soon as `cancel()` is called.
 */
export function cancellableSleep(
  clock: Clock,
  ms: number,
): { done: Promise<boolean>; cancel(): void } {
  let settle: (elapsed: boolean) => void = () => {};
  const done = new Promise<boolean>((resolve) => (settle = resolve));
  const handle = clock.setTimeout(() => settle(true), ms);
  return {
    done,
    cancel() {
      clock.clearTimeout(handle);
      settle(false);
    },
  };
}
