/**
 * The key a hashed lookup sends for one address (spec IS v2 "Lookup"): `sha256` is
 * sha256("<address> <medium> <pepper>") as unpadded URL-safe base64; `none` is
 * "<address> <medium>" in the clear. (matrix-js-sdk has the same inside identityHashedLookup,
 * which does one whole lookup per call and does not export the hashing.)
 */
import { createHash } from 'node:crypto';
import type { ContactAddress } from './contactAddress.js';

export type LookupAlgorithm = 'sha256' | 'none';

export function lookupKey(
  algorithm: LookupAlgorithm,
  { medium, address }: ContactAddress,
  pepper: string,
): string {
  if (algorithm === 'none') return `${address} ${medium}`;
  return createHash('sha256').update(`${address} ${medium} ${pepper}`).digest('base64url');
}
