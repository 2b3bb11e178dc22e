/**
 * App instances on the real servers, as a test file uses them: each in its own process
 * (appInstance.ts), trusting Sydent's TLS front with it as the app's default identity server,
 * signed in with a password as the sign-in screen does. `stopAll` (afterAll) kills what is still
 * running and removes the data directories.
 */
import { rmSync } from 'node:fs';
import type { RoomSummary, SessionState } from '../../electron/ipc/contract.js';
import { startAppInstance, type AppInstance } from './appInstance.js';
import { SYDENT_TLS, sydentTlsCa, SYNAPSE } from './realServers.js';
import { CRYPTO_MS } from './roomView.js';

export type SignedIn = Extract<SessionState, { status: 'signedIn' }>;

export function realApps() {
  const running: AppInstance[] = [];
  const dataDirs = new Set<string>();

  async function start(dataDir?: string): Promise<AppInstance> {
    const app = await startAppInstance({
      extraCaPem: sydentTlsCa(),
      defaultIdentityServer: SYDENT_TLS,
      ...(dataDir ? { dataDir } : {}),
    });
    running.push(app);
    dataDirs.add(app.dataDir);
    return app;
  }

  return {
    start,
    /** Stops (cleanly, or with SIGKILL), then starts a new process on the same data directory. */
    async restart(
      app: AppInstance,
      how: 'stop' | 'kill',
    ): Promise<{ exit: number | string | null; app: AppInstance }> {
      running.splice(running.indexOf(app), 1);
      const exit = how === 'stop' ? await app.stop() : await app.kill();
      return { exit, app: await start(app.dataDir) };
    },
    async stopAll(): Promise<void> {
      await Promise.all(running.splice(0).map((app) => app.kill()));
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The app's session once it is signed in, and its room list once the first sync is in (with
 * `roomId` joined, if given). As the window does on load: ask (getState, roomList), then follow
 * the events; a restarted app may have said both before this connection was open.
 */
export async function signedIn(app: AppInstance, roomId?: string): Promise<SignedIn> {
  const state = await app.handlers.getState({});
  const session =
    state.session.status === 'signedIn'
      ? state.session
      : await app.waitFor('session', (s) => s.status === 'signedIn', CRYPTO_MS);
  if (session.status !== 'signedIn') throw new Error('unreachable');
  const listed = (rooms: RoomSummary[]) =>
    rooms.some((r) => r.roomId === roomId && r.membership === 'join');
  const { rooms } = await app.handlers.roomList({});
  if (roomId === undefined) {
    // A fresh account has no rooms: the list's first reset says the first sync is in.
    if (rooms.length === 0) await app.waitFor('roomList', (d) => d.op === 'reset', CRYPTO_MS);
  } else if (!listed(rooms)) {
    await app.waitFor('roomList', (d) => listed(d.op === 'reset' ? d.rooms : d.upsert), CRYPTO_MS);
  }
  return session;
}

/** Signs in with the password `pw-<username>` (registerUser's convention here). */
export async function signIn(app: AppInstance, username: string): Promise<SignedIn> {
  await app.handlers.discover({ server: SYNAPSE });
  await app.handlers.loginWithPassword({ identifier: username, password: `pw-${username}` });
  return signedIn(app);
}
