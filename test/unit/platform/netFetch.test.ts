/**
 * The Electron platform's fetch against a mocked 'electron' whose net.request behaves as
 * Electron's ClientRequest does (lib/browser/api/net-client-request.ts): in manual redirect mode
 * a redirect is announced by a 'redirect' event and, unless the handler follows it or aborts the
 * request, the request fails with "Redirect was cancelled"; an answer is a 'response' event with
 * an IncomingMessage, a Node Readable; abort() destroys that message. The mocked net.fetch is
 * Electron's net.fetch in miniature, on the same fake: it never listens for 'redirect'.
 */
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import type { ClientRequestConstructorOptions } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  net: {
    request: vi.fn<(options: ClientRequestConstructorOptions) => unknown>(),
    fetch: vi.fn<(input: string | Request, init?: RequestInit) => Promise<Response>>(),
  },
}));
vi.mock('electron', () => ({ ...electron, default: electron }));

const { netFetch } = await import('../../../electron/platform/netFetch.js');
const { guardedFetch } = await import('../../../electron/core/net/guardedFetch.js');
const { RedirectRefusedError, redirectRefusalOf } =
  await import('../../../electron/core/net/redirectCheckedFetch.js');

/** What the fake network does with a request once it is sent. */
type Server = (request: FakeClientRequest) => void;

class FakeClientRequest extends EventEmitter {
  readonly headers = new Map<string, string>();
  body: Buffer | null = null;
  aborted = false;
  private following = false;
  private response: Readable | undefined;

  constructor(
    readonly options: ClientRequestConstructorOptions,
    private readonly server: Server,
  ) {
    super();
  }

  get url(): string {
    return this.options.url ?? '';
  }

  setHeader(name: string, value: string): void {
    this.headers.set(name.toLowerCase(), value);
  }

  end(chunk?: string | Buffer): this {
    if (chunk !== undefined) this.body = Buffer.from(chunk);
    // The network answers later, never within end().
    setImmediate(() => this.server(this));
    return this;
  }

  abort(): void {
    this.aborted = true;
    this.response?.destroy();
  }

  followRedirect(): void {
    this.following = true;
  }

  /** The server answers 30x; Electron's manual mode, step by step. */
  redirect(status: number, location: string, headers: Record<string, string[]> = {}): void {
    if (this.aborted) return;
    this.following = false;
    const target = new URL(location, this.url).href;
    const method = this.options.method ?? 'GET';
    this.emit('redirect', status, method, target, { location: [location], ...headers });
    if (this.options.redirect === 'manual' && !this.following && !this.aborted) {
      this.emit('error', new Error('Redirect was cancelled'));
    }
  }

  /** The server answers; the test pushes the body into the returned stream. */
  respond(status: number, headers: Record<string, string | string[]> = {}): Readable {
    const message = new Readable({ read() {} });
    Object.assign(message, { statusCode: status, statusMessage: `Status ${status}`, headers });
    this.response = message;
    if (!this.aborted) this.emit('response', message);
    return message;
  }

  /** A network error; as in Electron, it also destroys the message of an answer under way. */
  fail(message: string): void {
    const error = new Error(message);
    this.response?.destroy(error);
    this.emit('error', error);
  }
}

const sent: FakeClientRequest[] = [];

/** Points net.request at `server`, recording every request made. */
function network(server: Server): void {
  electron.net.request.mockImplementation((options) => {
    const request = new FakeClientRequest(options, server);
    sent.push(request);
    return request;
  });
}

/** Electron's net.fetch (net-fetch.ts) reduced to what matters here: no 'redirect' listener. */
async function electronNetFetch(input: string | Request, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const client = electron.net.request({
    url: request.url,
    method: request.method,
    redirect: request.redirect,
  }) as FakeClientRequest;
  return new Promise((resolve, reject) => {
    client.on('response', (message: Readable & { statusCode: number }) =>
      resolve(
        new Response(Readable.toWeb(message) as ReadableStream, { status: message.statusCode }),
      ),
    );
    client.on('error', reject);
    client.end();
  });
}

/** Resolves with the next request the fake network receives, which gets no answer by itself. */
function nextRequest(): Promise<FakeClientRequest> {
  return new Promise((resolve) => network(resolve));
}

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  let text = '';
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    text += Buffer.from(chunk.value).toString('utf8');
  }
  return text;
}

const WELL_KNOWN = 'https://example.org/.well-known/matrix/client';
const WWW_WELL_KNOWN = 'https://www.example.org/.well-known/matrix/client';

beforeEach(() => {
  vi.clearAllMocks();
  sent.length = 0;
  electron.net.fetch.mockImplementation(electronNetFetch);
});

