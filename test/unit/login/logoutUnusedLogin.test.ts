import { describe, expect, it } from 'vitest';
import { logoutUnusedLogin } from '../../../electron/core/login/logoutUnusedLogin.js';
import { createRecordingLogger } from '../identity/memoryPlatform.js';

const TOKEN = 'syt_new_token_of_the_abandoned_sign_in';

describe('logoutUnusedLogin', () => {
  it('POSTs /logout with the new token to the given server', async () => {
    const asked: { url: string; method?: string; authorization: string | null }[] = [];
    const log = createRecordingLogger();
    await logoutUnusedLogin({
      fetch: async (input, init) => {
        asked.push({
          url: String(input),
          method: init?.method,
          authorization: new Headers(init?.headers).get('authorization'),
        });
        return Response.json({});
      },
      homeserverUrl: 'https://matrix.example',
      accessToken: TOKEN,
      log,
    });
    expect(asked).toEqual([
      {
        url: 'https://matrix.example/_matrix/client/v3/logout',
        method: 'POST',
        authorization: `Bearer ${TOKEN}`,
      },
    ]);
    expect(log.lines).toEqual([]);
  });

  it('logs (without the token) and resolves when the server refuses or never answers', async () => {
    const log = createRecordingLogger();
    await logoutUnusedLogin({
      fetch: async () => Response.json({ errcode: 'M_UNKNOWN_TOKEN' }, { status: 401 }),
      homeserverUrl: 'https://matrix.example',
      accessToken: TOKEN,
      log,
    });
    // A server that holds the request: the timeout ends it.
    await logoutUnusedLogin({
      fetch: (_input, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)),
        ),
      homeserverUrl: 'https://slow.example',
      accessToken: TOKEN,
      log,
      timeoutMs: 20,
    });
    expect(log.lines).toHaveLength(2);
    expect(log.lines[0]).toMatch(/matrix\.example.*401/);
    expect(log.lines[1]).toMatch(/slow\.example.*timed out/);
    expect(log.lines.join('\n')).not.toContain(TOKEN);
  });
});
