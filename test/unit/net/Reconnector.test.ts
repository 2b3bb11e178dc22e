/**
 * The session's one reconnect loop on its own, driven with fake timers: the backoff it applies,
 * the status it reports, the wait the loops share, "Retry now" and waking from sleep.
 */
import { MatrixError } from 'matrix-js-sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestDeadlineError } from '../../../electron/core/net/connectionProblem.js';
import { Reconnector, type ReconnectorOptions } from '../../../electron/core/net/Reconnector.js';
import { systemClock } from '../../../electron/core/platform.js';
import type { ConnectionStatus } from '../../../electron/ipc/contract.js';

const HS = 'https://hs.example.org';
const refused = () => new TypeError('fetch failed');
const http = (status: number) => new MatrixError({ errcode: 'M_UNKNOWN', error: 'x' }, status);
const rateLimited = (retryAfterMs: number, headers?: Record<string, string>) =>
  new MatrixError(
    { errcode: 'M_LIMIT_EXCEEDED', error: 'slow down', retry_after_ms: retryAfterMs },
    429,
    undefined,
    undefined,
    headers ? new Headers(headers) : undefined,
  );

function reconnector(options: Partial<ReconnectorOptions> = {}) {
  const statuses: ConnectionStatus[] = [];
  const r = new Reconnector({
    clock: systemClock,
    server: HS,
    delay: { initialMs: 1_000, maxMs: 16_000 },
    detectWake: false,
    ...options,
  });
  r.onStatus((s) => statuses.push(s));
  return { r, statuses };
}

