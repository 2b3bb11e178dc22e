/**
 * Notices that the machine slept. Timers do not run while a laptop is suspended, but the wall
 * clock keeps going: a tick that finds far more time gone than its own interval means the
 * machine was asleep, and every connection it had open is probably dead without knowing it (a
 * long-poll on a socket the network forgot). The core has no powerMonitor (it never imports
 * Electron), so it watches its injected clock instead.
 */
import type { Clock } from '../platform.js';

export interface WakeDetectorOptions {
  clock: Clock;
  /** How often to look at the clock. */
  intervalMs?: number;
  /** How much more than `intervalMs` must pass between two ticks to count as a sleep. */
  toleranceMs?: number;
  onWake(sleptMs: number): void;
}

export const WAKE_CHECK_INTERVAL_MS = 5_000;
export const WAKE_TOLERANCE_MS = 10_000;

export class WakeDetector {
  private handle: unknown = null;
  private last = 0;

  constructor(private readonly options: WakeDetectorOptions) {}

  start(): void {
    if (this.handle !== null) return;
    this.last = this.options.clock.now();
    this.schedule();
  }

  stop(): void {
    if (this.handle === null) return;
    this.options.clock.clearTimeout(this.handle);
    this.handle = null;
  }

  private schedule(): void {
    const { clock, intervalMs = WAKE_CHECK_INTERVAL_MS } = this.options;
    this.handle = clock.setTimeout(() => this.tick(), intervalMs);
  }

  private tick(): void {
    const {
      clock,
      intervalMs = WAKE_CHECK_INTERVAL_MS,
      toleranceMs = WAKE_TOLERANCE_MS,
    } = this.options;
    const now = clock.now();
    const elapsed = now - this.last;
    this.last = now;
    this.schedule();
    if (elapsed > intervalMs + toleranceMs) this.options.onWake(elapsed - intervalMs);
  }
}
