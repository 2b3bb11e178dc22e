/**
 * "Who of these people is on Matrix": many addresses, normalised and deduplicated, looked up on
 * the active identity server in adaptive batches (batchedHashedLookup.ts). Every request goes
 * through the gate as a 'threepid' call, so nothing at all is sent while the server is unknown,
 * disabled or its terms are not accepted here, nor after it changes mid-way. A server that
 * offers only plain-text lookups gets nothing until the user agreed once for that server.
 */
import type {
  BulkLookupCancelRequest,
  BulkLookupConsentNoneRequest,
  BulkLookupRequest,
} from '../identityRequests.js';
import type { BulkLookupMatch, BulkLookupProgress, BulkLookupResult } from './bulkLookupTypes.js';
import { UserFacingError } from '../../UserFacingError.js';
import { describeFailure, errcodeOf } from '../identityErrors.js';
import type { IdentityParts } from '../IdentityParts.js';
import { termsChanged } from '../LookupFlow.js';
import { readDisplayNames } from './profileNames.js';
import { normaliseContactAddress, type ContactAddress } from './contactAddress.js';
import {
  batchedHashedLookup,
  PlainLookupNeedsConsent,
  type HashedLookupServer,
} from './batchedHashedLookup.js';

export class BulkLookupFlow {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly parts: IdentityParts,
    private readonly emitProgress: (progress: BulkLookupProgress) => void,
    /** For tests; the default keeps 10,000 addresses within 6 requests. */
    private readonly initialBatchSize?: number,
  ) {}

  async lookup({
    lookupId,
    entries,
    defaultCountry,
  }: BulkLookupRequest): Promise<BulkLookupResult> {
    if (this.running.has(lookupId)) {
      throw new UserFacingError('LOOKUP_ALREADY_RUNNING', 'That lookup is already running.');
    }
    const controller = new AbortController();
    this.running.set(lookupId, controller);
    try {
      return await this.run(lookupId, entries, defaultCountry, controller.signal);
    } finally {
      this.running.delete(lookupId);
    }
  }

  cancel({ lookupId }: BulkLookupCancelRequest): { cancelled: boolean } {
    const controller = this.running.get(lookupId);
    controller?.abort();
    return { cancelled: controller !== undefined };
  }

  /** Ends every lookup in flight (the session is ending). */
  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }

  /** Records the user's answer, for the active server only (the one they were asked about). */
  async consentNone({
    server,
    allow,
  }: BulkLookupConsentNoneRequest): Promise<{ server: string; allowed: boolean }> {
    const url = await this.parts.status.activeServer();
    if (url !== server) {
      throw new UserFacingError(
        'IDENTITY_CHANGED',
        `The identity server is now ${url}, not ${server}; nothing was recorded.`,
      );
    }
    this.parts.store.setPlainLookupConsent(url, allow);
    return { server: url, allowed: allow };
  }

  private async run(
    lookupId: string,
    entries: BulkLookupRequest['entries'],
    defaultCountry: string | null,
    signal: AbortSignal,
  ): Promise<BulkLookupResult> {
    const { distinct, inputs, invalid } = normaliseAll(entries, defaultCountry);
    const url = await this.parts.status.activeServer();
    if (signal.aborted) return { kind: 'cancelled' };
    try {
      const userIds = await batchedHashedLookup(distinct, this.server(url), {
        signal,
        plainAllowed: this.parts.store.allowsPlainLookup(url),
        initialBatchSize: this.initialBatchSize,
        onProgress: (done, total) => this.emitProgress({ lookupId, done, total }),
      });
      const found = userIds.filter((userId): userId is string => userId !== null);
      const names = await readDisplayNames(this.parts.ctx.client, found, signal);
      if (signal.aborted) return { kind: 'cancelled' };
      const matches: BulkLookupMatch[] = distinct.map((address, i) => {
        const userId = userIds[i] ?? null;
        return {
          input: inputs[i] ?? address.address,
          medium: address.medium,
          address: address.address,
          userId,
          displayName: (userId !== null && names.get(userId)) || null,
        };
      });
      return { kind: 'done', server: url, matches, invalid };
    } catch (error) {
      if (signal.aborted) return { kind: 'cancelled' };
      if (error instanceof PlainLookupNeedsConsent) {
        return {
          kind: 'needsPlainConsent',
          server: url,
          addresses: distinct.map(({ address, medium }) => `${address} (${medium})`),
        };
      }
      if (errcodeOf(error) === 'M_TERMS_NOT_SIGNED') throw termsChanged(this.parts, url);
      throw describeFailure('identity server', url, 'looking up contacts', error);
    }
  }

  /** The server's two calls, each through the gate with this app's token for it. */
  private server(url: string): HashedLookupServer {
    const { sessions } = this.parts;
    return {
      hashDetails: (signal) =>
        sessions.withToken(url, 'threepid', (connection, token) =>
          connection.hashDetails(token, signal),
        ),
      lookup: (algorithm, pepper, keys, signal) =>
        sessions.withToken(url, 'threepid', (connection, token) =>
          connection.lookupHashes(token, algorithm, pepper, keys, signal),
        ),
    };
  }
}

/** Normalised, deduplicated addresses (first input kept for each), and the unusable inputs. */
function normaliseAll(
  entries: BulkLookupRequest['entries'],
  defaultCountry: string | null,
): { distinct: ContactAddress[]; inputs: string[]; invalid: { input: string; reason: string }[] } {
  const seen = new Set<string>();
  const distinct: ContactAddress[] = [];
  const inputs: string[] = [];
  const invalid: { input: string; reason: string }[] = [];
  for (const { address, medium } of entries) {
    const normalised = normaliseContactAddress(address, medium, defaultCountry);
    if (!normalised.ok) {
      if (normalised.reason !== 'empty')
        invalid.push({ input: address, reason: normalised.reason });
      continue;
    }
    const key = `${normalised.medium} ${normalised.address}`;
    if (seen.has(key)) continue;
    seen.add(key);
    distinct.push({ medium: normalised.medium, address: normalised.address });
    inputs.push(address.trim());
  }
  return { distinct, inputs, invalid };
}
