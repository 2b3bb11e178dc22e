/**
 * The window opens a room as soon as it is created or an invitation is accepted (NewRoomForm,
 * RoomList). A homeserver answers `/createRoom` and `/join` before its next `/sync` brings the
 * room, as the real Synapse does (found by test/real/twoApps.test.ts): the commands answer only
 * once the room is there to open. Here the app's sync answers are held back until the create
 * or join answer has reached the app, which makes that order certain.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHomeserver, type Homeserver } from '../fixtures/index.js';
import { startCore, type CoreUnderTest } from './support.js';

let hs: Homeserver | undefined;
let app: CoreUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  await hs?.close();
  app = hs = undefined;
});

/** A fetch that can hold /sync answers back until the answer to `path` has arrived. */
function syncGate() {
  let holdUntil: { path: string; answered: Promise<void>; markAnswered: () => void } | null = null;
  return {
    wrap:
      (fetch: typeof globalThis.fetch): typeof globalThis.fetch =>
      async (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        const response = await fetch(input, init);
        const gate = holdUntil;
        if (gate && url.includes(gate.path)) gate.markAnswered();
        else if (gate && new URL(url).pathname.endsWith('/sync')) await gate.answered;
        return response;
      },
    holdSyncUntilAnswered(path: string) {
      let markAnswered = () => {};
      const answered = new Promise<void>((resolve) => (markAnswered = resolve));
      holdUntil = { path, answered, markAnswered };
    },
  };
}

async function aliceSignedIn(gate: ReturnType<typeof syncGate>) {
  hs = await startHomeserver({
    users: [
      { localpart: 'alice', password: 'alice-pw', displayName: 'Alice' },
      { localpart: 'bob', password: 'bob-pw', displayName: 'Bob' },
    ],
  });
  app = await startCore({ wrapFetch: gate.wrap });
  await app.core.handlers.discover({ server: hs.baseUrl });
  await app.core.handlers.loginWithPassword({ identifier: 'alice', password: 'alice-pw' });
  await app.waitFor('roomList', (d) => d.op === 'reset');
  return { hs, app, handlers: app.core.handlers };
}

describe('a room is there to open once it is created or joined', () => {
  it('opens a room right after creating it, though the sync brings it after the answer', async () => {
    const gate = syncGate();
    const { handlers } = await aliceSignedIn(gate);
    gate.holdSyncUntilAnswered('/createRoom');
    const { roomId } = await handlers.roomCreate({
      name: 'Plans',
      topic: '',
      invite: [],
      direct: false,
      encrypted: false,
      public: false,
    });
    // As the window does next, at once.
    const opened = await handlers.roomOpen({ roomId });
    expect(opened.roomId).toBe(roomId);
    expect(opened.items.some((i) => i.kind === 'created')).toBe(true);
  });

  it('opens a room right after accepting its invitation, though the sync brings the join after the answer', async () => {
    const gate = syncGate();
    const { hs, app, handlers } = await aliceSignedIn(gate);
    const roomId = hs.createRoom('bob', { name: 'Lunch' });
    hs.inviteToRoom('bob', roomId, hs.userId('alice'));
    await app.waitFor(
      'roomList',
      (d) =>
        d.op === 'update' && d.upsert.some((r) => r.roomId === roomId && r.membership === 'invite'),
    );
    gate.holdSyncUntilAnswered(`/join/${encodeURIComponent(roomId)}`);
    await handlers.roomJoin({ target: roomId });
    const opened = await handlers.roomOpen({ roomId });
    expect(opened.roomId).toBe(roomId);
    expect(hs.membership(roomId, 'alice')).toBe('join');
  });
});
