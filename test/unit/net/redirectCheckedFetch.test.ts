import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MAX_REDIRECTS,
  RedirectRefusedError,
  redirectCheckedFetch,
  redirectRefusalOf,
} from '../../../electron/core/net/redirectCheckedFetch.js';

/** What the platform's fetch was asked, hop by hop. */
interface Sent {
  url: string;
  method: string;
  authorization: string | null;
  contentType: string | null;
  body: string | null;
  redirect: RequestRedirect | undefined;
}

/** A platform fetch that answers from a script keyed by URL and records every request. */
function scriptedFetch(script: Record<string, () => Response>) {
  const sent: Sent[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const headers = new Headers(init?.headers);
    sent.push({
      url,
      method: (init?.method ?? 'GET').toUpperCase(),
      authorization: headers.get('authorization'),
      contentType: headers.get('content-type'),
      body: typeof init?.body === 'string' ? init.body : null,
      redirect: init?.redirect,
    });
    const answer = script[url];
    if (!answer) throw new TypeError(`fetch failed: nothing scripted for ${url}`);
    return answer();
  };
  return { fetch, sent };
}

const redirect = (status: number, location: string) => () =>
  new Response('moved', { status, headers: { location } });
const json = (body: unknown) => () => Response.json(body);

const HS = 'https://hs.example.org';
const authed = { headers: { Authorization: 'Bearer secret-token' } };

async function refusalOf(response: Response): Promise<RedirectRefusedError> {
  const refusal = redirectRefusalOf(response);
  expect(refusal).toBeInstanceOf(RedirectRefusedError);
  // The body fails with the same error: what matrix-js-sdk's callers receive.
  await expect(response.text()).rejects.toBe(refusal);
  return refusal!;
}

