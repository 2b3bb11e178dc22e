/**
 * The one reconnect loop of a session (Hydrogen's Reconnector is the model). Every long-lived
 * request loop — the /sync loop, the read of m.identity_server — reports to it: a success
 * (`succeeded`) or a failure (`waitAfterFailure`, which resolves when it is time to try again).
 * It owns the backoff (exponential, jittered, capped, honouring the server's Retry-After, reset by
 * any success) and the observable connection status that the window shows.
 *
 * Loops share one wait: a second loop that fails while a wait is running joins it instead of
 * doubling the backoff again. A success in one loop wakes the others at once when they were
 * waiting because the server could not be reached (it can now); when the server did answer, with
 * a 5xx or a 429 for that loop's request, their wait and its backoff go on. "Retry now" ends the
 * wait early; so does waking from sleep, which also tells the loops to abandon requests they
 * still have in flight (see WakeDetector).
 */
import type { ConnectionStatus } from './connectionStatus.js';
import type { Clock, Logger } from '../platform.js';
import { connectionProblem, serverRetryAfterMs } from './connectionProblem.js';
import { hostOf } from './hostOf.js';
import {
  cancellableSleep,
  ExponentialRetryDelay,
  type RetryDelayOptions,
} from './ExponentialRetryDelay.js';
import { WakeDetector } from './WakeDetector.js';

export interface ReconnectorOptions {
  clock: Clock;
  /** The homeserver's base URL (the status names its host). */
  server: string;
  log?: Logger;
  /** Default: 1 s doubling to 60 s, up to 20 % jitter. */
  delay?: RetryDelayOptions;
  /** Consecutive failures after which the status says `offline` (default 3, as the SDK's). */
  offlineAfter?: number;
  /** Watch the clock for sleep (default true; off where no timer may run, e.g. some tests). */
  detectWake?: boolean;
}

export const DEFAULT_RETRY_DELAY: RetryDelayOptions = {
  initialMs: 1_000,
  maxMs: 60_000,
  jitter: 0.2,
};
/** matrix-js-sdk's FAILED_SYNC_ERROR_THRESHOLD: Reconnecting turns into Error after 3. */
export const OFFLINE_AFTER_FAILURES = 3;

type StatusListener = (status: ConnectionStatus) => void;

interface SharedWait {
  /** Resolves true when the wait is over (elapsed, retry now, success), false when stopped. */
  readonly done: Promise<boolean>;
  end(tryAgain: boolean): void;
  /** The loops waiting on it. */
  waiters: number;
  /** The failure that started it reached no server (no HTTP answer at all). */
  readonly unreachable: boolean;
}

export class Reconnector {
  private current: ConnectionStatus = { state: 'connected' };
  private readonly delay: ExponentialRetryDelay;
  private readonly server: string;
  private readonly statusListeners = new Set<StatusListener>();
  private readonly wakeListeners = new Set<() => void>();
  private readonly wake: WakeDetector | null;
  private wait: SharedWait | null = null;
  private stopped = false;

  constructor(private readonly options: ReconnectorOptions) {
    this.delay = new ExponentialRetryDelay(options.delay ?? DEFAULT_RETRY_DELAY);
    this.server = hostOf(options.server);
    this.wake =
      options.detectWake === false
        ? null
        : new WakeDetector({ clock: options.clock, onWake: (ms) => this.wokeUp(ms) });
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  /** Calls `listener` on every change of status; returns the unsubscribe function. */
  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Calls `listener` after a sleep: requests in flight should be abandoned and sent again. */
  onWake(listener: () => void): () => void {
    this.wakeListeners.add(listener);
    return () => this.wakeListeners.delete(listener);
  }

  /** Starts watching for sleep (the loops themselves are started by their owners). */
  start(): void {
    if (!this.stopped) this.wake?.start();
  }

  /** Ends every wait (the loops see `false` and stop) and the sleep watch. For good. */
  stop(): void {
    this.stopped = true;
    this.wake?.stop();
    this.wait?.end(false);
    this.wait = null;
    this.statusListeners.clear();
    this.wakeListeners.clear();
  }

  /** A request reached the server and its answer was used: the connection is fine. */
  succeeded(): void {
    if (this.stopped) return;
    // The server is reachable again: a loop that could not reach it may go now. One that the
    // server refused keeps its wait and its backoff (a 429 must be honoured, a failing endpoint
    // not hammered).
    if (this.wait?.unreachable) this.endWait(true);
    if (!this.wait) this.delay.reset();
    this.setStatus({ state: 'connected' });
  }

  /** Skip the wait: every waiting loop tries again now. A no-op while connected. */
  retryNow(): void {
    this.endWait(true);
  }

  /**
   * After a failed attempt: records the failure, says so in the status, and resolves when the
   * next attempt is due — true to try again, false when `signal` aborts (the caller stops) or the
   * reconnector is stopped. A loop that fails while another one's wait runs joins that wait.
   */
  async waitAfterFailure(error: unknown, signal?: AbortSignal): Promise<boolean> {
    if (this.stopped || signal?.aborted) return false;
    const wait = this.wait ?? this.startWait(error);
    wait.waiters += 1;
    return new Promise<boolean>((resolve) => {
      const onAbort = () => {
        resolve(false);
        // Nobody left to wake: drop the timer rather than let it fire for no one.
        wait.waiters -= 1;
        if (wait.waiters === 0 && this.wait === wait) {
          this.wait = null;
          wait.end(false);
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      void wait.done.then((tryAgain) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(tryAgain && !(signal?.aborted ?? false));
      });
    });
  }

  private wokeUp(sleptMs: number): void {
    if (this.stopped) return;
    this.options.log?.info('the machine woke up; reconnecting at once', { sleptMs });
    for (const listener of this.wakeListeners) listener();
    this.retryNow();
  }

  private startWait(error: unknown): SharedWait {
    const { clock, log, offlineAfter = OFFLINE_AFTER_FAILURES } = this.options;
    const waitMs = this.delay.next(serverRetryAfterMs(error));
    const attempt = this.delay.failures;
    const problem = connectionProblem(error);
    const state = attempt >= offlineAfter ? 'offline' : 'reconnecting';
    log?.warn('request to the homeserver failed; retrying', {
      server: this.server,
      problem,
      attempt,
      retryInMs: waitMs,
    });
    const sleep = cancellableSleep(clock, waitMs);
    let settle: (tryAgain: boolean) => void = () => {};
    const done = new Promise<boolean>((resolve) => (settle = resolve));
    const wait: SharedWait = {
      done,
      waiters: 0,
      unreachable: typeof (error as { httpStatus?: unknown } | null)?.httpStatus !== 'number',
      end: (tryAgain) => {
        sleep.cancel();
        settle(tryAgain);
      },
    };
    void sleep.done.then((elapsed) => {
      if (elapsed) this.endWait(true);
    });
    this.wait = wait;
    const base = { server: this.server, problem, attempt };
    this.setStatus({ state, ...base, retryInMs: waitMs, nextTryAt: clock.now() + waitMs });
    // Once the wait is over the loops are trying: say so, unless a success said more already.
    void done.then((tryAgain) => {
      if (!tryAgain || this.stopped || this.current.state === 'connected') return;
      this.setStatus({ state, ...base, retryInMs: 0, nextTryAt: clock.now() });
    });
    return wait;
  }

  private endWait(tryAgain: boolean): void {
    const wait = this.wait;
    this.wait = null;
    wait?.end(tryAgain);
  }

  private setStatus(status: ConnectionStatus): void {
    if (JSON.stringify(status) === JSON.stringify(this.current)) return;
    this.current = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
