/**
 * Media in the core (issue 13): avatars fetched by main from the fixture homeserver, through
 * authenticated media when the server advertises spec v1.11 and the legacy endpoint otherwise;
 * what is refused (too large, not a picture); files saved where the platform says, encrypted
 * ones decrypted and checked against their hash. What was asked is read from the server's
 * request log.
 */
import { webcrypto } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomListDiff, RoomSummary } from '../../electron/ipc/contract.js';
import { encryptedFileObject } from '../support/encryptedFileObject.js';
import { startHomeserver, startWorld, type Homeserver } from '../fixtures/index.js';
import { approvingBrowser } from './oauthSupport.js';
import type { HomeserverOptions } from '../fixtures/homeserver/options.js';
import { startCore, type CoreUnderTest } from './support.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
/** Spec v1.3 at most: what Synapse 1.67 advertises (no authenticated media). */
const BEFORE_AUTHENTICATED_MEDIA = ['r0.0.1', 'r0.5.0', 'r0.6.1', 'v1.1', 'v1.2', 'v1.3'];

let hs: Homeserver | undefined;
let app: CoreUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  await hs?.close();
  hs = undefined;
});

async function signedInAlice(options: HomeserverOptions = {}) {
  hs = await startHomeserver({
    users: [
      { localpart: 'alice', password: 'alice-pw' },
      { localpart: 'bob', password: 'bob-pw' },
    ],
    ...options,
  });
  app = await startCore();
  await app.core.handlers.discover({ server: hs.baseUrl });
  await app.core.handlers.loginWithPassword({ identifier: 'alice', password: 'alice-pw' });
  await app.waitFor('roomList', (d) => d.op === 'reset');
  return { hs, app };
}

/** The room as the app's list says it, once the list has it and `check` holds. */
async function listed(
  app: CoreUnderTest,
  roomId: string,
  check: (room: RoomSummary) => boolean = () => true,
): Promise<RoomSummary> {
  const find = (d: RoomListDiff) =>
    (d.op === 'reset' ? d.rooms : d.upsert).find((r) => r.roomId === roomId && check(r));
  return find((await app.waitFor('roomList', (d) => find(d) !== undefined))!)!;
}

function roomWithAvatar(hs: Homeserver, mxc: string): string {
  return hs.createRoom('alice', {
    name: 'Pictured',
    initial_state: [{ type: 'm.room.avatar', state_key: '', content: { url: mxc } }],
  });
}

