/**
 * A clock the core can be given (createNodePlatform's `clock`) that runs in real time, as the
 * fixture servers and the network do, and that a test can also move: `advance` lets time pass
 * at once (a backoff, a request deadline), `sleep` is a suspended laptop (the wall clock jumps,
 * timers do not move). Only the core's clock moves: the fixture servers keep real time.
 */
import type { Clock } from '../../electron/core/platform.js';

export interface TestClock extends Clock {
  /** Let `ms` pass: every timer due in that time fires, in order, each at its own time. */
  advance(ms: number): Promise<void>;
  /** The machine sleeps for `ms`: now() jumps, while pending timers keep their remaining time. */
  sleep(ms: number): void;
}

interface Timer {
  due: number;
  fn: () => void;
  real: ReturnType<typeof setTimeout>;
}

export function createTestClock(): TestClock {
  let offset = 0;
  let nextId = 1;
  const timers = new Map<number, Timer>();
  const now = () => Date.now() + offset;
  const fire = (id: number) => {
    const timer = timers.get(id);
    if (!timer) return;
    timers.delete(id);
    clearTimeout(timer.real);
    timer.fn();
  };
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

  return {
    now,
    setTimeout(fn, ms) {
      const id = nextId++;
      const wait = Math.max(0, ms);
      timers.set(id, { due: now() + wait, fn, real: setTimeout(() => fire(id), wait) });
      return id;
    },
    clearTimeout(handle) {
      const timer = timers.get(handle as number);
      if (!timer) return;
      clearTimeout(timer.real);
      timers.delete(handle as number);
    },
    async advance(ms) {
      const target = now() + ms;
      for (;;) {
        let earliest: [number, Timer] | undefined;
        for (const entry of timers) {
          if (entry[1].due <= target && (!earliest || entry[1].due < earliest[1].due)) {
            earliest = entry;
          }
        }
        if (!earliest) break;
        offset += Math.max(0, earliest[1].due - now());
        fire(earliest[0]);
        await settle();
      }
      offset += Math.max(0, target - now());
      await settle();
    },
    sleep(ms) {
      offset += ms;
      for (const timer of timers.values()) timer.due += ms;
    },
  };
}
