import { OAuth2, type ValidatedAuthMetadata } from 'matrix-js-sdk';
import * as v from 'valibot';
import { withPlatformFetch } from '../../net/sdkGlobalFetch.js';
import { createSdkLogger } from '../../net/sdkLogger.js';
import type { Platform } from '../../platform.js';
import { CLIENT_METADATA } from './clientMetadata.js';
import { describeOAuthError } from './describeOAuthError.js';

/**
 * The app's client id at each authorization server, by issuer. The administrator's
 * `oidc_static_clients` (managed config, Element's shape) wins; otherwise the app registers
 * itself once (RFC 7591 dynamic registration, through the SDK) and remembers the id in the
 * settings, so a second sign-in at the same issuer registers nothing.
 */
const STORE_KEY = 'oauth.clients';
const StoredClients = v.record(
  v.string(),
  v.object({ clientId: v.pipe(v.string(), v.minLength(1)) }),
);

export type StaticClients = Record<string, { client_id: string }>;

export class ClientRegistrations {
  constructor(
    private readonly platform: Platform,
    private readonly staticClients: StaticClients = {},
  ) {}

  /** The client id for `metadata.issuer`, registering first if there is none yet. */
  async clientIdFor(metadata: ValidatedAuthMetadata, signal?: AbortSignal): Promise<string> {
    const issuer = metadata.issuer;
    const pinned = this.staticClients[issuer];
    if (pinned) return pinned.client_id;
    const remembered = this.stored()[issuer];
    if (remembered) return remembered.clientId;
    signal?.throwIfAborted();
    let clientId: string;
    try {
      clientId = await withPlatformFetch(this.platform.fetch, () =>
        OAuth2.registerClient(
          metadata,
          CLIENT_METADATA,
          createSdkLogger(this.platform.log, 'oauth:register'),
        ),
      );
    } catch (error) {
      signal?.throwIfAborted();
      throw describeOAuthError(error, issuer, 'registering this app');
    }
    this.platform.settings.set(STORE_KEY, { ...this.stored(), [issuer]: { clientId } });
    return clientId;
  }

  /** Whether the administrator configured the client id for `issuer` (oidc_static_clients). */
  isStatic(issuer: string): boolean {
    return this.staticClients[issuer] !== undefined;
  }

  /**
   * Forgets the id the app registered at `issuer` (the server no longer knows it, see
   * lostRegistration.ts); answers whether there was one. The administrator's static id is never
   * forgotten: the app cannot register instead of it.
   */
  forgetRegistered(issuer: string): boolean {
    if (this.isStatic(issuer)) return false;
    const { [issuer]: forgotten, ...rest } = this.stored();
    if (!forgotten) return false;
    this.platform.settings.set(STORE_KEY, rest);
    return true;
  }

  private stored(): v.InferOutput<typeof StoredClients> {
    const parsed = v.safeParse(StoredClients, this.platform.settings.get(STORE_KEY));
    return parsed.success ? parsed.output : {};
  }
}
