/**
 * A Clock that moves only when a test says so, for timers measured in minutes or hours (token
 * refresh, timeouts) without waiting for them. `advance(ms)` runs every timer that falls due, in
 * order, letting the promises each one starts settle before the next fires.
 *
 * `now()` reads Date.now(), so a test that also fakes Date (vi.useFakeTimers({ toFake:
 * ['Date'] })) moves the in-process fixture servers' idea of time together with the app's: a
 * token the fixture homeserver issued for 30 s is then expired on both sides at once.
 */
import type { Clock } from '../../electron/core/platform.js';

export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, firing due timers one by one. */
  advance(ms: number): Promise<void>;
  /** Timers still waiting. */
  pending(): number;
}

const MAX_FIRES_PER_ADVANCE = 1_000;

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

export function createManualClock(options: {
  /** Sets the time everyone else sees (e.g. vi.setSystemTime); default: time is the clock's own. */
  setSystemTime?: (ms: number) => void;
  start?: number;
}): ManualClock {
  let own = options.start ?? Date.now();
  const now = () => (options.setSystemTime ? Date.now() : own);
  const setNow = (ms: number) => {
    own = ms;
    options.setSystemTime?.(ms);
  };
  const timers: Timer[] = [];
  let nextId = 1;
  const settle = async () => {
    // Several rounds: a fired timer's work may chain promises and real I/O (loopback HTTP).
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    now,
    setTimeout(fn, ms) {
      const timer = { id: nextId++, at: now() + Math.max(0, ms), fn };
      timers.push(timer);
      return timer.id;
    },
    clearTimeout(handle) {
      const index = timers.findIndex((t) => t.id === handle);
      if (index >= 0) timers.splice(index, 1);
    },
    pending: () => timers.length,
    async advance(ms) {
      const end = now() + ms;
      for (let fired = 0; ; fired++) {
        // A timer that keeps re-arming itself at "now" would spin here forever: fail loudly.
        if (fired > MAX_FIRES_PER_ADVANCE) {
          throw new Error(`Timer storm: over ${MAX_FIRES_PER_ADVANCE} timers fired in ${ms} ms`);
        }
        timers.sort((a, b) => a.at - b.at || a.id - b.id);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        if (next.at > now()) setNow(next.at);
        next.fn();
        await settle();
      }
      setNow(end);
      await settle();
    },
  };
}
