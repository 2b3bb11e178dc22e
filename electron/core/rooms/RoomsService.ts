/**
 * The rooms of a signed-in session, as the window uses them: the room list feed, the open
 * room's timeline, the outbox, and the commands (join, leave, invite, create). Lives as long as
 * the session; every request goes through the session's client (its fetch: token refresh, URL
 * policy, size caps). Nothing it emits carries a token, a key or a media URL (pictures are
 * named by their mxc URI, whose bytes only main fetches: core/media/).
 */
import { EventType, Method, Preset, type ICreateRoomOpts, type MatrixClient } from 'matrix-js-sdk';
import { parseMatrixLink } from '../links/parseMatrixLink.js';
import { systemClock, type Clock } from '../platform.js';
import { UserFacingError } from '../UserFacingError.js';
import { OpenRoomTimeline } from './OpenRoomTimeline.js';
import { Outbox } from './Outbox.js';
import type { ThirdPartyInvite } from './inviteByAddress.js';
import { describeRoomError } from './roomErrors.js';
import { RoomListFeed } from './RoomListFeed.js';
import { whenJoined } from './whenJoined.js';
import type {
  OlderItems,
  OpenedRoom,
  RoomListDiff,
  RoomSummary,
  TimelineDiff,
  TimelineItem,
} from './roomTypes.js';

/**
 * Said in encrypted rooms when the session has no encryption (no data directory on this
 * platform): sending plaintext there would break the room's promise, and nothing in it could be
 * read anyway. When the encryption store is what failed, its own message is said instead.
 */
export const ENCRYPTED_READ_ONLY =
  'This room is end-to-end encrypted, and encryption is not running on this device, so the ' +
  'room is read-only here.';

const MEGOLM = 'm.megolm.v1.aes-sha2';
const USER_ID = /^@[^:\s]+:\S+$/;

export interface CreateRoomRequest {
  name: string;
  topic: string;
  invite: string[];
  direct: boolean;
  encrypted: boolean;
  public: boolean;
}

export class RoomsService {
  private readonly list: RoomListFeed;
  private readonly outbox: Outbox;
  private open: OpenRoomTimeline | null = null;

  constructor(
    private readonly client: MatrixClient,
    private readonly server: string,
    emitList: (diff: RoomListDiff) => void,
    private readonly emitTimeline: (diff: TimelineDiff) => void,
    /** Why the session's encryption does not run although it should (MatrixSession). */
    private readonly encryptionProblem: () => string | null = () => null,
    /** Bounds the wait for a created or joined room to arrive by sync (whenJoined). */
    private readonly clock: Clock = systemClock,
  ) {
    this.list = new RoomListFeed(client, emitList);
    this.outbox = new Outbox(client, server, (diff) => {
      if (diff.roomId === this.open?.roomId) emitTimeline(diff);
    });
  }

  start(): void {
    this.list.start();
  }

  stop(): void {
    this.list.stop();
    this.open?.close();
    this.open = null;
  }

  roomList(): RoomSummary[] {
    return this.list.snapshot();
  }

  openRoom(roomId: string): OpenedRoom {
    const room = this.client.getRoom(roomId);
    if (!room || room.getMyMembership() !== 'join') {
      throw new UserFacingError('ROOM_UNKNOWN', 'You are not in that room.');
    }
    this.open?.close();
    this.open = new OpenRoomTimeline(this.client, room, this.outbox, (diff) =>
      this.emitTimeline(diff),
    );
    return this.open.opened(this.readOnlyReason(roomId));
  }

  closeRoom(): void {
    this.open?.close();
    this.open = null;
  }

  async paginate(roomId: string): Promise<OlderItems> {
    try {
      return await this.requireOpen(roomId).paginate();
    } catch (error) {
      throw describeRoomError(error, this.server, 'loading older messages');
    }
  }

  send(roomId: string, body: string): TimelineItem {
    const reason = this.readOnlyReason(roomId);
    if (reason) throw new UserFacingError('ROOM_READ_ONLY', reason);
    return this.outbox.send(roomId, body);
  }

  retry(roomId: string, localId: string): void {
    const reason = this.readOnlyReason(roomId);
    if (reason) throw new UserFacingError('ROOM_READ_ONLY', reason);
    this.outbox.retry(roomId, localId);
  }

  /** Read receipt and read marker at the newest event of the room. */
  async markRead(roomId: string): Promise<void> {
    const room = this.client.getRoom(roomId);
    const events = room?.getLiveTimeline().getEvents() ?? [];
    const last = [...events].reverse().find((e) => e.getId() && !e.getId()!.startsWith('~'));
    if (!room || !last) return;
    try {
      await this.client.setRoomReadMarkers(roomId, last.getId()!, last);
    } catch (error) {
      throw describeRoomError(error, this.server, 'marking the room as read');
    }
  }

