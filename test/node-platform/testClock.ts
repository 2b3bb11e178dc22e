/**
 * A clock the core can be given (createNodePlatform's `clock`) whose time moves only when the
 * test says so, while the fixture servers and the network keep real time: `advance` lets time
 * pass (a backoff, a request deadline), `sleep` is a suspended laptop (the wall clock jumps,
 * timers do not move). Manual on purpose: a loaded test machine cannot make a backoff run out
 * before the test has looked at it.
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
}

export function createTestClock(start = Date.now()): TestClock {
  let time = start;
  let nextId = 1;
  const timers = new Map<number, Timer>();
  // Lets the promise chains a timer started run before the next timer fires.
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

  return {
    now: () => time,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { due: time + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async advance(ms) {
      const target = time + ms;
      for (;;) {
        let earliest: [number, Timer] | undefined;
        for (const entry of timers) {
          if (entry[1].due <= target && (!earliest || entry[1].due < earliest[1].due)) {
            earliest = entry;
          }
        }
        if (!earliest) break;
        time = Math.max(time, earliest[1].due);
        timers.delete(earliest[0]);
        earliest[1].fn();
        await settle();
      }
      time = target;
      await settle();
    },
    sleep(ms) {
      time += ms;
      for (const timer of timers.values()) timer.due += ms;
    },
  };
}