/** Whether the promise has settled, and with what, without waiting for it. */
function track<T>(promise: Promise<T>): { settled: boolean; value: T | undefined } {
  const state = { settled: false, value: undefined as T | undefined };
  void promise.then((value) => {
    state.settled = true;
    state.value = value;
  });
  return state;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Reconnector', () => {
  it('starts connected, says when it will try again after a failure, then says it is trying', async () => {
    const { r, statuses } = reconnector();
    expect(r.status).toEqual({ state: 'connected' });

    const wait = track(r.waitAfterFailure(refused()));
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses).toEqual([
      {
        state: 'reconnecting',
        server: 'hs.example.org',
        problem: 'the connection failed',
        attempt: 1,
        retryInMs: 1_000,
        nextTryAt: 1_001_000,
      },
    ]);
    await vi.advanceTimersByTimeAsync(999);
    expect(wait.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(wait).toEqual({ settled: true, value: true });
    expect(statuses.at(-1)).toMatchObject({
      state: 'reconnecting',
      attempt: 1,
      retryInMs: 0,
      nextTryAt: 1_001_000,
    });
  });

  it('doubles the wait per failure up to the cap, and names each problem', async () => {
    const { r, statuses } = reconnector({ offlineAfter: 100 });
    const errors = [refused(), http(502), http(503), new RequestDeadlineError(45_000), refused()];
    for (const error of errors) {
      const wait = r.waitAfterFailure(error);
      await vi.runAllTimersAsync();
      await wait;
    }
    const waits = statuses.filter((s) => s.state !== 'connected' && s.retryInMs > 0);
    expect(
      waits.map((s) => s.state !== 'connected' && [s.retryInMs, s.attempt, s.problem]),
    ).toEqual([
      [1_000, 1, 'the connection failed'],
      [2_000, 2, 'it answered HTTP 502'],
      [4_000, 3, 'it answered HTTP 503'],
      [8_000, 4, 'it did not answer in time'],
      [16_000, 5, 'the connection failed'],
    ]);
  });

  it('takes up to the jitter fraction off each wait', async () => {
    const { r, statuses } = reconnector({
      delay: { initialMs: 1_000, maxMs: 60_000, jitter: 0.2, random: () => 0.5 },
    });
    const wait = r.waitAfterFailure(refused());
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses[0]).toMatchObject({ retryInMs: 900 });
    await vi.advanceTimersByTimeAsync(900);
    await expect(wait).resolves.toBe(true);
  });

  it("waits as long as a 429's retry_after_ms or Retry-After asks, capped", async () => {
    const { r, statuses } = reconnector({ delay: { initialMs: 1_000, maxMs: 30_000 } });
    let wait = r.waitAfterFailure(rateLimited(7_500));
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toMatchObject({
      retryInMs: 7_500,
      problem: 'it asked the app to slow down',
    });
    await vi.advanceTimersByTimeAsync(7_499);
    expect(track(wait).settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await wait;

    wait = r.waitAfterFailure(rateLimited(100, { 'Retry-After': '12' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toMatchObject({ retryInMs: 12_000 });
    await vi.advanceTimersByTimeAsync(12_000);
    await wait;

    void r.waitAfterFailure(rateLimited(10 ** 9));
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toMatchObject({ retryInMs: 30_000 });
  });

  it('says offline from the third failure in a row, and connected again after a success', async () => {
    const { r, statuses } = reconnector();
    for (let i = 0; i < 3; i++) {
      const wait = r.waitAfterFailure(refused());
      await vi.runAllTimersAsync();
      await wait;
    }
    expect(
      statuses.filter((s) => s.state !== 'connected' && s.retryInMs > 0).map((s) => s.state),
    ).toEqual(['reconnecting', 'reconnecting', 'offline']);
    r.succeeded();
    expect(r.status).toEqual({ state: 'connected' });
    // The backoff starts again from the beginning.
    void r.waitAfterFailure(refused());
    await vi.advanceTimersByTimeAsync(0);
    expect(r.status).toMatchObject({ state: 'reconnecting', attempt: 1, retryInMs: 1_000 });
  });

  it('reports each change once, and nothing while it stays connected', async () => {
    const { r, statuses } = reconnector();
    r.succeeded();
    r.succeeded();
    r.retryNow();
    expect(statuses).toEqual([]);
    const wait = r.waitAfterFailure(refused());
    r.succeeded();
    await expect(wait).resolves.toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.map((s) => s.state)).toEqual(['reconnecting', 'connected']);
  });

  it('lets a second loop join the running wait instead of counting another failure', async () => {
    const { r } = reconnector();
    const sync = track(r.waitAfterFailure(http(502)));
    await vi.advanceTimersByTimeAsync(400);
    const read = track(r.waitAfterFailure(http(502)));
    await vi.advanceTimersByTimeAsync(0);
    expect(r.status).toMatchObject({ attempt: 1, nextTryAt: 1_001_000 });
    await vi.advanceTimersByTimeAsync(600);
    expect(sync).toEqual({ settled: true, value: true });
    expect(read).toEqual({ settled: true, value: true });
  });

  it('wakes a loop that could not reach the server when another one gets through', async () => {
    const { r } = reconnector();
    const read = track(r.waitAfterFailure(refused()));
    await vi.advanceTimersByTimeAsync(10);
    r.succeeded();
    await vi.advanceTimersByTimeAsync(0);
    expect(read).toEqual({ settled: true, value: true });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps the wait and the backoff of a loop the server refused, while another one gets through', async () => {
    const { r, statuses } = reconnector();
    const read = track(r.waitAfterFailure(http(502)));
    await vi.advanceTimersByTimeAsync(10);
    r.succeeded(); // /sync works: the window says connected
    expect(r.status).toEqual({ state: 'connected' });
    await vi.advanceTimersByTimeAsync(989);
    expect(read.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(read).toEqual({ settled: true, value: true });
    // The read fails again: its backoff went on (2 s), it did not start again at 1 s.
    void r.waitAfterFailure(http(502));
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 2, retryInMs: 2_000 });
  });

  it('"Retry now" ends the wait at once', async () => {
    const { r } = reconnector({ delay: { initialMs: 60_000, maxMs: 60_000 } });
    const wait = track(r.waitAfterFailure(refused()));
    await vi.advanceTimersByTimeAsync(5);
    r.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(wait).toEqual({ settled: true, value: true });
    expect(r.status).toMatchObject({ state: 'reconnecting', retryInMs: 0, nextTryAt: 1_000_005 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets a loop leave its wait (stop), and drops the timer when nobody is left', async () => {
    const { r } = reconnector();
    const leave = new AbortController();
    const stay = track(r.waitAfterFailure(refused()));
    const left = track(r.waitAfterFailure(refused(), leave.signal));
    leave.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(left).toEqual({ settled: true, value: false });
    expect(stay.settled).toBe(false);
    expect(vi.getTimerCount()).toBe(1);

    const alone = new AbortController();
    await vi.advanceTimersByTimeAsync(1_000);
    const second = track(r.waitAfterFailure(refused(), alone.signal));
    alone.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(second).toEqual({ settled: true, value: false });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends every wait with false when stopped, and waits no more afterwards', async () => {
    const { r } = reconnector();
    const wait = track(r.waitAfterFailure(refused()));
    r.stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(wait).toEqual({ settled: true, value: false });
    await expect(r.waitAfterFailure(refused())).resolves.toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('after a sleep (the wall clock jumped), abandons requests in flight and retries at once', async () => {
    const { r } = reconnector({ detectWake: true, delay: { initialMs: 60_000, maxMs: 60_000 } });
    const woke = vi.fn();
    r.onWake(woke);
    r.start();
    // Hours of ordinary ticking are not a sleep.
    await vi.advanceTimersByTimeAsync(3 * 3_600_000);
    expect(woke).not.toHaveBeenCalled();

    const wait = track(r.waitAfterFailure(refused()));
    await vi.advanceTimersByTimeAsync(1_000);
    // Suspended for an hour: Date.now() moves, timers do not.
    vi.setSystemTime(Date.now() + 3_600_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(woke).toHaveBeenCalledTimes(1);
    expect(wait).toEqual({ settled: true, value: true });
    r.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
