import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RESPONSE_BYTES,
  ResponseTooLargeError,
  responseLimitFor,
  sizeCappedFetch,
} from '../../../electron/core/net/sizeCappedFetch.js';

const HS = 'https://hs.example.org:8448';
const KiB = 1024;
const MiB = 1024 * KiB;

/** A body of `bytes` bytes in 16 KiB chunks, without a Content-Length (chunked). */
function streamOf(bytes: number): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const chunk = new Uint8Array(Math.min(16 * KiB, bytes - sent)).fill(0x20);
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { body, pulled: () => sent };
}

const answering =
  (response: () => Response): typeof globalThis.fetch =>
  async () =>
    response();

describe('responseLimitFor', () => {
  it.each([
    ['/_matrix/client/v3/sync', 32 * MiB, '/sync'],
    ['/_matrix/client/v3/login', 64 * KiB, '/login'],
    ['/_matrix/client/r0/login', 64 * KiB, '/login'],
    ['/_matrix/client/v1/refresh', 64 * KiB, '/refresh'],
    ['/_matrix/client/v3/account/whoami', 64 * KiB, '/account/whoami'],
    ['/_matrix/client/v3/user/%40a%3Ahs/account_data/m.identity_server', MiB, 'account data'],
    ['/_matrix/client/v3/user/%40a%3Ahs/rooms/!r%3Ahs/account_data/m.tag', MiB, 'account data'],
    ['/_matrix/client/v3/login/sso/redirect', DEFAULT_RESPONSE_BYTES, '/login/sso/redirect'],
    ['/_matrix/client/versions', DEFAULT_RESPONSE_BYTES, '/_matrix/client/versions'],
  ])('%s: %d bytes, named %s', (path, bytes, label) => {
    expect(responseLimitFor(new URL(`${HS}${path}`))).toEqual({ bytes, label });
  });
});

describe('sizeCappedFetch', () => {
  it('passes a body under the cap through unchanged, with status and headers', async () => {
    const fetch = sizeCappedFetch(
      answering(() => Response.json({ user_id: '@a:hs' }, { status: 200 })),
    );
    const response = await fetch(`${HS}/_matrix/client/v3/login`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/json/);
    expect(await response.json()).toEqual({ user_id: '@a:hs' });
  });

  it('fails a streamed /login body at the cap, names server, cap and endpoint, stops reading', async () => {
    const source = streamOf(10 * MiB);
    const fetch = sizeCappedFetch(answering(() => new Response(source.body)));
    const response = await fetch(`${HS}/_matrix/client/v3/login`);
    const error = await response.json().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).code).toBe('RESPONSE_TOO_LARGE');
    expect((error as Error).message).toBe(
      'hs.example.org:8448 answered with more than 64 KiB for /login.',
    );
    // The download was cancelled near the cap, not read to the end.
    expect(source.pulled()).toBeLessThan(256 * KiB);
  });

  it('refuses a declared Content-Length over the cap before reading anything', async () => {
    const source = streamOf(40 * MiB);
    const fetch = sizeCappedFetch(
      answering(
        () => new Response(source.body, { headers: { 'content-length': String(40 * MiB) } }),
      ),
    );
    const response = await fetch(`${HS}/_matrix/client/v3/sync?since=s1`);
    await expect(response.text()).rejects.toThrow(
      'hs.example.org:8448 answered with more than 32 MiB for /sync.',
    );
    expect(source.pulled()).toBeLessThanOrEqual(16 * KiB);
  });

  it('caps error bodies too (the SDK reads them whole)', async () => {
    const fetch = sizeCappedFetch(
      answering(() => new Response(streamOf(2 * MiB).body, { status: 500 })),
    );
    const response = await fetch(`${HS}/_matrix/client/v3/user/%40a%3Ahs/account_data/m.x`);
    expect(response.status).toBe(500);
    await expect(response.text()).rejects.toThrow('answered with more than 1 MiB for account data');
  });

  it('lets a large /sync through when it is under its own cap', async () => {
    const fetch = sizeCappedFetch(answering(() => new Response(streamOf(5 * MiB).body)));
    const response = await fetch(`${HS}/_matrix/client/v3/sync`);
    expect((await response.arrayBuffer()).byteLength).toBe(5 * MiB);
  });
});
