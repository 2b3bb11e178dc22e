/**
 * The HTTP calls to one identity server, and nothing else: no gating, no token storage, no
 * retries (IdentityRequestGate decides whether a call may happen at all, IdentityServerSessions
 * owns tokens). matrix-js-sdk makes every call it has; the two it lacks are written by hand.
 *
 * Errors are thrown as they come (MatrixError, ConnectionError, BadServerResponse) so callers
 * can react to a 401 or M_INVALID_PEPPER; they turn them into UserFacingErrors.
 */
import {
  createClient,
  MatrixError,
  SERVICE_TYPES,
  type IOpenIDToken,
  type MatrixClient,
} from 'matrix-js-sdk';
import type { Logger } from '../platform.js';
import type { Policy } from './identityState.js';
import { UserFacingError } from '../UserFacingError.js';
import { BadServerResponse } from './BadServerResponse.js';
import { createSdkLogger } from '../net/sdkLogger.js';
import { parseTermsPolicies } from './termsPolicies.js';
import { requestDeadline } from '../net/userWaits.js';

/** A slow identity server must not hold a command (or the UI) forever. */
export const IDENTITY_REQUEST_TIMEOUT_MS = 30_000;
const MAX_TOKEN_LENGTH = 4096;

export type ThreepidMedium = 'email' | 'msisdn';

export interface HashDetails {
  algorithms: string[];
  pepper: string;
}

export class IdentityServerConnection {
  private sdkClient: MatrixClient | null = null;

  constructor(
    /** Normalised base URL (identityServerUrl.ts), the part before /_matrix. */
    readonly url: string,
    private readonly homeserverUrl: string,
    private readonly fetchFn: typeof globalThis.fetch,
    private readonly log: Logger,
  ) {}

