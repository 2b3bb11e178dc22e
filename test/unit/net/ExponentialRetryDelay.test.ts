import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  cancellableSleep,
  ExponentialRetryDelay,
} from '../../../electron/core/net/ExponentialRetryDelay.js';
import { systemClock } from '../../../electron/core/platform.js';

describe('ExponentialRetryDelay', () => {
  it('doubles from the initial delay up to the maximum', () => {
    const delay = new ExponentialRetryDelay({ initialMs: 1000, maxMs: 10_000 });
    expect([1, 2, 3, 4, 5, 6].map(() => delay.next())).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
    expect(delay.failures).toBe(6);
  });

  it('starts again after reset', () => {
    const delay = new ExponentialRetryDelay({ initialMs: 500, maxMs: 60_000, factor: 3 });
    delay.next();
    delay.next();
    delay.reset();
    expect(delay.next()).toBe(500);
    expect(delay.next()).toBe(1500);
  });

  it('honours a longer server Retry-After, capped at the maximum', () => {
    const delay = new ExponentialRetryDelay({ initialMs: 1000, maxMs: 30_000 });
    expect(delay.next(5000)).toBe(5000);
    expect(delay.next(100)).toBe(2000);
    expect(delay.next(10 ** 9)).toBe(30_000);
    expect(delay.next(Number.NaN)).toBe(8000);
    expect(delay.next(-5)).toBe(16_000);
  });
});

describe('cancellableSleep', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits on the platform clock', async () => {
    vi.useFakeTimers();
    const sleep = cancellableSleep(systemClock, 2000);
    let elapsed: boolean | undefined;
    void sleep.done.then((value) => (elapsed = value));
    await vi.advanceTimersByTimeAsync(1999);
    expect(elapsed).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(elapsed).toBe(true);
  });

  it('ends early, with false, when cancelled', async () => {
    vi.useFakeTimers();
    const sleep = cancellableSleep(systemClock, 60_000);
    sleep.cancel();
    await expect(sleep.done).resolves.toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