describe('avatars', () => {
  it('lists the m.room.avatar picture and fetches it through authenticated media on a v1.11 server', async () => {
    const { hs, app } = await signedInAlice();
    const mxc = hs.uploadMedia(PNG, 'image/png');
    const roomId = roomWithAvatar(hs, mxc);
    const room = await listed(app, roomId);
    expect(room.avatarMxc).toBe(mxc);

    const picture = await app.core.handlers.mediaThumbnail({ mxc, width: 64, height: 64 });
    expect(picture.contentType).toBe('image/png');
    expect(Buffer.from(picture.dataBase64, 'base64').equals(PNG)).toBe(true);
    const asked = hs.requests({ path: '/_matrix/client/v1/media/thumbnail/*' });
    expect(asked).toHaveLength(1);
    expect(asked[0]!.authorization).toBe(true);
    expect(hs.requests({ path: '/_matrix/media/v3/thumbnail/*' })).toHaveLength(0);

    // Asked again (the list redrawn): answered from the cache, nothing sent.
    await app.core.handlers.mediaThumbnail({ mxc, width: 64, height: 64 });
    expect(hs.requests({ path: '/_matrix/client/v1/media/thumbnail/*' })).toHaveLength(1);
  });

  it("shows a DM's other member's picture when the room has none, and senders' pictures in the timeline", async () => {
    const { hs, app } = await signedInAlice();
    const bobsFace = hs.uploadMedia(PNG, 'image/png');
    const bobId = hs.userId('bob');
    const roomId = hs.createRoom('alice', {
      is_direct: true,
      invite: [bobId],
      preset: 'trusted_private_chat',
    });
    hs.setAccountData('alice', 'm.direct', { [bobId]: [roomId] });
    hs.joinRoom('bob', roomId);
    hs.sendEvent(
      'bob',
      roomId,
      'm.room.member',
      { membership: 'join', displayname: 'Bob', avatar_url: bobsFace },
      bobId,
    );
    hs.sendEvent('bob', roomId, 'm.room.message', { msgtype: 'm.text', body: 'hello from bob' });
    const room = await listed(app, roomId, (r) => r.preview === 'hello from bob');
    expect(room.isDirect).toBe(true);
    expect(room.avatarMxc).toBe(bobsFace);

    const opened = await app.core.handlers.roomOpen({ roomId });
    const hello = opened.items.find((i) => i.text === 'hello from bob');
    expect(hello).toMatchObject({ senderAvatarMxc: bobsFace, senderInitials: 'B' });
    const mine = opened.items.find((i) => i.sender === hs.userId('alice'));
    expect(mine?.senderAvatarMxc).toBeNull();
  });

  it("refreshes an OAuth session's expired token and asks again", async () => {
    const world = await startWorld({ oauth: true, identityServer: false });
    try {
      app = await startCore({ openExternal: approvingBrowser(() => world) });
      const server = world.oauthHs!;
      await app.core.handlers.discover({ server: server.baseUrl });
      expect(await app.core.handlers.startOAuth({})).toMatchObject({ status: 'signedIn' });
      const mxc = server.uploadMedia(PNG, 'image/png');
      const refreshes = world.oauth!.requestCount({ method: 'POST', path: '/token' });
      await world.oauth!.expireAccessTokens({ user: 'alice' });

      const picture = await app.core.handlers.mediaThumbnail({ mxc, width: 64, height: 64 });
      expect(Buffer.from(picture.dataBase64, 'base64').equals(PNG)).toBe(true);
      expect(world.oauth!.requestCount({ method: 'POST', path: '/token' })).toBe(refreshes + 1);
      const asked = server.requests({ path: '/_matrix/client/v1/media/thumbnail/*' });
      expect(asked.map((r) => r.status)).toEqual([401, 200]);
    } finally {
      await app?.close();
      app = undefined;
      await world.close();
    }
  });

  it('uses the legacy media endpoint, without the token, on a server before v1.11', async () => {
    const { hs, app } = await signedInAlice({ versions: BEFORE_AUTHENTICATED_MEDIA });
    const mxc = hs.uploadMedia(PNG, 'image/png');
    const picture = await app.core.handlers.mediaThumbnail({ mxc, width: 32, height: 32 });
    expect(Buffer.from(picture.dataBase64, 'base64').equals(PNG)).toBe(true);
    const asked = hs.requests({ path: '/_matrix/media/v3/thumbnail/*' });
    expect(asked).toHaveLength(1);
    expect(asked[0]!.authorization).toBe(false);
    expect(hs.requests({ path: '/_matrix/client/v1/media/*' })).toHaveLength(0);
  });

  it('refuses a thumbnail larger than 1 MiB, naming the server', async () => {
    const { hs, app } = await signedInAlice();
    const huge = Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]);
    const mxc = hs.uploadMedia(huge, 'image/png');
    await expect(
      app.core.handlers.mediaThumbnail({ mxc, width: 64, height: 64 }),
    ).rejects.toMatchObject({
      code: 'RESPONSE_TOO_LARGE',
      message: expect.stringContaining(new URL(hs.baseUrl).host),
    });
  });

  it('refuses what is not a PNG, JPEG, GIF or WebP, whatever the server calls it', async () => {
    const { hs, app } = await signedInAlice();
    const svg = hs.uploadMedia(
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      'image/svg+xml',
    );
    const html = hs.uploadMedia(Buffer.from('<html><script>alert(1)</script>'), 'text/html');
    const lying = hs.uploadMedia(Buffer.from('<html><script>alert(1)</script>'), 'image/png');
    for (const mxc of [svg, html, lying]) {
      await expect(
        app.core.handlers.mediaThumbnail({ mxc, width: 64, height: 64 }),
      ).rejects.toMatchObject({
        code: 'MEDIA_NOT_AN_IMAGE',
        message: expect.stringContaining(new URL(hs.baseUrl).host),
      });
    }
  });
});