describe('netFetch with redirect: manual', () => {
  it('answers a redirect with the 30x itself: status, Location and headers, no body', async () => {
    network((request) =>
      request.redirect(301, WWW_WELL_KNOWN, { 'cache-control': ['max-age=3600'] }),
    );

    const response = await netFetch(WELL_KNOWN, { redirect: 'manual' });

    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe(WWW_WELL_KNOWN);
    expect(response.headers.get('cache-control')).toBe('max-age=3600');
    expect(response.url).toBe(WELL_KNOWN);
    expect(await response.text()).toBe('');
    // Not followed: the request ended there, through net.request rather than net.fetch.
    expect(sent.map((r) => [r.url, r.options.redirect, r.aborted])).toEqual([
      [WELL_KNOWN, 'manual', true],
    ]);
    expect(electron.net.fetch).not.toHaveBeenCalled();
  });

  it('gives a relative Location as the absolute URL Chromium resolved', async () => {
    network((request) => request.redirect(307, '/_matrix/client/v3/sync2'));

    const response = await netFetch('https://hs.example.org/_matrix/client/v3/sync', {
      redirect: 'manual',
    });

    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('https://hs.example.org/_matrix/client/v3/sync2');
  });

  it('streams the body of an answer as it arrives, with its status and headers', async () => {
    const arrived = nextRequest();
    const pending = netFetch('https://hs.example.org/_matrix/client/v3/sync', {
      redirect: 'manual',
    });
    const request = await arrived;
    const message = request.respond(200, {
      'content-type': 'application/json',
      'set-cookie': ['a=1', 'b=2'],
    });
    message.push('{"next_batch":');

    const response = await pending;
    const reader = response.body!.getReader();
    const first = await reader.read();

    // The first chunk is readable while the server has not sent the rest.
    expect(Buffer.from(first.value!).toString('utf8')).toBe('{"next_batch":');
    message.push('"s1"}');
    message.push(null);
    expect(await readAll(reader)).toBe('"s1"}');
    expect(response.status).toBe(200);
    expect(response.statusText).toBe('Status 200');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(response.url).toBe('https://hs.example.org/_matrix/client/v3/sync');
  });

  it('sends the method, the headers and a JSON string body', async () => {
    network((request) => request.respond(200).push(null));
    const body = JSON.stringify({ type: 'm.login.password', password: 'pw' });

    await netFetch('https://hs.example.org/_matrix/client/v3/login', {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t0ken' },
      redirect: 'manual',
    });

    const [request] = sent;
    expect(request!.options.method).toBe('POST');
    expect(request!.body?.toString('utf8')).toBe(body);
    expect(request!.headers.get('content-type')).toBe('application/json');
    expect(request!.headers.get('authorization')).toBe('Bearer t0ken');
  });

  it.each([
    ['a Uint8Array', new Uint8Array([1, 2, 255])],
    ['an ArrayBuffer', new Uint8Array([1, 2, 255]).buffer],
  ])('sends %s body byte for byte', async (_kind, body) => {
    network((request) => request.respond(200).push(null));

    await netFetch('https://hs.example.org/upload', { method: 'PUT', body, redirect: 'manual' });

    expect([...sent[0]!.body!]).toEqual([1, 2, 255]);
  });

  it('sends a GET with no body', async () => {
    network((request) => request.respond(204));

    const response = await netFetch('https://hs.example.org/a', { redirect: 'manual' });

    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    expect(sent[0]!.body).toBeNull();
  });

  it('rejects with AbortError and aborts the request when aborted before the answer', async () => {
    const controller = new AbortController();
    const arrived = nextRequest();
    const pending = netFetch('https://hs.example.org/_matrix/client/v3/sync', {
      signal: controller.signal,
      redirect: 'manual',
    });
    const request = await arrived;

    controller.abort();

    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(request.aborted).toBe(true);
  });

  it('fails the body and aborts the request when aborted while the body streams', async () => {
    const controller = new AbortController();
    const arrived = nextRequest();
    const pending = netFetch('https://hs.example.org/_matrix/client/v3/sync', {
      signal: controller.signal,
      redirect: 'manual',
    });
    (await arrived).respond(200).push('{"partial":');
    const reader = (await pending).body!.getReader();
    await reader.read();

    controller.abort();

    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    expect(sent[0]!.aborted).toBe(true);
  });

  it('sends nothing when the signal is already aborted', async () => {
    network((request) => request.respond(200).push(null));

    const pending = netFetch('https://hs.example.org/a', {
      signal: AbortSignal.abort(),
      redirect: 'manual',
    });

    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(electron.net.request).not.toHaveBeenCalled();
  });

  it('aborts the download when the body is cancelled (a size cap, a skipped redirect body)', async () => {
    const arrived = nextRequest();
    const pending = netFetch('https://hs.example.org/big', { redirect: 'manual' });
    const message = (await arrived).respond(200);
    message.push('x'.repeat(1024));
    const response = await pending;

    // The message closes destroyed (an AbortError event), which events.once would throw.
    const closed = new Promise((resolve) => message.once('close', resolve));
    await response.body!.cancel();
    await closed;

    expect(sent[0]!.aborted).toBe(true);
  });

  it("rejects a network failure as fetch does, a TypeError naming Chromium's error", async () => {
    network((request) => request.fail('net::ERR_NAME_NOT_RESOLVED'));

    const pending = netFetch('https://nowhere.example.org/a', { redirect: 'manual' });

    await expect(pending).rejects.toThrow(TypeError);
    await expect(pending).rejects.toThrow('net::ERR_NAME_NOT_RESOLVED');
  });

  it('fails the body, not the process, when the network fails after the answer', async () => {
    const arrived = nextRequest();
    const pending = netFetch('https://hs.example.org/_matrix/client/v3/sync', {
      redirect: 'manual',
    });
    const request = await arrived;
    request.respond(200).push('{"partial":');
    const response = await pending;

    // Nothing has read the body yet when the connection drops.
    request.fail('net::ERR_CONNECTION_RESET');

    await expect(response.text()).rejects.toThrow('net::ERR_CONNECTION_RESET');
  });

  it('takes a network failure after a body-less answer in its stride', async () => {
    const arrived = nextRequest();
    const pending = netFetch('https://hs.example.org/a', { method: 'HEAD', redirect: 'manual' });
    const request = await arrived;
    request.respond(200);
    const response = await pending;

    request.fail('net::ERR_CONNECTION_RESET');

    // No uncaught exception (vitest would report it); the answer stays as it was.
    expect(response.status).toBe(200);
    expect(response.body).toBeNull();
  });

  it('aborts the download of a body larger than the cap, through the guarded fetch', async () => {
    const arrived = nextRequest();
    const pending = guardedFetch(netFetch)(WELL_KNOWN);
    const request = await arrived;
    const message = request.respond(200, { 'content-length': String(100 * 1024 * 1024) });
    const closed = new Promise((resolve) => message.once('close', resolve));

    const response = await pending;
    await closed;

    await expect(response.text()).rejects.toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
    expect(request.aborted).toBe(true);
  });

  it('leaves requests that may follow redirects to net.fetch', async () => {
    network((request) => request.respond(200).push(null));

    await netFetch(new URL('https://hs.example.org/a'), { redirect: 'follow' });
    await netFetch(new Request('https://hs.example.org/b'));

    expect(electron.net.fetch).toHaveBeenCalledTimes(2);
    expect(electron.net.fetch.mock.calls[0]![0]).toBe('https://hs.example.org/a');
    expect(sent.map((r) => r.options.redirect)).toEqual(['follow', 'follow']);
  });
});

