/**
 * The reaction to m.identity_server as the follower reports it: the first answer after start-up,
 * and every live change. A change this app did not make raises the notice, ends this app's
 * session on the old server and withdraws terms acceptance for the new one: whoever holds any
 * one session could have pointed the account at their own server.
 */
import type { AccountDataUpdate } from './IdentityAccountDataFollower.js';
import type { AccountDataStatus } from './resolveIdentityServer.js';
import type { IdentityParts } from './IdentityParts.js';
import type { OwnWriteLog } from './OwnWriteLog.js';

export class ChangedElsewhere {
  constructor(private readonly ownWrites: OwnWriteLog) {}

  react(
    parts: IdentityParts,
    { status: accountData, live }: AccountDataUpdate,
    previous: AccountDataStatus,
  ): void {
    const ownWrites = this.ownWrites;
    const { status, store, sessions, log } = parts;
    const own = live && accountData.kind === 'present' && ownWrites.isOwnEcho(accountData.content);
    const before = status.resolution(previous).url;
    const after = status.resolution(accountData).url;
    // The first answer after start-up is compared with what this app last saw: a change made
    // on another device while the app was closed is a change from elsewhere all the same.
    const seenBefore = live ? before : store.lastActiveServer();
    if (seenBefore !== undefined && after !== seenBefore) {
      if (own) {
        // Our own write, echoed after a change from elsewhere: that notice is out of date.
        status.setChangedElsewhere(null);
      } else {
        status.setChangedElsewhere({ from: seenBefore, to: after });
        // The account moved away from that server: end this app's session there, as a change
        // made here would. Harmless if the change was hostile: using it again re-registers.
        if (seenBefore) void sessions.retire(seenBefore);
        // Whatever this app knew about the new server, the user must agree to it again here.
        if (after !== null) store.forgetAcceptedTerms(after);
        log.warn('The identity server was changed on another device', {
          from: seenBefore,
          to: after,
        });
      }
    }
    // The window is told first; the disk second: remembering the server rewrites and syncs the
    // settings file, which the change on screen has no need to wait for (issue 14, is-live).
    // The emitted state reads nothing it writes (accepted terms were forgotten above).
    status.emitIfChanged();
    store.rememberActiveServer(after);
  }
}
