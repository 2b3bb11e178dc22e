/**
 * Turning whatever a request threw into a UserFacingError that names the server and the problem.
 * A server's own error text is never shown (DESIGN.md: no raw server body reaches the UI); only
 * its HTTP status and Matrix errcode, which are enough to act on and to search for.
 */
import { UserFacingError } from '../UserFacingError.js';
import { BadServerResponse } from './BadServerResponse.js';

export type ServerRole = 'identity server' | 'homeserver';

/** Rethrowable as is: a UserFacingError passes through untouched. */
export function describeFailure(
  role: ServerRole,
  server: string,
  action: string,
  error: unknown,
): UserFacingError {
  if (error instanceof UserFacingError) return error;
  const prefix = role === 'identity server' ? 'IDENTITY' : 'HOMESERVER';
  const bad = badResponseOf(error);
  if (bad) {
    return new UserFacingError(
      `${prefix}_BAD_RESPONSE`,
      `The ${role} ${server} sent an answer this app cannot use while ${action}: ${bad}.`,
    );
  }
  if (isAbortOrTimeout(error)) {
    return new UserFacingError(
      `${prefix}_TIMEOUT`,
      `The ${role} ${server} did not answer in time while ${action}, or the app stopped waiting.`,
    );
  }
  const status = httpStatusOf(error);
  if (status !== undefined) {
    const code = errcodeOf(error);
    return new UserFacingError(
      `${prefix}_HTTP_${status}`,
      `The ${role} ${server} refused ${action} (HTTP ${status}${code ? `, ${code}` : ''}).`,
    );
  }
  if (isConnectionFailure(error)) {
    return new UserFacingError(
      `${prefix}_UNREACHABLE`,
      `Could not reach the ${role} ${server} while ${action}. Check the address and your connection.`,
    );
  }
  return new UserFacingError(
    `${prefix}_FAILED`,
    `Something went wrong with the ${role} ${server} while ${action}.`,
  );
}

export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { httpStatus?: unknown } | null)?.httpStatus;
  return typeof status === 'number' ? status : undefined;
}

/** The Matrix errcode, if it looks like one (it is shown to the user, so it is sanitised). */
export function errcodeOf(error: unknown): string | undefined {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'string' && /^[A-Za-z0-9_.]{1,64}$/.test(code) ? code : undefined;
}

/** A server's Retry-After in ms (429), if it gave one. */
export function retryAfterMsOf(error: unknown): number | null {
  const getter = (error as { getRetryAfterMs?: unknown } | null)?.getRetryAfterMs;
  if (typeof getter !== 'function') return null;
  try {
    const ms: unknown = getter.call(error);
    return typeof ms === 'number' && Number.isFinite(ms) ? ms : null;
  } catch {
    return null;
  }
}

/**
 * The SDK wraps anything fetchFn throws in a ConnectionError whose cause is the original, so the
 * size cap's BadServerResponse arrives one level down. Malformed JSON arrives as a SyntaxError.
 */
function badResponseOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (e instanceof BadServerResponse) return e.problem;
    if (e instanceof SyntaxError) return 'it is not valid JSON';
  }
  return undefined;
}

/** AbortError: stop() or the SDK's own timeout; TimeoutError: requestDeadline (net/userWaits.ts). */
function isAbortOrTimeout(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (e.name === 'AbortError' || e.name === 'TimeoutError') return true;
  }
  return false;
}

function isConnectionFailure(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ConnectionError' || error instanceof TypeError);
}