describe('redirectCheckedFetch', () => {
  it('asks the platform not to follow redirects itself', async () => {
    const { fetch, sent } = scriptedFetch({ [`${HS}/a`]: json({ ok: true }) });
    await redirectCheckedFetch(fetch)(`${HS}/a`, { redirect: 'follow' });
    expect(sent.map((s) => s.redirect)).toEqual(['manual']);
  });

  it('follows a same-origin https redirect and keeps the Authorization header', async () => {
    const { fetch, sent } = scriptedFetch({
      [`${HS}/_matrix/client/v3/sync`]: redirect(307, '/_matrix/client/v3/sync2?x=1'),
      [`${HS}/_matrix/client/v3/sync2?x=1`]: json({ next_batch: 's1' }),
    });
    const response = await redirectCheckedFetch(fetch)(`${HS}/_matrix/client/v3/sync`, authed);
    expect(await response.json()).toEqual({ next_batch: 's1' });
    expect(sent.map((s) => [s.url, s.authorization])).toEqual([
      [`${HS}/_matrix/client/v3/sync`, 'Bearer secret-token'],
      [`${HS}/_matrix/client/v3/sync2?x=1`, 'Bearer secret-token'],
    ]);
  });

  it('drops the Authorization header for good once the origin changes', async () => {
    const { fetch, sent } = scriptedFetch({
      [`${HS}/a`]: redirect(302, 'https://cdn.example.org/b'),
      ['https://cdn.example.org/b']: redirect(302, `${HS}/c`),
      [`${HS}/c`]: json({}),
    });
    await redirectCheckedFetch(fetch)(`${HS}/a`, authed);
    expect(sent.map((s) => s.authorization)).toEqual(['Bearer secret-token', null, null]);
  });

  it('refuses an https → http downgrade, naming both URLs, and never sends the second hop', async () => {
    const { fetch, sent } = scriptedFetch({
      [`${HS}/_matrix/client/v3/sync`]: redirect(
        302,
        'http://127.0.0.1:8008/_matrix/client/v3/sync',
      ),
    });
    const response = await redirectCheckedFetch(fetch)(`${HS}/_matrix/client/v3/sync`, authed);
    expect(response.ok).toBe(false);
    expect(response.headers.get('location')).toBeNull();
    const refusal = await refusalOf(response);
    expect(refusal.code).toBe('REDIRECT_REFUSED');
    expect(refusal.message).toBe(
      'hs.example.org redirected https://hs.example.org/_matrix/client/v3/sync to ' +
        'http://127.0.0.1:8008/_matrix/client/v3/sync, which was refused: it would downgrade ' +
        'the connection from https to http (127.0.0.1:8008).',
    );
    expect(sent).toHaveLength(1);
  });

  it('refuses plain http to a host that is not loopback, even from http', async () => {
    const { fetch, sent } = scriptedFetch({
      ['http://127.0.0.1:8008/a']: redirect(301, 'http://evil.example.net/a'),
    });
    const refusal = await refusalOf(await redirectCheckedFetch(fetch)('http://127.0.0.1:8008/a'));
    expect(refusal.message).toMatch(/unencrypted http \(evil\.example\.net\); https is required/);
    expect(sent).toHaveLength(1);
  });

  it('allows http between loopback addresses (local development servers)', async () => {
    const { fetch, sent } = scriptedFetch({
      ['http://127.0.0.1:8008/a']: redirect(302, 'http://localhost:8009/b'),
      ['http://localhost:8009/b']: json({ ok: 1 }),
    });
    const response = await redirectCheckedFetch(fetch)('http://127.0.0.1:8008/a');
    expect(await response.json()).toEqual({ ok: 1 });
    expect(sent).toHaveLength(2);
  });

  it('refuses credentials in the Location and schemes other than http(s)', async () => {
    const { fetch } = scriptedFetch({
      [`${HS}/a`]: redirect(302, 'https://user:pw@hs.example.org/b'),
      [`${HS}/b`]: redirect(302, 'file:///etc/passwd'),
    });
    const guarded = redirectCheckedFetch(fetch);
    expect((await refusalOf(await guarded(`${HS}/a`))).message).toMatch(/user name or password/);
    expect((await refusalOf(await guarded(`${HS}/b`))).message).toMatch(/uses file:/);
  });

  it(`stops after ${MAX_REDIRECTS} redirects`, async () => {
    const script: Record<string, () => Response> = {};
    for (let i = 0; i <= MAX_REDIRECTS; i++) script[`${HS}/${i}`] = redirect(302, `/${i + 1}`);
    const { fetch, sent } = scriptedFetch(script);
    const refusal = await refusalOf(await redirectCheckedFetch(fetch)(`${HS}/0`));
    expect(refusal.message).toMatch(`more than ${MAX_REDIRECTS} redirects`);
    expect(sent).toHaveLength(MAX_REDIRECTS + 1);
  });

  it('turns 303, and 301/302 after a POST, into a GET without the body', async () => {
    for (const status of [301, 302, 303]) {
      const { fetch, sent } = scriptedFetch({
        [`${HS}/login`]: redirect(status, '/login2'),
        [`${HS}/login2`]: json({}),
      });
      await redirectCheckedFetch(fetch)(`${HS}/login`, {
        method: 'POST',
        body: '{"password":"pw"}',
        headers: { 'Content-Type': 'application/json' },
      });
      expect(sent[1]).toMatchObject({ method: 'GET', body: null, contentType: null });
    }
  });

  it('keeps method and body through 307 and 308', async () => {
    for (const status of [307, 308]) {
      const { fetch, sent } = scriptedFetch({
        [`${HS}/login`]: redirect(status, '/login2'),
        [`${HS}/login2`]: json({}),
      });
      await redirectCheckedFetch(fetch)(`${HS}/login`, { method: 'POST', body: '{"a":1}' });
      expect(sent[1]).toMatchObject({ method: 'POST', body: '{"a":1}' });
    }
  });

  it("honours a caller's redirect: 'error' (identity-server requests)", async () => {
    const { fetch, sent } = scriptedFetch({ [`${HS}/a`]: redirect(302, `${HS}/b`) });
    const refusal = await refusalOf(
      await redirectCheckedFetch(fetch)(`${HS}/a`, { redirect: 'error' }),
    );
    expect(refusal.message).toMatch(/may not be redirected/);
    expect(sent).toHaveLength(1);
  });

  it('passes other network errors through unchanged', async () => {
    const failing: typeof globalThis.fetch = async () => {
      throw new TypeError('fetch failed');
    };
    await expect(redirectCheckedFetch(failing)(`${HS}/a`)).rejects.toThrow(TypeError);
  });

  it('keeps the query string of a URL out of the message (it may carry a login token)', async () => {
    const { fetch } = scriptedFetch({
      [`${HS}/a?loginToken=t0ps3cret`]: redirect(
        302,
        'http://evil.example.net/x?loginToken=t0ps3cret',
      ),
    });
    const refusal = await refusalOf(
      await redirectCheckedFetch(fetch)(`${HS}/a?loginToken=t0ps3cret`),
    );
    expect(refusal.message).not.toContain('t0ps3cret');
  });
});

describe('redirectCheckedFetch on undici (the Node platform)', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    servers.length = 0;
  });

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('sees the Location of a real 302 and checks it before anything is sent there', async () => {
    const reached: string[] = [];
    const target = await serve((req, res) => {
      reached.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
      res.end('{}');
    });
    const origin = await serve((_req, res) => {
      res.writeHead(302, { location: `${target.replace('127.0.0.1', 'localhost')}/b` }).end();
    });
    const response = await redirectCheckedFetch(globalThis.fetch)(`${origin}/a`, authed);
    expect(response.status).toBe(200);
    // Loopback http → loopback http is allowed; the token stays behind on another origin.
    expect(reached).toEqual(['GET /b -']);
  });
});
