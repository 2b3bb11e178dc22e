import { describeRequestError } from '../net/describeRequestError.js';
import { anonymousClient } from '../net/anonymousClient.js';
import { isPlainObject } from '../net/readLimitedJson.js';
import { UserFacingError } from '../UserFacingError.js';
import type { LoginIdentifier } from './passwordIdentifier.js';

/** The fields of a login response the app relies on, checked; the rest stays raw for redirect. */
export interface LoginAnswer {
  userId: string;
  deviceId: string;
  accessToken: string;
  refreshToken: string | null;
  expiresInMs: number | null;
  raw: Record<string, unknown>;
}

export interface LoginTarget {
  fetch: typeof globalThis.fetch;
  serverUrl: string;
  /** Re-use the device after a soft logout, as the spec asks. */
  deviceId?: string | undefined;
}

const DEVICE_NAME = 'Routed Matrix (desktop)';

export function loginWithPassword(
  target: LoginTarget,
  identifier: LoginIdentifier,
  password: string,
): Promise<LoginAnswer> {
  return send(target, { type: 'm.login.password', identifier, password }, 'signing in');
}

export function loginWithToken(target: LoginTarget, token: string): Promise<LoginAnswer> {
  return send(target, { type: 'm.login.token', token }, 'completing single sign-on');
}

async function send(
  target: LoginTarget,
  body: Record<string, unknown>,
  action: string,
): Promise<LoginAnswer> {
  const client = anonymousClient(target.serverUrl, target.fetch);
  let raw: unknown;
  try {
    raw = await client.loginRequest({
      ...body,
      refresh_token: true,
      initial_device_display_name: DEVICE_NAME,
      ...(target.deviceId ? { device_id: target.deviceId } : {}),
    } as never);
  } catch (error) {
    throw describeRequestError(error, target.serverUrl, action);
  }
  return checkLoginAnswer(raw, target.serverUrl);
}

export function checkLoginAnswer(raw: unknown, serverUrl: string): LoginAnswer {
  const ok =
    isPlainObject(raw) &&
    typeof raw.user_id === 'string' &&
    /^@[^:]+:.+$/.test(raw.user_id) &&
    typeof raw.access_token === 'string' &&
    raw.access_token.length > 0 &&
    typeof raw.device_id === 'string' &&
    raw.device_id.length > 0;
  if (!ok) {
    throw new UserFacingError(
      'BAD_RESPONSE',
      `${new URL(serverUrl).host} sent an incomplete sign-in answer.`,
    );
  }
  const r = raw as Record<string, unknown>;
  const expires = r.expires_in_ms;
  return {
    userId: r.user_id as string,
    deviceId: r.device_id as string,
    accessToken: r.access_token as string,
    refreshToken: typeof r.refresh_token === 'string' && r.refresh_token ? r.refresh_token : null,
    expiresInMs: typeof expires === 'number' && expires > 0 ? expires : null,
    raw: r,
  };
}
