/**
 * The session's /sync loop with a real matrix-js-sdk client over a scripted fetch, on fake
 * timers: what it asks the server (the `since` token), what it applies, and how it fails, waits,
 * stops and recovers. (Against the fixture homeserver: test/integration/faults.test.ts.)
 */
import { ClientEvent, createClient, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Reconnector } from '../../../electron/core/net/Reconnector.js';
import { createSdkLogger } from '../../../electron/core/net/sdkLogger.js';
import { systemClock } from '../../../electron/core/platform.js';
import {
  AccountDataSync,
  LONG_POLL_MS,
  SYNC_DEADLINE_MS,
} from '../../../electron/core/session/AccountDataSync.js';
import type { ConnectionStatus } from '../../../electron/ipc/contract.js';
import { createRecordingLogger } from '../identity/memoryPlatform.js';

const HS = 'https://hs.example.org';

interface SentRequest {
  since: string | null;
  timeout: string | null;
  signal: AbortSignal | undefined;
}

type Answer = (signal: AbortSignal | undefined) => Promise<Response>;

const json = (status: number, body: unknown) => async () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const batch = (next: string, events: { type: string; content: Record<string, unknown> }[] = []) =>
  json(200, { next_batch: next, account_data: { events } });
/** What a long-poll or a dead socket does: nothing, until the request is aborted. */
const never: Answer = (signal) =>
  new Promise((_, reject) =>
    signal?.addEventListener('abort', () =>
      reject(new DOMException('The operation was aborted.', 'AbortError')),
    ),
  );
/** Headers at once, then a body that never finishes. */
const stalledBody: Answer = async () =>
  new Response(
    new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"next_batch": "s'));
      },
    }),
    { status: 200, headers: { 'content-type': 'application/json' } },
  );

function harness(answers: Answer[]) {
  const sent: SentRequest[] = [];
  const fetchFn = ((input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input : input.url,
    );
    sent.push({
      since: url.searchParams.get('since'),
      timeout: url.searchParams.get('timeout'),
      signal: init?.signal ?? undefined,
    });
    const answer = answers.shift() ?? never;
    return answer(init?.signal ?? undefined);
  }) as typeof globalThis.fetch;
  const log = createRecordingLogger();
  const client: MatrixClient = createClient({
    baseUrl: HS,
    userId: '@alice:hs.example.org',
    accessToken: 'test-token',
    fetchFn,
    logger: createSdkLogger(log, 'test'),
  });
  const statuses: ConnectionStatus[] = [];
  const reconnector = new Reconnector({
    clock: systemClock,
    server: HS,
    delay: { initialMs: 1_000, maxMs: 60_000 },
  });
  reconnector.onStatus((status) => statuses.push(status));
  const seen: { type: string; content: unknown }[] = [];
  client.on(ClientEvent.AccountData, (event: MatrixEvent) =>
    seen.push({ type: event.getType(), content: event.getContent() }),
  );
  const sync = new AccountDataSync(client, reconnector, systemClock, log);
  return { sync, sent, seen, statuses, reconnector, client, log };
}