  async invite(roomId: string, userId: string): Promise<void> {
    if (!USER_ID.test(userId)) {
      throw new UserFacingError('INVALID_USER_ID', `${userId} is not a Matrix ID (@name:server).`);
    }
    try {
      await this.client.invite(roomId, userId);
    } catch (error) {
      throw describeRoomError(error, this.server, `inviting ${userId}`);
    }
  }

  /**
   * A third-party invite (inviteByAddress.ts): the homeserver asks the identity server named in
   * it to store the invite, with the token given. Errors come back described, never as a bare
   * 401 the identity code would take for its own token being refused.
   */
  async inviteThirdParty(roomId: string, invite: ThirdPartyInvite): Promise<void> {
    try {
      await this.client.http.authedRequest(
        Method.Post,
        `/rooms/${encodeURIComponent(roomId)}/invite`,
        undefined,
        { ...invite },
      );
    } catch (error) {
      throw describeRoomError(
        error,
        this.server,
        `inviting ${invite.address} through the identity server ${invite.id_server}`,
      );
    }
  }

  /** A room ID, an alias, or a matrix.to / matrix: link to one. */
  async join(target: string): Promise<{ roomId: string }> {
    const { idOrAlias, via } = joinTarget(target);
    try {
      const room = await this.client.joinRoom(idOrAlias, via.length ? { viaServers: via } : {});
      // The window opens the room next: answer once the sync has it as joined here.
      await whenJoined(this.client, room.roomId, this.clock);
      return { roomId: room.roomId };
    } catch (error) {
      throw describeRoomError(error, this.server, `joining ${idOrAlias}`);
    }
  }

  /** Leaves a room, or declines an invitation. */
  async leave(roomId: string): Promise<void> {
    try {
      await this.client.leave(roomId);
    } catch (error) {
      throw describeRoomError(error, this.server, 'leaving the room');
    }
    if (this.open?.roomId === roomId) this.closeRoom();
  }

  async create(request: CreateRoomRequest): Promise<{ roomId: string }> {
    for (const userId of request.invite) {
      if (!USER_ID.test(userId)) {
        throw new UserFacingError(
          'INVALID_USER_ID',
          `${userId} is not a Matrix ID (@name:server).`,
        );
      }
    }
    if (request.direct && request.invite.length !== 1) {
      throw new UserFacingError('DM_NEEDS_ONE', 'A direct message is with exactly one person.');
    }
    const options: ICreateRoomOpts = {
      preset: request.public
        ? Preset.PublicChat
        : request.direct
          ? Preset.TrustedPrivateChat
          : Preset.PrivateChat,
      invite: request.invite,
      is_direct: request.direct,
      ...(request.name ? { name: request.name } : {}),
      ...(request.topic ? { topic: request.topic } : {}),
      ...(request.encrypted && !request.public
        ? {
            initial_state: [
              { type: EventType.RoomEncryption, state_key: '', content: { algorithm: MEGOLM } },
            ],
          }
        : {}),
    };
    let roomId: string;
    try {
      ({ room_id: roomId } = await this.client.createRoom(options));
    } catch (error) {
      throw describeRoomError(error, this.server, 'creating the room');
    }
    if (request.direct) await this.markDirect(request.invite[0]!, roomId);
    // The window opens the new room next: answer once the sync has brought it here.
    await whenJoined(this.client, roomId, this.clock);
    return { roomId };
  }

  /** Adds the room to m.direct, as other clients do, so every device lists it as a DM. */
  private async markDirect(userId: string, roomId: string): Promise<void> {
    const current = this.client.getAccountData(EventType.Direct)?.getContent() ?? {};
    const rooms: unknown = current[userId];
    const list = Array.isArray(rooms) ? rooms.filter((r) => typeof r === 'string') : [];
    try {
      await this.client.setAccountData(EventType.Direct, {
        ...current,
        [userId]: [...list, roomId],
      });
    } catch (error) {
      throw describeRoomError(error, this.server, 'marking the room as a direct message');
    }
  }

  /** Encrypted rooms are writable only while the session's encryption runs. */
  private readOnlyReason(roomId: string): string | null {
    const room = this.client.getRoom(roomId);
    if (!room?.hasEncryptionStateEvent() || this.client.getCrypto()) return null;
    return this.encryptionProblem() ?? ENCRYPTED_READ_ONLY;
  }

  private requireOpen(roomId: string): OpenRoomTimeline {
    if (this.open?.roomId !== roomId) {
      throw new UserFacingError('ROOM_NOT_OPEN', 'Open the room first.');
    }
    return this.open;
  }
}

function joinTarget(target: string): { idOrAlias: string; via: string[] } {
  const text = target.trim();
  if (/^[#!][^:\s]+:\S+$/.test(text)) return { idOrAlias: text, via: [] };
  const link = parseMatrixLink(text);
  if (link?.target.kind === 'roomAlias') return { idOrAlias: link.target.alias, via: link.via };
  if (link?.target.kind === 'roomId') return { idOrAlias: link.target.roomId, via: link.via };
  throw new UserFacingError(
    'INVALID_ROOM',
    'Enter a room address (#room:server), a room ID (!id:server) or a matrix.to link.',
  );
}
