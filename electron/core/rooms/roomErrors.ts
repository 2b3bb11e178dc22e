/**
 * Room actions' failures in words: the server and what it refused. describeRequestError words
 * M_FORBIDDEN for sign-in ("wrong user ID or password"); in a room it means something else.
 */
import { MatrixError } from 'matrix-js-sdk';
import { describeRequestError } from '../net/describeRequestError.js';
import { hostOf } from '../net/hostOf.js';
import { UserFacingError } from '../UserFacingError.js';

export function describeRoomError(error: unknown, server: string, action: string): UserFacingError {
  if (error instanceof MatrixError) {
    const host = hostOf(server);
    const said = error.data?.error ? `: ${String(error.data.error).slice(0, 200)}` : '';
    switch (error.errcode) {
      case 'M_FORBIDDEN':
        return new UserFacingError('M_FORBIDDEN', `${host} did not allow ${action}${said}`);
      case 'M_NOT_FOUND':
        return new UserFacingError('M_NOT_FOUND', `${host} does not know ${action}${said}`);
      case 'M_ROOM_IN_USE':
        return new UserFacingError('M_ROOM_IN_USE', `${host}: that room address is taken.`);
    }
  }
  return describeRequestError(error, server, action);
}
