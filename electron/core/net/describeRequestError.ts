import { ConnectionError, MatrixError } from 'matrix-js-sdk';
import { UserFacingError } from '../UserFacingError.js';
import { findCertificateProblem } from './certificateProblem.js';
import { hostOf, originOf } from './hostOf.js';
import { findProxyFailure } from './proxy/ProxyFailure.js';

/**
 * Turns whatever a request to `server` threw into a message a person can act on. Known Matrix
 * error codes get their own wording; anything else names the server and the HTTP status.
 */
export function describeRequestError(
  error: unknown,
  server: string,
  action: string,
): UserFacingError {
  const host = hostOf(server);
  if (error instanceof UserFacingError) return error;
  if (error instanceof MatrixError) {
    switch (error.errcode) {
      case 'M_FORBIDDEN':
        return new UserFacingError(
          'M_FORBIDDEN',
          `${host} refused ${action}: wrong user ID or password.`,
        );
      case 'M_LIMIT_EXCEEDED': {
        const ms = Number(error.data?.retry_after_ms);
        const wait =
          Number.isFinite(ms) && ms > 0 ? ` Try again in ${Math.ceil(ms / 1000)} s.` : '';
        return new UserFacingError(
          'M_LIMIT_EXCEEDED',
          `${host} is rate limiting ${action}.${wait}`,
        );
      }
      case 'M_USER_DEACTIVATED':
        return new UserFacingError(
          'M_USER_DEACTIVATED',
          `${host} says this account is deactivated.`,
        );
      default: {
        const status = error.httpStatus ? ` (HTTP ${error.httpStatus})` : '';
        const code = error.errcode ?? 'HTTP_ERROR';
        const said = error.data?.error ? `: ${String(error.data.error).slice(0, 200)}` : '';
        return new UserFacingError(code, `${host} failed ${action}${status}${said}`);
      }
    }
  }
  // Callers pass matrix-js-sdk errors, and the SDK wraps every failed fetch in ConnectionError:
  // a bare TypeError is the SDK reading an answer of the wrong shape (e.g. an error status with
  // a JSON `null` body), which is the server's fault, not the connection's.
  if (error instanceof ConnectionError) {
    // The proxy failed, not the server: say so, or the user checks the wrong thing.
    const viaProxy = findProxyFailure(error);
    if (viaProxy) {
      return new UserFacingError(
        'PROXY_FAILED',
        `Could not reach ${host} for ${action}: ${viaProxy.message}.`,
      );
    }
    const certificate = findCertificateProblem(error);
    if (certificate) {
      return new UserFacingError(
        'TLS_UNTRUSTED',
        `Could not connect securely to ${host} for ${action}: ${certificate}.`,
        originOf(server),
      );
    }
    return new UserFacingError(
      'UNREACHABLE',
      `Could not reach ${host} for ${action}. Check the address and your connection.`,
    );
  }
  if (error instanceof SyntaxError || error instanceof TypeError) {
    return new UserFacingError('BAD_RESPONSE', `${host} sent a malformed answer to ${action}.`);
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new UserFacingError('CANCELLED', `${action} on ${host} was cancelled.`);
  }
  const detail = error instanceof Error ? `: ${error.message.slice(0, 200)}` : '';
  return new UserFacingError('REQUEST_FAILED', `${action} on ${host} failed${detail}`);
}

/** The short cause of a failed fetch (ECONNREFUSED, a timeout), for messages. */
export function describeNetworkError(error: unknown): string {
  const viaProxy = findProxyFailure(error);
  if (viaProxy) return viaProxy.message;
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return cause.code;
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  return error instanceof Error ? error.message : 'network error';
}
