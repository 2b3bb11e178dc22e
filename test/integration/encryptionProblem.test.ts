/**
 * The app-level encryption banner's feed (issue 13): when the device's encryption store cannot
 * be used at start, the core says so to the window (`encryptionStatus`, and the `encryption`
 * event) in words that name the problem and what to do, whatever room is open or not.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { EncryptionStatus } from '../../electron/ipc/contract.js';
import { startHomeserver, type Homeserver } from '../fixtures/index.js';
import { startCore, type CoreUnderTest } from './support.js';

let hs: Homeserver | undefined;
let app: CoreUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  await hs?.close();
  hs = undefined;
});

it('says at app level that the encryption store is missing, and what to do', async () => {
  hs = await startHomeserver({ users: [{ localpart: 'alice', password: 'alice-pw' }] });
  const server = hs;
  app = await startCore({ e2ee: true });
  await app.core.handlers.discover({ server: server.baseUrl });
  await app.core.handlers.loginWithPassword({ identifier: 'alice', password: 'alice-pw' });
  await app.waitFor('roomList', (d) => d.op === 'reset');
  await expect.poll(() => server.requests({ path: '/keys/upload' }).length).toBeGreaterThan(0);
  expect(await app.core.handlers.encryptionStatus({})).toEqual({ problem: null });

  const dataDir = app.dataDir;
  await app.close();
  for (const file of readdirSync(dataDir).filter((f) => f.startsWith('crypto-'))) {
    rmSync(join(dataDir, file));
  }
  app = await startCore({ e2ee: true, dataDir });

  const event = (await app.waitFor('encryption', (s) => s.problem !== null)) as EncryptionStatus;
  expect(event.problem).toMatchObject({
    code: 'crypto_store_missing',
    message: expect.stringMatching(/is missing.*Sign out and sign in again/s),
    signOutMends: true,
  });
  expect(await app.core.handlers.encryptionStatus({})).toEqual(event);

  // Signing out ends the problem with the device: the banner goes.
  await app.core.handlers.signOut({});
  await app.waitFor('encryption', (s) => s.problem === null);
  expect(await app.core.handlers.encryptionStatus({})).toEqual({ problem: null });
});