describe("the core's redirect check on the Electron fetch", () => {
  /** A fake network answering by URL; JSON bodies end at once. */
  function serve(routes: Record<string, (request: FakeClientRequest) => void>) {
    network((request) => {
      const route = routes[request.url];
      if (route) route(request);
      else request.fail('net::ERR_CONNECTION_REFUSED');
    });
  }
  const json = (body: unknown) => (request: FakeClientRequest) => {
    const message = request.respond(200, { 'content-type': 'application/json' });
    message.push(JSON.stringify(body));
    message.push(null);
  };

  it('follows a harmless https → https redirect (example.org → www.example.org)', async () => {
    serve({
      [WELL_KNOWN]: (request) => request.redirect(301, WWW_WELL_KNOWN),
      [WWW_WELL_KNOWN]: json({ 'm.homeserver': { base_url: 'https://matrix.example.org' } }),
    });

    const response = await guardedFetch(netFetch)(WELL_KNOWN);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      'm.homeserver': { base_url: 'https://matrix.example.org' },
    });
    expect(sent.map((r) => [r.url, r.options.redirect])).toEqual([
      [WELL_KNOWN, 'manual'],
      [WWW_WELL_KNOWN, 'manual'],
    ]);
  });

  it('refuses an https → http redirect, naming it, and never sends the second hop', async () => {
    const downgraded = 'http://www.example.org/.well-known/matrix/client';
    serve({
      [WELL_KNOWN]: (request) => request.redirect(302, downgraded),
      [downgraded]: json({}),
    });

    const response = await guardedFetch(netFetch)(WELL_KNOWN, {
      headers: { Authorization: 'Bearer t0ken' },
    });

    const refusal = redirectRefusalOf(response);
    expect(refusal).toBeInstanceOf(RedirectRefusedError);
    expect(refusal!.message).toBe(
      `example.org redirected ${WELL_KNOWN} to ${downgraded}, which was refused: it uses ` +
        'unencrypted http (www.example.org); https is required.',
    );
    expect(sent.map((r) => r.url)).toEqual([WELL_KNOWN]);
  });
});
