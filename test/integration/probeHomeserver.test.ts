import { afterEach, describe, expect, it } from 'vitest';
import { probeHomeserver } from '../../electron/core/net/probeHomeserver.js';
import { startHomeserver, type Homeserver } from '../fixtures/index.js';

let hs: Homeserver | undefined;
afterEach(async () => {
  await hs?.close();
  hs = undefined;
});

describe('probeHomeserver', () => {
  it('accepts a homeserver with one GET of /versions', async () => {
    hs = await startHomeserver();
    expect(await probeHomeserver(fetch, hs.baseUrl)).toEqual({ ok: true });
    expect(hs.requestCount({ path: '/_matrix/client/versions' })).toBe(1);
  });

  it('says when the server speaks no Matrix version the SDK supports', async () => {
    hs = await startHomeserver({ versions: ['r0.0.1'] });
    expect(await probeHomeserver(fetch, hs.baseUrl)).toEqual({
      ok: false,
      reason: 'it does not support a Matrix version this app speaks',
    });
  });

  it('tells an unreachable server apart from one that is not Matrix', async () => {
    const gone = await probeHomeserver(fetch, 'http://127.0.0.1:9');
    expect(gone).toMatchObject({
      ok: false,
      reason: expect.stringContaining('could not be reached'),
    });
    hs = await startHomeserver();
    hs.malformedNext(1, '/versions');
    const notMatrix = await probeHomeserver(fetch, hs.baseUrl);
    expect(notMatrix).toMatchObject({ ok: false, reason: expect.stringContaining('not a Matrix') });
  });
});
