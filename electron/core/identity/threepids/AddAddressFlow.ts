/**
 * Adding an address to the account, and removing one. The homeserver validates the address
 * (`/account/3pid/{email|msisdn}/requestToken`: a link in a mail, or a code texted to the phone
 * and entered here), then `POST /account/3pid/add` asks for user-interactive auth: the password
 * again, or, for an account that signs in only by SSO, the server's fallback page opened in the
 * browser. Removing (`/account/3pid/delete`) names the active identity server so it forgets the
 * address too. These are homeserver calls only; an identity server is never contacted here.
 */
import { Method } from 'matrix-js-sdk';
import type {
  ThreepidAddFinishRequest,
  ThreepidAddOutcome,
  ThreepidAddStartRequest,
  ThreepidAddSubmitCodeRequest,
  ThreepidAddressRequest,
  ThreepidHandleRequest,
  ThreepidValidation,
  UnbindOutcome,
} from './threepidTypes.js';
import { checkBaseUrl } from '../../net/urlPolicy.js';
import { UserFacingError } from '../../UserFacingError.js';
import { describeFailure, errcodeOf, httpStatusOf } from '../identityErrors.js';
import type { IdentityParts } from '../IdentityParts.js';
import {
  newClientSecret,
  type PendingValidation,
  type PendingValidations,
} from './PendingValidations.js';
import { describeValidation } from './ShareFlow.js';
import { countryAndNumber, requireOwnAddress, unbindResultOf } from './threepidRequests.js';
import { listThreepids } from './threepidListing.js';

interface UiaChallenge {
  session: string | null;
  flows: string[][];
}

export class AddAddressFlow {
  constructor(
    private readonly parts: IdentityParts,
    private readonly pending: PendingValidations,
  ) {}

  private get homeserver(): string {
    return this.parts.ctx.client.getHomeserverUrl();
  }

  async start({
    medium,
    address,
    defaultCountry,
  }: ThreepidAddStartRequest): Promise<ThreepidValidation> {
    const own = requireOwnAddress(medium, address, defaultCountry);
    const validation: PendingValidation = {
      purpose: 'add',
      medium,
      address: own.address,
      server: this.homeserver,
      clientSecret: newClientSecret(),
      sid: '',
      sendAttempt: 1,
      submitUrl: null,
      uiaSession: null,
    };
    await this.requestToken(validation);
    return describeValidation(this.pending.add(validation), validation);
  }

  async resend({ handle }: ThreepidHandleRequest): Promise<ThreepidValidation> {
    const validation = this.pending.get(handle, 'add');
    validation.sendAttempt += 1;
    await this.requestToken(validation);
    return describeValidation(handle, validation);
  }

  /** The code from the text message, to where the homeserver said (its `submit_url`). */
  async submitCode({ handle, code }: ThreepidAddSubmitCodeRequest): Promise<ThreepidValidation> {
    const validation = this.pending.get(handle, 'add');
    if (validation.submitUrl === null) {
      throw new UserFacingError(
        'THREEPID_NO_CODE_ENTRY',
        `The homeserver ${this.homeserver} did not say where to enter the code.`,
      );
    }
    const answer = await this.parts.ctx.client
      .submitMsisdnTokenOtherUrl(
        validation.submitUrl,
        validation.sid,
        validation.clientSecret,
        code,
      )
      .catch((error: unknown) => {
        throw describeFailure('homeserver', this.homeserver, 'checking the code', error);
      });
    if ((answer as { success?: unknown }).success !== true) {
      throw new UserFacingError(
        'THREEPID_WRONG_CODE',
        `The homeserver ${this.homeserver} did not accept that code. Check the text message, or send a new code.`,
      );
    }
    return describeValidation(handle, validation);
  }

  /**
   * `/account/3pid/add`. Without a password the server is asked what it needs: the password
   * (needsPassword), or SSO (its fallback page is opened; call again once done there).
   */
  async finish({ handle, password }: ThreepidAddFinishRequest): Promise<ThreepidAddOutcome> {
    const validation = this.pending.get(handle, 'add');
    const { client, userId } = this.parts.ctx;
    const auth =
      password !== null
        ? {
            type: 'm.login.password',
            identifier: { type: 'm.id.user', user: userId },
            password,
            ...(validation.uiaSession ? { session: validation.uiaSession } : {}),
          }
        : validation.uiaSession
          ? { session: validation.uiaSession }
          : undefined;
    try {
      await client.addThreePidOnly({
        sid: validation.sid,
        client_secret: validation.clientSecret,
        ...(auth ? { auth } : {}),
      } as Parameters<typeof client.addThreePidOnly>[0]);
    } catch (error) {
      const challenge = uiaChallengeOf(error);
      if (challenge === null) throw this.addFailure(validation, error);
      validation.uiaSession = challenge.session ?? validation.uiaSession;
      if (password !== null && errcodeOf(error) === 'M_FORBIDDEN') {
        throw new UserFacingError(
          'THREEPID_WRONG_PASSWORD',
          `The homeserver ${this.homeserver} did not accept that password.`,
        );
      }
      const offers = (stage: string) => challenge.flows.some((flow) => flow[0] === stage);
      if (offers('m.login.password') && password === null) return { kind: 'needsPassword' };
      if (offers('m.login.sso') && validation.uiaSession !== null && password === null) {
        const page = this.ssoFallbackPage(validation.uiaSession);
        await this.parts.ctx.platform.openExternal(page);
        return { kind: 'ssoOpened', server: this.homeserver };
      }
      throw new UserFacingError(
        'THREEPID_AUTH_UNSUPPORTED',
        `The homeserver ${this.homeserver} asks for a kind of confirmation this app cannot give ` +
          `(${challenge.flows.map((f) => f.join(' + ')).join('; ') || 'none listed'}).`,
      );
    }
    this.pending.delete(handle);
    return { kind: 'added', listing: await listThreepids(this.parts) };
  }

