/**
 * The /sync requests of the SDK's sync loop, under the session's reconnect loop: what reaches
 * the SDK (only complete, well-formed answers), what is asked again (the same URL: the same
 * `since`, so no update is lost or doubled), and how waiting, waking and stopping behave. Fake
 * timers; the fault suite (test/integration/faults.test.ts) runs the same against the fixture.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Reconnector } from '../../../electron/core/net/Reconnector.js';
import { systemClock } from '../../../electron/core/platform.js';
import {
  SYNC_DEADLINE_MS,
  SyncRequestRetrier,
} from '../../../electron/core/session/SyncRequestRetrier.js';
import type { ConnectionStatus } from '../../../electron/ipc/contract.js';
import { createRecordingLogger } from '../identity/memoryPlatform.js';

const HS = 'https://hs.example.org';
const SYNC = `${HS}/_matrix/client/v3/sync?filter=0&timeout=30000&since=s7`;

type Answer = (signal: AbortSignal | undefined) => Promise<Response>;

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  async () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
const never: Answer = (signal) =>
  new Promise((_, reject) =>
    signal?.addEventListener('abort', () =>
      reject(new DOMException('The operation was aborted.', 'AbortError')),
    ),
  );
const stalledBody: Answer = async () =>
  new Response(
    new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"next_batch": "s'));
      },
    }),
    { status: 200 },
  );

function harness(answers: Answer[]) {
  const sent: URL[] = [];
  const fetch = ((input: string | URL | Request, init?: RequestInit) => {
    sent.push(
      new URL(typeof input === 'string' ? input : input instanceof URL ? input : input.url),
    );
    return (answers.shift() ?? never)(init?.signal ?? undefined);
  }) as typeof globalThis.fetch;
  const reconnector = new Reconnector({
    clock: systemClock,
    server: HS,
    delay: { initialMs: 1_000, maxMs: 60_000, jitter: 0 },
  });
  const statuses: ConnectionStatus[] = [];
  reconnector.onStatus((s) => statuses.push(s));
  const retrier = new SyncRequestRetrier({
    fetch,
    clock: systemClock,
    reconnector,
    log: createRecordingLogger(),
  });
  return { retrier, reconnector, sent, statuses };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SyncRequestRetrier', () => {
  it('asks again with the same since after a 502, without the long-poll, and hands on the answer', async () => {
    const { retrier, sent, statuses } = harness([
      json(502, { errcode: 'M_UNKNOWN' }),
      json(200, { next_batch: 's8' }),
    ]);
    const answer = retrier.fetch(SYNC);
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toMatchObject({
      state: 'reconnecting',
      problem: 'it answered HTTP 502',
    });
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    const response = await answer;
    expect(await response.json()).toEqual({ next_batch: 's8' });
    expect(sent.map((u) => u.searchParams.get('since'))).toEqual(['s7', 's7']);
    // While reconnecting, the retry does not long-poll: an answer at once says it is back.
    expect(sent[1]!.searchParams.get('timeout')).toBe('0');
    expect(statuses.at(-1)).toEqual({ state: 'connected' });
  });

  it('never hands the SDK an answer it could not go on from, and asks again', async () => {
    const { retrier, sent } = harness([
      json(200, { next_batch: '' }),
      async () => new Response('<html>proxy</html>', { status: 200 }),
      json(200, { next_batch: 's9', rooms: {} }),
    ]);
    const answer = retrier.fetch(SYNC);
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await (await answer).json()).toEqual({ next_batch: 's9', rooms: {} });
    expect(sent).toHaveLength(3);
  });

  it("waits as long as a 429's Retry-After asks", async () => {
    const { retrier, sent } = harness([
      json(429, { errcode: 'M_LIMIT_EXCEEDED', retry_after_ms: 20_000 }),
      json(200, { next_batch: 's8' }),
    ]);
    const answer = retrier.fetch(SYNC);
    await vi.advanceTimersByTimeAsync(19_999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await answer;
    expect(sent).toHaveLength(2);
  });

  it('gives up on a stalled body at the deadline and asks again', async () => {
    const { retrier, sent, statuses } = harness([stalledBody, json(200, { next_batch: 's8' })]);
    const answer = retrier.fetch(SYNC);
    await vi.advanceTimersByTimeAsync(SYNC_DEADLINE_MS - 1);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(statuses.at(-1)).toMatchObject({ problem: 'it did not answer in time' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await (await answer).json()).toEqual({ next_batch: 's8' });
  });

  it('after a sleep, abandons the request in flight and sends it again at once', async () => {
    const { retrier, reconnector, sent, statuses } = harness([
      never,
      json(200, { next_batch: 's8' }),
    ]);
    const offWake = reconnector.onWake(() => {});
    const answer = retrier.fetch(SYNC);
    await vi.advanceTimersByTimeAsync(0);
    // What WakeDetector does on waking: tell the loops, then retry now.
    (reconnector as unknown as { wokeUp(ms: number): void }).wokeUp(3_600_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(await (await answer).json()).toEqual({ next_batch: 's8' });
    expect(sent).toHaveLength(2);
    expect(statuses.every((s) => s.state === 'connected')).toBe(true);
    offWake();
  });

  it('stops while waiting to retry: the request rejects and nothing more is sent', async () => {
    const { retrier, sent } = harness([json(503, {})]);
    const answer = retrier.fetch(SYNC);
    const outcome = answer.then(
      () => 'answered',
      () => 'rejected',
    );
    await vi.advanceTimersByTimeAsync(0);
    retrier.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(await outcome).toBe('rejected');
    expect(sent).toHaveLength(1);
  });

  it('retries the sync start-up requests (push rules) on the same backoff', async () => {
    const { retrier, sent, statuses } = harness([
      json(502, {}),
      json(200, { global: { override: [] } }),
    ]);
    const answer = retrier.fetch(`${HS}/_matrix/client/v3/pushrules/`);
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 1 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await (await answer).json()).toEqual({ global: { override: [] } });
    expect(sent).toHaveLength(2);
  });

  it('passes a 401 through untouched (the session decides), and other requests too', async () => {
    const { retrier, sent } = harness([
      json(401, { errcode: 'M_UNKNOWN_TOKEN' }),
      json(500, { errcode: 'M_UNKNOWN' }),
    ]);
    expect((await retrier.fetch(SYNC)).status).toBe(401);
    const other = await retrier.fetch(`${HS}/_matrix/client/v3/capabilities`);
    expect(other.status).toBe(500);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(2);
  });
});
