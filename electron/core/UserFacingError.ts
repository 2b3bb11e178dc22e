/** A failure the user should read: `code` for programs and tests, `message` for people. */
export interface UserError {
  code: string;
  message: string;
  /**
   * For a certificate failure (TLS_UNTRUSTED): the origin whose certificate was refused, which
   * is not always the server the user typed (a .well-known's homeserver, an OAuth 2.0 server).
   * The sign-in screen's "Review certificate authority…" looks there.
   */
  server?: string;
}

/**
 * An error whose message is written for the person at the keyboard: it names the server and
 * the problem. Anything else that escapes a command is reported as an internal error, so a stack
 * trace or a server's raw body never reaches the UI.
 */
export class UserFacingError extends Error implements UserError {
  constructor(
    readonly code: string,
    message: string,
    /** See UserError.server. */
    readonly server?: string,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }

  toUserError(): UserError {
    const error: UserError = { code: this.code, message: this.message };
    if (this.server !== undefined) error.server = this.server;
    return error;
  }
}
