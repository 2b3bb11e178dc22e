import { describe, expect, it } from 'vitest';
import { tokenBelongsTo } from '../../../electron/core/login/tokenBelongsTo.js';

/** A server that answers whoami with `response`, and remembers what it was asked. */
function server(response: () => Response) {
  const asked: { url: string; authorization: string | null }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    asked.push({
      url: String(input),
      authorization: new Headers(init?.headers).get('authorization'),
    });
    return response();
  };
  return { fetch, asked };
}

const check = (fetch: typeof globalThis.fetch) =>
  tokenBelongsTo({
    fetch,
    serverUrl: 'https://portal.example',
    accessToken: 'new-token',
    userId: '@alice:example.org',
  });

describe('tokenBelongsTo (does the login server serve this session itself?)', () => {
  it('is true when whoami answers for the same user, asked with the new token', async () => {
    const { fetch, asked } = server(() => Response.json({ user_id: '@alice:example.org' }));
    expect(await check(fetch)).toBe(true);
    expect(asked).toEqual([
      {
        url: 'https://portal.example/_matrix/client/v3/account/whoami',
        authorization: 'Bearer new-token',
      },
    ]);
  });

  it.each([
    ['another user', () => Response.json({ user_id: '@mallory:example.org' })],
    ['M_UNRECOGNIZED', () => Response.json({ errcode: 'M_UNRECOGNIZED' }, { status: 404 })],
    ['M_UNKNOWN_TOKEN', () => Response.json({ errcode: 'M_UNKNOWN_TOKEN' }, { status: 401 })],
    ['not JSON', () => new Response('<html>Welcome</html>')],
    ['a huge body', () => new Response(`{"user_id":"${'x'.repeat(100_000)}"}`)],
  ])('is false for %s', async (_name, response) => {
    expect(await check(server(response).fetch)).toBe(false);
  });

  it('is false when the server cannot be reached', async () => {
    expect(await check(() => Promise.reject(new TypeError('fetch failed')))).toBe(false);
  });
});
