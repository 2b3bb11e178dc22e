import { abortableFetch } from '../../net/abortableFetch.js';
import { loginWithPassword } from '../loginRequests.js';
import { identifierFor, type LoginIdentifier } from '../passwordIdentifier.js';
import { completeLegacyLogin } from './completeLegacyLogin.js';
import type { NewSession, SignInContext, SignInMethod } from './SignInMethod.js';

/** `m.login.password` with a user id, localpart, email address or phone number. */
export class PasswordLoginMethod implements SignInMethod {
  private readonly identifier: LoginIdentifier;

  /** Reads the identifier at once: one the app cannot read is refused before anything starts. */
  constructor(
    identifierText: string,
    private readonly password: string,
  ) {
    this.identifier = identifierFor(identifierText);
  }

  async signIn(context: SignInContext): Promise<NewSession> {
    const { platform, target, signal } = context;
    context.progress('signingIn');
    const fetch = abortableFetch(platform.fetch, signal);
    const answer = await loginWithPassword(
      { fetch, serverUrl: target.serverUrl, deviceId: target.deviceId },
      this.identifier,
      this.password,
    );
    return completeLegacyLogin(context, answer);
  }
}
