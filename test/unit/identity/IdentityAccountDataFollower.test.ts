/**
 * The account-data follower on its own, with a stand-in client so the retry timing can be driven
 * with fake timers. (The end-to-end gate, against the fixture homeserver and identity server, is
 * in IdentityManager.gate.test.ts.)
 */
import { EventEmitter } from 'node:events';
import { ClientEvent, MatrixError, MatrixEvent, type MatrixClient } from 'matrix-js-sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  IdentityAccountDataFollower,
  type AccountDataUpdate,
} from '../../../electron/core/identity/IdentityAccountDataFollower.js';
import { Reconnector } from '../../../electron/core/net/Reconnector.js';
import { systemClock } from '../../../electron/core/platform.js';
import { createRecordingLogger } from './memoryPlatform.js';

/**
 * Every promise continuation queued so far has run (setImmediate fires only once the microtask
 * queue is empty). The stand-in client answers from memory, with no timer or I/O, so this is
 * the point where a late answer would have had its effect: not a sleep, an ordering barrier.
 */
const microtasksDrained = () => new Promise((resolve) => setImmediate(resolve));

type Answer = () => Promise<unknown>;

function fakeClient(answers: Answer[]) {
  const emitter = new EventEmitter();
  const calls: string[] = [];
  const client = Object.assign(emitter, {
    getAccountDataFromServer: (type: string) => {
      calls.push(type);
      const next = answers.shift();
      if (!next) throw new Error('unexpected read');
      return next();
    },
  });
  const sync = (content: Record<string, unknown>) =>
    emitter.emit(ClientEvent.AccountData, new MatrixEvent({ type: 'm.identity_server', content }));
  return { client: client as unknown as MatrixClient, calls, sync, emitter };
}

const serverError =
  (status: number, errcode = 'M_UNKNOWN') =>
  () =>
    Promise.reject(new MatrixError({ errcode, error: 'nope' }, status));

function follow(client: MatrixClient) {
  const updates: AccountDataUpdate[] = [];
  const log = createRecordingLogger();
  // No jitter, so the waits below are exact.
  const reconnector = new Reconnector({
    clock: systemClock,
    server: 'https://hs.example',
    delay: { initialMs: 1_000, maxMs: 60_000 },
    detectWake: false,
  });
  const follower = new IdentityAccountDataFollower({
    client,
    log,
    reconnector,
    onUpdate: (update) => updates.push(update),
  });
  return { follower, updates, log, reconnector };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('IdentityAccountDataFollower', () => {
  it('reads m.identity_server directly and reports it as the first answer', async () => {
    const { client, calls } = fakeClient([async () => ({ base_url: 'https://is.example' })]);
    const { follower, updates } = follow(client);
    follower.start();
    await follower.known;
    expect(calls).toEqual(['m.identity_server']);
    expect(updates).toEqual([
      { status: { kind: 'present', content: { base_url: 'https://is.example' } }, live: false },
    ]);
    follower.stop();
  });

  it('reports a null answer (404 M_NOT_FOUND in the SDK) as confirmed absent', async () => {
    const { client } = fakeClient([async () => null]);
    const { follower, updates } = follow(client);
    follower.start();
    await follower.known;
    expect(updates).toEqual([{ status: { kind: 'absent' }, live: false }]);
    follower.stop();
  });

  it('stays pending and retries with growing waits on 5xx, 429, network errors and bare 404s', async () => {
    vi.useFakeTimers();
    const { client, calls } = fakeClient([
      serverError(502),
      () => Promise.reject(new TypeError('fetch failed')),
      serverError(404, 'M_UNRECOGNIZED'),
      serverError(429, 'M_LIMIT_EXCEEDED'),
      async () => ({ base_url: null }),
    ]);
    const { follower, updates, log } = follow(client);
    follower.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(follower.status).toEqual({ kind: 'pending' });
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1); // 1 s
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2000); // 2 s
    expect(calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(4000); // 4 s
    expect(calls).toHaveLength(4);
    expect(updates).toEqual([]);
    await vi.advanceTimersByTimeAsync(8000); // 8 s
    expect(calls).toHaveLength(5);
    expect(updates).toEqual([
      { status: { kind: 'present', content: { base_url: null } }, live: false },
    ]);
    expect(log.lines.filter((line) => line.startsWith('warn'))).toHaveLength(4);
    expect(vi.getTimerCount()).toBe(0);
    follower.stop();
  });

  it('takes a /sync event that arrives first as the answer and stops retrying', async () => {
    vi.useFakeTimers();
    const { client, calls, sync } = fakeClient([serverError(503)]);
    const { follower, updates } = follow(client);
    follower.start();
    await vi.advanceTimersByTimeAsync(0);
    sync({ base_url: 'https://from-sync.example' });
    await follower.known;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toHaveLength(1);
    expect(updates).toEqual([
      {
        status: { kind: 'present', content: { base_url: 'https://from-sync.example' } },
        live: false,
      },
    ]);
    follower.stop();
  });

  it('ignores a slow direct answer once /sync has answered', async () => {
    let answer: (value: unknown) => void = () => {};
    const { client, sync } = fakeClient([() => new Promise((resolve) => (answer = resolve))]);
    const { follower, updates } = follow(client);
    follower.start();
    sync({ base_url: 'https://newer.example' });
    answer({ base_url: 'https://older.example' });
    await follower.known;
    await microtasksDrained();
    expect(updates).toHaveLength(1);
    expect(follower.status).toEqual({
      kind: 'present',
      content: { base_url: 'https://newer.example' },
    });
    follower.stop();
  });

  it('reports later changes as live, and only for m.identity_server', async () => {
    const { client, sync, emitter } = fakeClient([async () => null]);
    const { follower, updates } = follow(client);
    follower.start();
    await follower.known;
    emitter.emit(ClientEvent.AccountData, new MatrixEvent({ type: 'm.direct', content: {} }));
    sync({ base_url: 'https://changed.example' });
    expect(updates.slice(1)).toEqual([
      { status: { kind: 'present', content: { base_url: 'https://changed.example' } }, live: true },
    ]);
    follower.stop();
    sync({ base_url: 'https://after-stop.example' });
    expect(updates).toHaveLength(2);
    expect(emitter.listenerCount(ClientEvent.AccountData)).toBe(0);
  });

  it('cancels the retry timer and rejects waiters on stop', async () => {
    vi.useFakeTimers();
    const { client } = fakeClient([serverError(500)]);
    const { follower } = follow(client);
    follower.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    follower.stop();
    expect(vi.getTimerCount()).toBe(0);
    await expect(follower.known).rejects.toMatchObject({ code: 'IDENTITY_STOPPED' });
  });
});
