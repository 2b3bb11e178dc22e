/**
 * This app's sessions on identity servers: getting a token (register with an OpenID token from
 * the homeserver), using it (a 401 means the IS forgot it: register again once, retry once), and
 * ending it (IS logout, then forget the token). Tokens stay inside this module and the local
 * store: no method returns one to a command, and none is ever logged.
 */
import type { IOpenIDToken, MatrixClient } from 'matrix-js-sdk';
import type { Logger } from '../platform.js';
import { describeFailure, httpStatusOf } from './identityErrors.js';
import type { IdentityLocalStore } from './IdentityLocalStore.js';
import type { IdentityPurpose, IdentityRequestGate } from './IdentityRequestGate.js';
import type { IdentityServerConnection } from './IdentityServerConnection.js';
import { isTermsNotSigned } from './termsOnDemand.js';

export class IdentityServerSessions {
  /** One registration at a time per server, however many requests need a token at once. */
  private readonly registering = new Map<string, Promise<string>>();

  constructor(
    private readonly gate: IdentityRequestGate,
    private readonly store: IdentityLocalStore,
    private readonly homeserver: MatrixClient,
    private readonly log: Logger,
    /**
     * The server answered M_TERMS_NOT_SIGNED (new terms while the app runs): answers the error
     * to throw instead (termsOnDemand.ts). Every authenticated IS call passes withToken, so this
     * is the one place that sees it.
     */
    private readonly onTermsNotSigned: (url: string) => Error = (url) =>
      new Error(`terms not signed at ${url}`),
  ) {}

  /**
   * Registers anew and answers the token without storing it: identityChange keeps it only once
   * the whole change has succeeded.
   */
  async registerUnstored(url: string, purpose: IdentityPurpose): Promise<string> {
    const openId = await this.openIdToken(url);
    const connection = await this.gate.open(url, purpose);
    try {
      return await connection.register(openId);
    } catch (error) {
      throw describeFailure('identity server', url, 'registering with it', error);
    }
  }

  /** The stored token for `url`, registering (and storing) one when there is none. */
  async token(url: string, purpose: IdentityPurpose): Promise<string> {
    return this.store.getToken(url) ?? (await this.registerAndStore(url, purpose));
  }

  /**
   * Run an authenticated call. The gate is opened for every attempt. A 401 means the server no
   * longer knows the token: register again once and retry once; a second 401 is reported.
   * Other errors are rethrown untouched, for the caller to interpret and describe.
   */
  async withToken<T>(
    url: string,
    purpose: IdentityPurpose,
    call: (connection: IdentityServerConnection, token: string) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.withTokenRetried(url, purpose, call);
    } catch (error) {
      if (isTermsNotSigned(error)) throw this.onTermsNotSigned(url);
      throw error;
    }
  }

  private async withTokenRetried<T>(
    url: string,
    purpose: IdentityPurpose,
    call: (connection: IdentityServerConnection, token: string) => Promise<T>,
  ): Promise<T> {
    const token = await this.token(url, purpose);
    try {
      return await call(await this.gate.open(url, purpose), token);
    } catch (error) {
      if (httpStatusOf(error) !== 401) throw error;
      this.log.info('Identity server rejected our token; registering again', { server: url });
      this.store.deleteToken(url);
      const fresh = await this.registerAndStore(url, purpose);
      return await call(await this.gate.open(url, purpose), fresh);
    }
  }

  /** Log out of `url` if this app holds a token for it, then forget the token. Never throws. */
  async retire(url: string, token: string | null = this.store.getToken(url)): Promise<void> {
    if (token === null) return;
    try {
      await (await this.gate.open(url, 'retire')).logout(token);
    } catch (error) {
      // The token is forgotten anyway; a server we cannot reach cannot be logged out of.
      this.log.warn('Could not log out of the identity server', {
        server: url,
        problem: describeFailure('identity server', url, 'logging out', error).code,
      });
    } finally {
      if (this.store.getToken(url) === token) this.store.deleteToken(url);
    }
  }

  private registerAndStore(url: string, purpose: IdentityPurpose): Promise<string> {
    const running = this.registering.get(url);
    if (running) return running;
    const registration = this.registerUnstored(url, purpose)
      .then((token) => {
        this.store.setToken(url, token);
        return token;
      })
      .finally(() => this.registering.delete(url));
    this.registering.set(url, registration);
    return registration;
  }

  private async openIdToken(forServer: string): Promise<IOpenIDToken> {
    try {
      return await this.homeserver.getOpenIdToken();
    } catch (error) {
      throw describeFailure(
        'homeserver',
        this.homeserver.getHomeserverUrl(),
        `getting an OpenID token to register with ${forServer}`,
        error,
      );
    }
  }
}