/** AES-256-CTR as the spec's senders do it (WebCrypto, 64-bit counter), with its `file` object. */
async function encryptAttachment(plain: Uint8Array) {
  const key = webcrypto.getRandomValues(new Uint8Array(32));
  const iv = new Uint8Array(16);
  webcrypto.getRandomValues(iv.subarray(0, 8));
  const cryptoKey = await webcrypto.subtle.importKey('raw', key, 'AES-CTR', false, ['encrypt']);
  const cipher = new Uint8Array(
    await webcrypto.subtle.encrypt({ name: 'AES-CTR', counter: iv, length: 64 }, cryptoKey, plain),
  );
  return { cipher, file: (mxc: string) => encryptedFileObject(mxc, key, iv, cipher) };
}

describe('downloads', () => {
  /** A file event in a room of alice's, once her app has it. */
  async function fileEvent(hs: Homeserver, app: CoreUnderTest, name: string, content: object) {
    const roomId = hs.createRoom('alice', { name: 'Files' });
    const eventId = hs.sendEvent('alice', roomId, 'm.room.message', {
      msgtype: 'm.file',
      body: name,
      ...content,
    });
    await listed(app, roomId, (r) => r.preview === name);
    return { roomId, eventId };
  }

  const downloads = (app: CoreUnderTest) => join(app.dataDir, 'downloads');

  it('saves a file where the platform says, byte for byte', async () => {
    const { hs, app } = await signedInAlice();
    const bytes = Buffer.from('minutes of the meeting\n'.repeat(1000));
    const mxc = hs.uploadMedia(bytes, 'text/plain', 'minutes.txt');
    const { roomId, eventId } = await fileEvent(hs, app, 'minutes.txt', {
      url: mxc,
      info: { size: bytes.length, mimetype: 'text/plain' },
    });
    const saved = await app.core.handlers.mediaDownload({ roomId, eventId });
    expect(saved).toEqual({
      savedTo: join(downloads(app), 'minutes.txt'),
      name: 'minutes.txt',
      bytes: bytes.length,
    });
    expect(readFileSync(saved.savedTo!).equals(bytes)).toBe(true);
    expect(hs.requests({ path: '/_matrix/client/v1/media/download/*' })).toHaveLength(1);
    const progress = app.events.filter((e) => e.name === 'mediaDownloadProgress');
    expect(progress.at(-1)?.payload).toEqual({
      roomId,
      eventId,
      received: bytes.length,
      total: bytes.length,
    });
  });

  it('decrypts an encrypted attachment and checks its hash', async () => {
    const { hs, app } = await signedInAlice();
    const plain = new TextEncoder().encode('the secret plan, '.repeat(5000));
    const sealed = await encryptAttachment(plain);
    const mxc = hs.uploadMedia(sealed.cipher, 'application/octet-stream');
    const { roomId, eventId } = await fileEvent(hs, app, 'plan.txt', { file: sealed.file(mxc) });
    const saved = await app.core.handlers.mediaDownload({ roomId, eventId });
    expect(Buffer.from(readFileSync(saved.savedTo!)).equals(Buffer.from(plain))).toBe(true);
  });

  it('refuses an encrypted attachment whose ciphertext does not match its hash, and leaves no file', async () => {
    const { hs, app } = await signedInAlice();
    const sealed = await encryptAttachment(new TextEncoder().encode('original'));
    const tampered = Uint8Array.from(sealed.cipher);
    tampered[0]! ^= 0xff;
    const mxc = hs.uploadMedia(tampered, 'application/octet-stream');
    const { roomId, eventId } = await fileEvent(hs, app, 'plan.txt', { file: sealed.file(mxc) });
    await expect(app.core.handlers.mediaDownload({ roomId, eventId })).rejects.toMatchObject({
      code: 'FILE_HASH_MISMATCH',
      message: expect.stringContaining(new URL(hs.baseUrl).host),
    });
    // Neither the file nor its partial download: nothing that looks like the file was saved.
    expect(existsSync(downloads(app)) ? readdirSync(downloads(app)) : []).toEqual([]);
  });

  it('refuses a file larger than 100 MiB before reading it', async () => {
    const { hs, app } = await signedInAlice();
    const mxc = hs.uploadMedia(Buffer.alloc(100 * 1024 * 1024 + 1), 'application/octet-stream');
    const { roomId, eventId } = await fileEvent(hs, app, 'huge.bin', { url: mxc });
    await expect(app.core.handlers.mediaDownload({ roomId, eventId })).rejects.toMatchObject({
      code: 'RESPONSE_TOO_LARGE',
      message: expect.stringContaining(new URL(hs.baseUrl).host),
    });
    expect(readdirSync(downloads(app)).filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});
