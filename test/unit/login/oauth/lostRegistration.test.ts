import { describe, expect, it } from 'vitest';
import { watchInvalidClient } from '../../../../electron/core/login/oauth/lostRegistration.js';

const answering =
  (status: number, body: unknown): typeof globalThis.fetch =>
  async () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });

describe('watchInvalidClient', () => {
  it('notes invalid_client and leaves the answer whole for the caller', async () => {
    const body = { error: 'invalid_client', error_description: 'client not found' };
    const watch = watchInvalidClient(answering(401, body));

    const response = await watch.fetch('https://auth.example.org/token');

    expect(watch.refused).toBe(true);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(body);
  });

  it.each([
    [400, { error: 'invalid_grant' }],
    [500, { error: 'invalid_client' }],
    [200, { error: 'invalid_client' }],
    [400, 'not an object'],
  ])('ignores HTTP %s with %j', async (status, body) => {
    const watch = watchInvalidClient(answering(status, body));
    await watch.fetch('https://auth.example.org/token');
    expect(watch.refused).toBe(false);
  });
});
