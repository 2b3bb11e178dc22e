import { createClient, type MatrixClient } from 'matrix-js-sdk';
import { createSdkLogger } from './sdkLogger.js';
import type { Logger } from '../platform.js';

const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * A short-lived SDK client with no session, for discovery and sign-in requests. Its failures
 * surface as thrown errors that the caller words for the user, so the SDK's own request logging
 * (debug lines on the console by default) is switched off.
 */
export function anonymousClient(baseUrl: string, fetch: typeof globalThis.fetch): MatrixClient {
  return createClient({ baseUrl, fetchFn: fetch, logger: createSdkLogger(silent) });
}
