/**
 * The account's email addresses and phone numbers, for one session: the listing, the share and
 * add flows, and the validations in progress they share. IdentityManager routes the threepid*
 * commands here.
 */
import type { ThreepidHandleRequest, ThreepidListing } from './threepidTypes.js';
import type { IdentityParts } from '../IdentityParts.js';
import { AddAddressFlow } from './AddAddressFlow.js';
import { PendingValidations } from './PendingValidations.js';
import { ShareFlow } from './ShareFlow.js';
import { listThreepids } from './threepidListing.js';

export class ThreepidCommands {
  private readonly pending = new PendingValidations();
  readonly share: ShareFlow;
  readonly add: AddAddressFlow;

  constructor(private readonly parts: IdentityParts) {
    this.share = new ShareFlow(parts, this.pending);
    this.add = new AddAddressFlow(parts, this.pending);
  }

  list(): Promise<ThreepidListing> {
    return listThreepids(this.parts);
  }

  cancel({ handle }: ThreepidHandleRequest): { cancelled: boolean } {
    return { cancelled: this.pending.delete(handle) };
  }

  /** The session is ending: no validation outlives it. */
  stop(): void {
    this.pending.clear();
  }
}
