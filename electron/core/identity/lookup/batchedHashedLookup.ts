/**
 * The protocol part of a bulk lookup, independent of gates and tokens: read /hash_details once,
 * then POST /lookup in batches.
 *
 * - Batches start large (10,000 addresses go in 5 requests) and adapt to the server: an answer
 *   "too large" (413, M_TOO_LARGE, or a response over our own size cap) halves the batch size
 *   and retries that batch; the smaller size is kept for the rest.
 * - M_INVALID_PEPPER (the pepper rotated meanwhile) re-reads /hash_details and retries that batch
 *   once; a second one for the same batch is an error, never a loop.
 * - `sha256` is used whenever offered. A server offering only `none` would receive the addresses
 *   in the clear: that needs the user's consent (PlainLookupNeedsConsent), asked by the caller.
 * - The signal cancels between batches and aborts the request in flight.
 */
import { BadServerResponse } from '../BadServerResponse.js';
import { errcodeOf, httpStatusOf } from '../identityErrors.js';
import type { HashDetails } from '../IdentityServerConnection.js';
import { ResponseTooLarge } from '../identityServerFetch.js';
import type { ContactAddress } from './contactAddress.js';
import { lookupKey, type LookupAlgorithm } from './lookupKey.js';

/**
 * 2,000 keys are ~90 KB of request, and even if every one matched the answer stays under the
 * 256 KiB response cap; 10,000 addresses take 5 lookups plus one /hash_details.
 */
export const INITIAL_BATCH_SIZE = 2_000;

export interface HashedLookupServer {
  hashDetails(signal: AbortSignal): Promise<HashDetails>;
  lookup(
    algorithm: LookupAlgorithm,
    pepper: string,
    keys: string[],
    signal: AbortSignal,
  ): Promise<Map<string, string>>;
}

export interface HashedLookupOptions {
  signal: AbortSignal;
  /** May addresses go to this server unhashed (it offers only `none`)? */
  plainAllowed: boolean;
  /** After each batch: how many addresses are answered so far, of how many. */
  onProgress?(done: number, total: number): void;
  initialBatchSize?: number;
}

/** The server offers no hashing; sending the addresses in the clear needs the user's consent. */
export class PlainLookupNeedsConsent extends Error {
  constructor() {
    super('the identity server offers only plain-text lookups');
    this.name = 'PlainLookupNeedsConsent';
  }
}

/** The user ID for each address (same order), or null where nobody published it. */
export async function batchedHashedLookup(
  addresses: readonly ContactAddress[],
  server: HashedLookupServer,
  options: HashedLookupOptions,
): Promise<(string | null)[]> {
  const { signal } = options;
  const results: (string | null)[] = addresses.map(() => null);
  if (addresses.length === 0) return results;
  let details = await server.hashDetails(signal);
  let algorithm = chooseAlgorithm(details, options.plainAllowed);
  let batchSize = Math.max(1, options.initialBatchSize ?? INITIAL_BATCH_SIZE);
  let done = 0;
  let pepperRetried = false;
  while (done < addresses.length) {
    signal.throwIfAborted();
    const batch = addresses.slice(done, done + batchSize);
    const keys = batch.map((address) => lookupKey(algorithm, address, details.pepper));
    let found: Map<string, string>;
    try {
      found = await server.lookup(algorithm, details.pepper, keys, signal);
    } catch (error) {
      signal.throwIfAborted();
      if (isTooLarge(error) && batch.length > 1) {
        batchSize = Math.ceil(batch.length / 2);
        continue;
      }
      if (errcodeOf(error) === 'M_INVALID_PEPPER' && !pepperRetried) {
        pepperRetried = true;
        details = await server.hashDetails(signal);
        algorithm = chooseAlgorithm(details, options.plainAllowed);
        continue;
      }
      throw error;
    }
    keys.forEach((key, i) => {
      results[done + i] = found.get(key) ?? null;
    });
    done += batch.length;
    pepperRetried = false;
    options.onProgress?.(done, addresses.length);
  }
  return results;
}

function chooseAlgorithm(details: HashDetails, plainAllowed: boolean): LookupAlgorithm {
  if (details.algorithms.includes('sha256')) return 'sha256';
  if (details.algorithms.includes('none')) {
    if (plainAllowed) return 'none';
    throw new PlainLookupNeedsConsent();
  }
  throw new BadServerResponse('it offers neither of the lookup algorithms sha256 and none');
}

function isTooLarge(error: unknown): boolean {
  if (error instanceof ResponseTooLarge) return true;
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (e instanceof ResponseTooLarge) return true;
  }
  return httpStatusOf(error) === 413 || errcodeOf(error) === 'M_TOO_LARGE';
}
