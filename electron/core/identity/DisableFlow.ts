/** Turning identity-server use off for the account (every device), and what that leaves behind. */
import type { DisableImpact, IdentityState } from './identityState.js';
import { parseAccountThreepids } from './accountThreepids.js';
import { describeFailure } from './identityErrors.js';
import type { IdentityParts } from './IdentityParts.js';

export class DisableFlow {
  constructor(private readonly parts: IdentityParts) {}

  /** What turning the IS off leaves behind: the account's addresses (null if unknown). */
  async check(): Promise<DisableImpact> {
    const { follower, ctx, log, status } = this.parts;
    await follower.known;
    let sharedThreepids: DisableImpact['sharedThreepids'] = null;
    try {
      sharedThreepids = parseAccountThreepids(await ctx.client.getThreePids());
    } catch (error) {
      log.warn('Could not list the account email addresses and phone numbers', {
        problem: describeFailure('homeserver', ctx.client.getHomeserverUrl(), 'listing', error)
          .code,
      });
    }
    return { url: status.resolution().url, sharedThreepids };
  }

  /** Writes {"base_url": null} (no IS on any device), then logs out of the previous server. */
  async disable(): Promise<IdentityState> {
    const { follower, writer, status, sessions } = this.parts;
    await follower.known;
    const previous = status.resolution().url;
    await writer.writeIdentityServer(null);
    status.changedHere({ base_url: null });
    status.setChangedElsewhere(null);
    status.emitIfChanged();
    if (previous !== null) await sessions.retire(previous);
    return status.state();
  }
}