  /** Removes the address; the active identity server (if any) is asked to forget it too. */
  async remove({ medium, address }: ThreepidAddressRequest): Promise<UnbindOutcome> {
    const own = requireOwnAddress(medium, address);
    await this.parts.follower.known;
    const url = this.parts.status.state().url;
    const answer = await this.parts.ctx.client.http
      .authedRequest<unknown>(Method.Post, '/account/3pid/delete', undefined, {
        medium,
        address: own.address,
        ...(url !== null ? { id_server: new URL(url).host } : {}),
      })
      .catch((error: unknown) => {
        throw describeFailure('homeserver', this.homeserver, `removing ${own.address}`, error);
      });
    return {
      result: unbindResultOf(answer),
      server: url,
      listing: await listThreepids(this.parts),
    };
  }

  private async requestToken(validation: PendingValidation): Promise<void> {
    const { client } = this.parts.ctx;
    const { medium, address, clientSecret, sendAttempt } = validation;
    try {
      if (medium === 'email') {
        const answer = await client.requestAdd3pidEmailToken(address, clientSecret, sendAttempt);
        validation.sid = sidOf(answer);
        return;
      }
      const { country, phone_number } = countryAndNumber(address);
      const answer = await client.requestAdd3pidMsisdnToken(
        country,
        phone_number,
        clientSecret,
        sendAttempt,
      );
      validation.sid = sidOf(answer);
      const submitUrl = (answer as { submit_url?: unknown }).submit_url;
      if (typeof submitUrl === 'string') {
        const verdict = checkBaseUrl(submitUrl, { from: this.homeserver });
        if (!verdict.ok) {
          throw new UserFacingError(
            'THREEPID_BAD_SUBMIT_URL',
            `The homeserver ${this.homeserver} said to enter the code at an address this app ` +
              `refuses: ${verdict.reason}.`,
          );
        }
        validation.submitUrl = submitUrl;
      }
    } catch (error) {
      if (errcodeOf(error) === 'M_THREEPID_IN_USE') {
        throw new UserFacingError(
          'THREEPID_IN_USE',
          `${address} is already on an account at ${this.homeserver}.`,
        );
      }
      throw describeFailure(
        'homeserver',
        this.homeserver,
        medium === 'email' ? `sending a confirmation mail to ${address}` : `texting +${address}`,
        error,
      );
    }
  }

  private addFailure(validation: PendingValidation, error: unknown): UserFacingError {
    if (
      errcodeOf(error) === 'M_THREEPID_AUTH_FAILED' ||
      errcodeOf(error) === 'M_SESSION_NOT_VALIDATED'
    ) {
      return new UserFacingError(
        'THREEPID_NOT_CONFIRMED',
        validation.medium === 'email'
          ? `The homeserver ${this.homeserver} has not seen the link opened yet. Open the link ` +
              `in the mail sent to ${validation.address}, then try again.`
          : `The homeserver ${this.homeserver} has not confirmed the code yet.`,
      );
    }
    return describeFailure('homeserver', this.homeserver, `adding ${validation.address}`, error);
  }

  private ssoFallbackPage(session: string): string {
    const page = new URL(`${this.homeserver}/_matrix/client/v3/auth/m.login.sso/fallback/web`);
    page.searchParams.set('session', session);
    return page.toString();
  }
}

function sidOf(answer: unknown): string {
  const sid = (answer as { sid?: unknown } | null)?.sid;
  if (typeof sid !== 'string' || !/^[0-9a-zA-Z.=_-]{1,255}$/.test(sid)) {
    throw new UserFacingError(
      'HOMESERVER_BAD_RESPONSE',
      'The homeserver answered without a valid sid.',
    );
  }
  return sid;
}

/** A 401 with `flows` is the user-interactive auth challenge; anything else is not. */
function uiaChallengeOf(error: unknown): UiaChallenge | null {
  if (httpStatusOf(error) !== 401) return null;
  const data = (error as { data?: unknown }).data as Record<string, unknown> | undefined;
  const flows = data?.flows;
  if (!Array.isArray(flows)) return null;
  return {
    session: typeof data?.session === 'string' && data.session.length <= 255 ? data.session : null,
    flows: flows
      .slice(0, 16)
      .map((flow: { stages?: unknown }) =>
        Array.isArray(flow?.stages)
          ? flow.stages.filter((s): s is string => typeof s === 'string').slice(0, 8)
          : [],
      ),
  };
}