const IS = 'm.identity_server';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(5_000_000);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('AccountDataSync', () => {
  it('starts without a since token, then long-polls from each next_batch, applying events in order', async () => {
    const h = harness([
      batch('s1', [{ type: IS, content: { base_url: 'https://a.example' } }]),
      batch('s2', [
        { type: IS, content: { base_url: 'https://b.example' } },
        { type: 'm.direct', content: {} },
      ]),
    ]);
    h.sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.sent.map(({ since, timeout }) => ({ since, timeout }))).toEqual([
      { since: null, timeout: '0' },
      { since: 's1', timeout: String(LONG_POLL_MS) },
      { since: 's2', timeout: String(LONG_POLL_MS) },
    ]);
    expect(h.seen).toEqual([
      { type: IS, content: { base_url: 'https://a.example' } },
      { type: IS, content: { base_url: 'https://b.example' } },
      { type: 'm.direct', content: {} },
    ]);
    expect(h.client.getAccountData(IS)?.getContent()).toEqual({ base_url: 'https://b.example' });
    expect(h.sync.syncToken).toBe('s2');
    expect(h.statuses).toEqual([]);
    h.sync.stop();
  });

  it('keeps the since token after a malformed answer, says so, and asks again from the same point', async () => {
    const h = harness([
      batch('s1'),
      json(200, { account_data: { events: [{ type: IS, content: { base_url: 'https://x' } }] } }),
      async () => new Response('{"next_batch": "s9", "acc', { status: 200 }),
      json(200, 'not an object'),
      batch('s2', [{ type: IS, content: { base_url: 'https://after.example' } }]),
    ]);
    h.sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.statuses.at(-1)).toMatchObject({
      state: 'reconnecting',
      attempt: 1,
      problem: 'it sent an answer the app cannot read',
    });
    await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000);
    expect(h.sent.map((r) => r.since)).toEqual([null, 's1', 's1', 's1', 's1', 's2']);
    // The event of the answer without next_batch was not applied; the later one was, once.
    expect(h.seen).toEqual([{ type: IS, content: { base_url: 'https://after.example' } }]);
    expect(h.statuses.at(-1)).toEqual({ state: 'connected' });
    h.sync.stop();
  });

  it('retries a failed request with the same since token, so no update is lost or doubled', async () => {
    const h = harness([
      batch('s1'),
      json(502, { errcode: 'M_UNKNOWN', error: 'bad gateway' }),
      async () => {
        throw new TypeError('fetch failed');
      },
      batch('s2', [{ type: IS, content: { base_url: null } }]),
    ]);
    h.sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.statuses.at(-1)).toMatchObject({ problem: 'it answered HTTP 502', attempt: 1 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(h.statuses.at(-1)).toMatchObject({ problem: 'the connection failed', attempt: 2 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(h.sent.map((r) => r.since)).toEqual([null, 's1', 's1', 's1', 's2']);
    // While reconnecting it asks for an answer at once (no long-poll), then long-polls again.
    expect(h.sent.map((r) => r.timeout)).toEqual(['0', '30000', '0', '0', '30000']);
    expect(h.seen).toEqual([{ type: IS, content: { base_url: null } }]);
    expect(h.reconnector.status).toEqual({ state: 'connected' });
    h.sync.stop();
  });

  it('starts the backoff again from the beginning after a success', async () => {
    const fail = json(500, { errcode: 'M_UNKNOWN', error: 'boom' });
    const h = harness([batch('s1'), fail, fail, fail, batch('s2'), fail, batch('s3')]);
    h.sync.start();
    await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000);
    expect(h.sync.syncToken).toBe('s2');
    await vi.advanceTimersByTimeAsync(0);
    expect(h.statuses.at(-1)).toMatchObject({
      state: 'reconnecting',
      attempt: 1,
      retryInMs: 1_000,
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(h.sync.syncToken).toBe('s3');
    const waits = h.statuses.flatMap((s) =>
      s.state !== 'connected' && s.retryInMs > 0 ? [s.retryInMs] : [],
    );
    expect(waits).toEqual([1_000, 2_000, 4_000, 1_000]);
    h.sync.stop();
  });

  it('stops during a request: aborts it, applies nothing that arrives later, sends nothing more', async () => {
    let answerLate: (response: Response) => void = () => {};
    const h = harness([
      batch('s1'),
      () => new Promise<Response>((resolve) => (answerLate = resolve)),
    ]);
    h.sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.sent).toHaveLength(2);
    h.sync.stop();
    expect(h.sent[1]!.signal?.aborted).toBe(true);
    answerLate(
      new Response(
        JSON.stringify({
          next_batch: 's2',
          account_data: { events: [{ type: IS, content: { base_url: 'https://late' } }] },
        }),
        { status: 200 },
      ),
    );
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(h.sent).toHaveLength(2);
    expect(h.seen).toEqual([]);
    expect(h.sync.syncToken).toBe('s1');
    expect(h.statuses).toEqual([]);
  });

  it('stops while waiting to retry: no timer is left and no request is sent', async () => {
    const h = harness([batch('s1'), json(503, { errcode: 'M_UNKNOWN', error: 'x' })]);
    h.sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.reconnector.status.state).toBe('reconnecting');
    h.sync.stop();
    h.reconnector.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(h.sent).toHaveLength(2);
  });

  it('gives up on a body that never finishes after its deadline, and asks again', async () => {
    const h = harness([batch('s1'), stalledBody, batch('s2')]);
    h.sync.start();
    await vi.advanceTimersByTimeAsync(SYNC_DEADLINE_MS - 1);
    expect(h.sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.statuses.at(-1)).toMatchObject({ problem: 'it did not answer in time' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(h.sent.map((r) => r.since)).toEqual([null, 's1', 's1', 's2']);
    expect(h.sync.syncToken).toBe('s2');
    h.sync.stop();
  });

  it('after a sleep, abandons the long-poll and sends it again at once, without a backoff', async () => {
    const h = harness([batch('s1'), never, batch('s2')]);
    h.reconnector.start();
    h.sync.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(h.sent).toHaveLength(2);
    vi.setSystemTime(Date.now() + 2 * 3_600_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(h.sent[1]!.signal?.aborted).toBe(true);
    expect(h.sent.map((r) => r.since)).toEqual([null, 's1', 's1', 's2']);
    expect(h.statuses).toEqual([]);
    h.sync.stop();
    h.reconnector.stop();
  });
});