  /**
   * `GET /_matrix/identity/v2` must answer 200 with a JSON object (the spec's status check).
   * Hand-written: the SDK has no call for it.
   */
  async confirmIsIdentityServer(): Promise<void> {
    const response = await this.fetchFn(`${this.url}/_matrix/identity/v2`, {
      method: 'GET',
      headers: { Accept: 'application/json' },
      signal: requestDeadline(IDENTITY_REQUEST_TIMEOUT_MS),
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => {});
      throw new UserFacingError(
        'IDENTITY_NOT_AN_IDENTITY_SERVER',
        `${this.url} is not an identity server: it answered HTTP ${response.status} to ` +
          '/_matrix/identity/v2 (an identity server answers 200).',
      );
    }
    const body: unknown = await response.json().catch((error: unknown) => {
      if (error instanceof BadServerResponse) throw error; // too large
      return undefined; // not JSON: reported below as "not an identity server"
    });
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new UserFacingError(
        'IDENTITY_NOT_AN_IDENTITY_SERVER',
        `${this.url} is not an identity server: /_matrix/identity/v2 did not answer with JSON.`,
      );
    }
  }

  async getPolicies(): Promise<Policy[]> {
    const terms: unknown = await sdkCall('terms', () =>
      this.sdk().getTerms(SERVICE_TYPES.IS, this.url),
    );
    return parseTermsPolicies(terms);
  }

  /** `/account/register` with the homeserver's OpenID token; answers the new IS token. */
  async register(openIdToken: IOpenIDToken): Promise<string> {
    const answer: unknown = await sdkCall('registration', () =>
      this.sdk().registerWithIdentityServer(openIdToken),
    );
    const { token, access_token: accessToken } = (answer ?? {}) as Record<string, unknown>;
    const chosen = typeof token === 'string' ? token : accessToken;
    if (typeof chosen !== 'string' || chosen.length === 0 || chosen.length > MAX_TOKEN_LENGTH) {
      throw new BadServerResponse('its registration answer has no valid token');
    }
    return chosen;
  }

  async acceptTerms(token: string, policyUrls: string[]): Promise<void> {
    await sdkCall('terms acceptance', () =>
      this.sdk().agreeToTerms(SERVICE_TYPES.IS, this.url, token, policyUrls),
    );
  }

  /**
   * Hashed lookup of one address: the SDK reads /hash_details, hashes with sha256 (plain `none`
   * only when the server offers no sha256), then POSTs /lookup. Answers the Matrix user ID, or
   * null when nobody has published that address here.
   */
  async lookup(token: string, medium: ThreepidMedium, address: string): Promise<string | null> {
    const found: unknown = await sdkCall('lookup', () =>
      this.sdk().identityHashedLookup([[address, medium]], token),
    );
    if (!Array.isArray(found)) throw new BadServerResponse('its lookup answer is not a list');
    const match: unknown = found.find((entry: { address?: unknown }) => entry?.address === address);
    if (match === undefined) return null;
    const mxid = (match as { mxid?: unknown }).mxid;
    if (!isUserId(mxid)) throw new BadServerResponse('its lookup answered an invalid user ID');
    return mxid;
  }

  /**
   * `GET /hash_details`: the algorithms this server offers and its current pepper. Hand-written
   * (as is lookupHashes) so a bulk lookup can be cancelled mid-request.
   */
  async hashDetails(token: string, signal?: AbortSignal): Promise<HashDetails> {
    const body = await this.requestJson('GET', '/hash_details', token, undefined, signal);
    const { algorithms, lookup_pepper: pepper } = body;
    if (
      !Array.isArray(algorithms) ||
      algorithms.length > 16 ||
      !algorithms.every((a) => typeof a === 'string' && a.length <= 64) ||
      typeof pepper !== 'string' ||
      pepper.length > 256
    ) {
      throw new BadServerResponse('its hash details are malformed');
    }
    return { algorithms: algorithms as string[], pepper };
  }

  /**
   * `POST /lookup` of already hashed (or, for `none`, plain "address medium") keys: answers the
   * mappings the server returned, key → Matrix user ID. Keys it did not ask about are dropped.
   */
  async lookupHashes(
    token: string,
    algorithm: string,
    pepper: string,
    keys: string[],
    signal?: AbortSignal,
  ): Promise<Map<string, string>> {
    const body = await this.requestJson(
      'POST',
      '/lookup',
      token,
      { algorithm, pepper, addresses: keys },
      signal,
    );
    const mappings = body.mappings;
    if (typeof mappings !== 'object' || mappings === null || Array.isArray(mappings)) {
      throw new BadServerResponse('its lookup answer has no mappings');
    }
    const asked = new Set(keys);
    const found = new Map<string, string>();
    for (const [key, mxid] of Object.entries(mappings as Record<string, unknown>)) {
      if (!asked.has(key)) continue;
      if (!isUserId(mxid)) throw new BadServerResponse('its lookup answered an invalid user ID');
      found.set(key, mxid);
    }
    return found;
  }

  /**
   * `POST /validate/{email|msisdn}/requestToken`: the IS mails a link or texts a code to prove
   * the address is the user's (share, threepids/ShareFlow.ts). Answers the validation session id.
   */
  async requestValidationToken(
    token: string,
    medium: ThreepidMedium,
    body: Record<string, unknown>,
  ): Promise<string> {
    const answer = await this.requestJson('POST', `/validate/${medium}/requestToken`, token, body);
    const sid = answer.sid;
    if (typeof sid !== 'string' || !/^[0-9a-zA-Z.=_-]{1,255}$/.test(sid)) {
      throw new BadServerResponse('its validation answer has no valid sid');
    }
    return sid;
  }

  /** `POST /validate/msisdn/submitToken`: the code from the text message; answers success. */
  async submitMsisdnToken(
    token: string,
    body: { sid: string; client_secret: string; token: string },
  ): Promise<boolean> {
    const answer = await this.requestJson('POST', '/validate/msisdn/submitToken', token, body);
    return answer.success === true;
  }

  /**
   * `POST /account/logout`: ends this app's session on the identity server, which forgets the
   * token. Hand-written: the SDK has no call for it.
   */
  async logout(token: string): Promise<void> {
    const response = await this.fetchFn(`${this.url}/_matrix/identity/v2/account/logout`, {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
      },
      body: '{}',
      signal: requestDeadline(IDENTITY_REQUEST_TIMEOUT_MS),
    });
    await response.body?.cancel().catch(() => {});
    // 401: the server already forgot the token, which is what logging out wants.
    if (!response.ok && response.status !== 401) {
      throw Object.assign(new Error(`logout answered HTTP ${response.status}`), {
        httpStatus: response.status,
      });
    }
  }

  /** One authenticated v2 call; a non-2xx answer is thrown as the SDK's MatrixError. */
  private async requestJson(
    method: 'GET' | 'POST',
    path: string,
    token: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<Record<string, unknown>> {
    const response = await this.fetchFn(`${this.url}/_matrix/identity/v2${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: requestDeadline(IDENTITY_REQUEST_TIMEOUT_MS, signal),
    });
    const parsed: unknown = await response.json().catch((error: unknown) => {
      if (error instanceof BadServerResponse) throw error; // too large
      if (!response.ok) return {};
      throw new BadServerResponse('it is not valid JSON');
    });
    const object =
      typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : null;
    if (!response.ok) throw new MatrixError(object ?? {}, response.status);
    if (object === null) throw new BadServerResponse(`its ${path} answer is not a JSON object`);
    return object;
  }

  /**
   * A dedicated client per identity server: it carries this server as `idBaseUrl` and our
   * guarded fetch, so the session's own client (and its idBaseUrl) is never touched. It holds no
   * homeserver credentials: the OpenID token comes from the session's client.
   */
  private sdk(): MatrixClient {
    this.sdkClient ??= createClient({
      baseUrl: this.homeserverUrl,
      idBaseUrl: this.url,
      fetchFn: this.fetchFn,
      localTimeoutMs: IDENTITY_REQUEST_TIMEOUT_MS,
      logger: createSdkLogger(this.log),
    });
    return this.sdkClient;
  }
}

/**
 * The SDK reports a failed connection as ConnectionError and an HTTP error as MatrixError (or
 * HTTPError); anything else it throws comes from reading an answer of the wrong shape: plain
 * Errors for malformed hash details or surplus lookup results, TypeErrors for e.g. `null` as an
 * error body or `algorithms` that is not a list. Those are the server's fault, not the network's,
 * and must not reach the user as "could not reach the identity server".
 */
async function sdkCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Error && error.constructor === Error) {
      throw new BadServerResponse(`its ${what} answer is unusable (${error.message})`);
    }
    if (error instanceof TypeError) {
      throw new BadServerResponse(`its ${what} answer is malformed`);
    }
    throw error;
  }
}

function isUserId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 255 && /^@[^:\s]+:\S+$/.test(value);
}
