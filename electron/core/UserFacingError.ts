/** A failure the user should read: `code` for programs and tests, `message` for people. */
export interface UserError {
  code: string;
  message: string;
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
  ) {
    super(message);
    this.name = 'UserFacingError';
  }

  toUserError(): UserError {
    return { code: this.code, message: this.message };
  }
}
