/**
 * One IdentityServerConnection per IS URL for the session, all sharing the guarded fetch
 * (identityServerFetch.ts) and one abort signal, so stop() ends every IS request in flight.
 * Only IdentityRequestGate hands these out.
 */
import type { Logger } from '../platform.js';
import { IdentityServerConnection } from './IdentityServerConnection.js';
import { createIdentityServerFetch } from './identityServerFetch.js';

export class IdentityServerConnections {
  private readonly stopController = new AbortController();
  private readonly connections = new Map<string, IdentityServerConnection>();
  private readonly fetchFn: typeof globalThis.fetch;

  constructor(
    platformFetch: typeof globalThis.fetch,
    private readonly homeserverUrl: () => string,
    private readonly log: Logger,
  ) {
    this.fetchFn = createIdentityServerFetch(platformFetch, this.stopController.signal);
  }

  get(url: string): IdentityServerConnection {
    let connection = this.connections.get(url);
    if (!connection) {
      connection = new IdentityServerConnection(url, this.homeserverUrl(), this.fetchFn, this.log);
      this.connections.set(url, connection);
    }
    return connection;
  }

  /** Aborts every request in flight, now and later. */
  stop(): void {
    this.stopController.abort();
  }
}
