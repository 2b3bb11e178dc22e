/**
 * The waiting half of the device authorization grant (RFC 8628 section 3.4, spec v1.18): ask the
 * token endpoint, at the server's interval, whether the user has approved the code on their
 * other device. Ours rather than the SDK's `waitForDeviceAuthorization`, which sleeps on the real
 * clock and cannot be cancelled: this one waits on the platform clock (tests move it) and stops
 * at once, sending nothing more, when the user cancels.
 */
import {
  isValidDeviceAccessTokenResponse,
  OAuthGrantType,
  type DeviceAccessTokenResponse,
} from 'matrix-js-sdk';
import { hostOf } from '../../net/hostOf.js';
import { isPlainObject, readLimitedJson } from '../../net/readLimitedJson.js';
import type { Clock } from '../../platform.js';
import { UserFacingError } from '../../UserFacingError.js';

/** RFC 8628 section 3.5: the default interval, and what `slow_down` adds to it. */
export const DEFAULT_POLL_INTERVAL_MS = 5_000;
const SLOW_DOWN_STEP_MS = 5_000;

export interface DeviceTokenPoll {
  fetch: typeof globalThis.fetch;
  clock: Clock;
  tokenEndpoint: string;
  clientId: string;
  deviceCode: string;
  /** The server's `interval`, in ms. */
  intervalMs: number;
  /** When the code expires, on `clock`. */
  expiresAt: number;
  /** The authorization server, to name it in messages. */
  issuer: string;
  signal: AbortSignal;
}

/**
 * Resolves with the tokens once the user approves; rejects with a UserFacingError naming the
 * server when they deny it or the code expires, or with the signal's reason when cancelled.
 * The first request goes out after one interval: the user cannot have approved before that.
 */
export async function pollDeviceToken(poll: DeviceTokenPoll): Promise<DeviceAccessTokenResponse> {
  const host = hostOf(poll.issuer);
  let interval = Math.max(poll.intervalMs, 1_000);
  for (;;) {
    if (poll.clock.now() + interval >= poll.expiresAt) {
      // The next answer could only be "expired": say so when the code runs out, without asking.
      await wait(poll.clock, Math.max(0, poll.expiresAt - poll.clock.now()), poll.signal);
      throw expired(host);
    }
    await wait(poll.clock, interval, poll.signal);
    const answer = await askTokenEndpoint(poll);
    if (answer.kind === 'tokens') return answer.tokens;
    switch (answer.error) {
      case 'authorization_pending':
        break;
      case 'slow_down':
        interval += SLOW_DOWN_STEP_MS;
        break;
      case 'access_denied':
        throw new UserFacingError(
          'DEVICE_GRANT_DENIED',
          `Sign-in was refused on ${host}: the request was denied on the other device.`,
        );
      case 'expired_token':
        throw expired(host);
      default:
        throw new UserFacingError(
          'DEVICE_GRANT_FAILED',
          `${host} ended the sign-in on another device: ${answer.error.slice(0, 100)}` +
            (answer.description ? ` (${answer.description.slice(0, 200)})` : '') +
            '.',
        );
    }
  }
}

type Answer =
  | { kind: 'tokens'; tokens: DeviceAccessTokenResponse }
  | { kind: 'error'; error: string; description: string | null };

async function askTokenEndpoint(poll: DeviceTokenPoll): Promise<Answer> {
  const host = hostOf(poll.issuer);
  const body = new URLSearchParams({
    grant_type: OAuthGrantType.DeviceAuthorization,
    device_code: poll.deviceCode,
    client_id: poll.clientId,
  });
  let response: Response;
  let data: unknown;
  try {
    response = await poll.fetch(poll.tokenEndpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body,
      signal: poll.signal,
    });
    data = await readLimitedJson(response, 64 * 1024);
  } catch (error) {
    poll.signal.throwIfAborted();
    throw new UserFacingError(
      'DEVICE_GRANT_FAILED',
      `Could not ask ${host} whether the sign-in was approved: ${errorText(error)}.`,
    );
  }
  if (response.ok && isValidDeviceAccessTokenResponse(data))
    return { kind: 'tokens', tokens: data };
  if (!response.ok && isPlainObject(data) && typeof data.error === 'string') {
    const description = typeof data.error_description === 'string' ? data.error_description : null;
    return { kind: 'error', error: data.error, description };
  }
  throw new UserFacingError(
    'BAD_RESPONSE',
    `${host} sent a malformed answer while waiting for the sign-in (HTTP ${response.status}).`,
  );
}

function expired(host: string): UserFacingError {
  return new UserFacingError(
    'DEVICE_GRANT_EXPIRED',
    `The code for signing in to ${host} expired before it was used. Start again for a new code.`,
  );
}

function errorText(error: unknown): string {
  if (error instanceof SyntaxError) return 'its answer was not JSON';
  return error instanceof Error ? error.message.slice(0, 200) : 'network error';
}

/** Resolves after `ms` on `clock`; rejects with the signal's reason (and clears the timer) on abort. */
function wait(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(signal.reason as Error);
    };
    const handle = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
