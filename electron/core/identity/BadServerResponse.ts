/**
 * A server answered, but with something this app will not use (wrong shape, wrong types, too
 * large, an unsafe URL). Thrown by the parsers, which do not know which server they are
 * reading; identityErrors.ts turns it into a UserFacingError that names the server.
 */
export class BadServerResponse extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'BadServerResponse';
  }
}
