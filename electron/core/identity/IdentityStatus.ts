/**
 * The identity state this session shows the renderer, and the one place it is emitted from.
 * It derives the active server from the follower's account-data status (the follower is the only
 * owner of that fact) and the defaults; it owns the "changed on another device" notice. Emits
 * only real changes.
 */
import type { IdentityState } from './identityState.js';
import { UserFacingError } from '../UserFacingError.js';
import type { IdentityAccountDataFollower } from './IdentityAccountDataFollower.js';
import type { IdentityDefaults } from './IdentityContext.js';
import type { IdentityLocalStore } from './IdentityLocalStore.js';
import {
  resolveIdentityServer,
  type AccountDataStatus,
  type Resolution,
} from './resolveIdentityServer.js';

export type ChangedElsewhereNotice = IdentityState['changedElsewhere'];

export class IdentityStatus {
  private notice: ChangedElsewhereNotice = null;
  private lastEmitted: string;

  constructor(
    private readonly follower: IdentityAccountDataFollower,
    private readonly defaults: IdentityDefaults,
    private readonly store: IdentityLocalStore,
    private readonly emit: (state: IdentityState) => void,
  ) {
    this.lastEmitted = JSON.stringify(this.state());
  }

  resolution(status: AccountDataStatus = this.follower.status): Resolution {
    return resolveIdentityServer(status, this.defaults);
  }

  state(): IdentityState {
    const { url, source, disabledByAccount } = this.resolution();
    return {
      url,
      source,
      disabledByAccount,
      termsAccepted: url !== null && this.store.hasAcceptedTerms(url),
      changedElsewhere: this.notice,
    };
  }

  get changedElsewhere(): ChangedElsewhereNotice {
    return this.notice;
  }

  setChangedElsewhere(notice: ChangedElsewhereNotice): void {
    this.notice = notice;
  }

  /** The active server once m.identity_server is known; refuses when there is none. */
  async activeServer(): Promise<string> {
    await this.follower.known;
    const url = this.resolution().url;
    if (url === null) {
      throw new UserFacingError(
        'IDENTITY_NONE',
        `No identity server is in use: ${this.whyNoActiveServer()}.`,
      );
    }
    return url;
  }

  whyNoActiveServer(): string {
    const { source, disabledByAccount } = this.resolution();
    if (source === 'pending') return 'the account setting is still loading';
    if (disabledByAccount) return 'identity server use is turned off for your account';
    return 'none is configured for your account or this app';
  }

  /**
   * After writing m.identity_server ourselves the new value applies at once; its /sync echo
   * then changes nothing and is recognised as ours by the OwnWriteLog.
   */
  changedHere(content: { base_url: string | null }): void {
    this.follower.recordOwnWrite(content);
    this.store.rememberActiveServer(this.resolution().url);
  }

  emitIfChanged(): void {
    const state = this.state();
    const serialised = JSON.stringify(state);
    if (serialised === this.lastEmitted) return;
    this.lastEmitted = serialised;
    this.emit(state);
  }
}
