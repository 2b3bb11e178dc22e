import type { ValidatedAuthMetadata } from 'matrix-js-sdk';
import { hostOf } from '../../net/hostOf.js';
import { UserFacingError } from '../../UserFacingError.js';
import type { SignInTarget } from '../methods/SignInMethod.js';
import { readAuthMetadata } from './authMetadata.js';

/**
 * The OAuth 2.0 metadata a sign-in uses: what discovery validated moments before when there is
 * that (one auth_metadata read per sign-in, not two), else read now (after a soft logout).
 * Throws, naming the server, when it has no OAuth 2.0 API.
 */
export async function signInMetadata(
  fetch: typeof globalThis.fetch,
  target: SignInTarget,
  signal: AbortSignal,
): Promise<ValidatedAuthMetadata> {
  const metadata = target.authMetadata ?? (await readAuthMetadata(fetch, target.serverUrl, signal));
  if (!metadata) {
    throw new UserFacingError(
      'NO_OAUTH',
      `${hostOf(target.serverUrl)} does not offer OAuth 2.0 sign-in.`,
    );
  }
  return metadata;
}
