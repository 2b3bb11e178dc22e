/**
 * requestDeadline (core/net/userWaits.ts): a request deadline that stops while the app waits on
 * the user (a proxy asking for a password), so a user typing slowly does not fail discovery or
 * sign-in with a time-out; and the discovery probe uses it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserWaits, requestDeadline } from '../../../electron/core/net/userWaits.js';
import { probeHomeserver } from '../../../electron/core/net/probeHomeserver.js';
import { userWaits } from '../../../electron/core/net/userWaits.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('requestDeadline', () => {
  it('aborts with a TimeoutError after its time, as AbortSignal.timeout does', () => {
    const signal = requestDeadline(10_000, undefined, new UserWaits());
    vi.advanceTimersByTime(9_999);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('stops while the app waits on the user and goes on with what was left', () => {
    const waits = new UserWaits();
    const signal = requestDeadline(10_000, undefined, waits);
    vi.advanceTimersByTime(4_000);
    const endFirst = waits.begin();
    const endSecond = waits.begin();
    vi.advanceTimersByTime(60_000);
    endFirst();
    vi.advanceTimersByTime(60_000);
    expect(signal.aborted).toBe(false); // one prompt is still open
    endSecond();
    endSecond(); // ending twice does not count twice
    vi.advanceTimersByTime(5_999);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
  });

  it('made while a prompt is open starts counting only when it is answered', () => {
    const waits = new UserWaits();
    const end = waits.begin();
    const signal = requestDeadline(1_000, undefined, waits);
    vi.advanceTimersByTime(30_000);
    expect(signal.aborted).toBe(false);
    end();
    vi.advanceTimersByTime(1_000);
    expect(signal.aborted).toBe(true);
  });

  it("follows the caller's own signal too", () => {
    const caller = new AbortController();
    const signal = requestDeadline(10_000, caller.signal, new UserWaits());
    caller.abort(new Error('cancelled by the user'));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('cancelled by the user');
  });
});

describe('the discovery probe', () => {
  it('does not time out while a proxy prompt is open', async () => {
    // A server that answers only when the request is aborted: what a proxy holding the request
    // for its password looks like from here.
    const fetch = ((_url: string, init: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init.signal!.addEventListener('abort', () => reject(init.signal!.reason as Error));
      })) as typeof globalThis.fetch;
    const endWait = userWaits.begin();
    let settled = false;
    const probe = probeHomeserver(fetch, 'https://matrix.example.org').finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(settled).toBe(false);
    endWait();
    await vi.advanceTimersByTimeAsync(14_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    // Settled on the deadline's own clock, the 15 s counted after the prompt was answered.
    expect(settled).toBe(true);
    await expect(probe).resolves.toMatchObject({ ok: false });
  });
});
