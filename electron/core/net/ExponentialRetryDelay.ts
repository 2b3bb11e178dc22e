/**
 * The waits between attempts of a request that must eventually succeed (reading
 * m.identity_server: until it is known no identity-server request may be made, so giving up is
 * not an option). Doubles from `initialMs` up to `maxMs`, and honours a server's Retry-After
 * when that is longer, still capped so a hostile value cannot stall us for days.
 */
import type { Clock } from '../platform.js';

export interface RetryDelayOptions {
  initialMs: number;
  maxMs: number;
  factor?: number;
}

export class ExponentialRetryDelay {
  private attempts = 0;

  constructor(private readonly options: RetryDelayOptions) {}

  /** The wait before the next attempt; each call counts one more failure. */
  next(serverRetryAfterMs: number | null = null): number {
    const { initialMs, maxMs, factor = 2 } = this.options;
    const backoff = Math.min(maxMs, initialMs * factor ** this.attempts);
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
