/**
 * Sharing one of the user's addresses with the active identity server, so people can find them
 * by it: the IS validates the address (a link in a mail, or a code in a text message), then the
 * homeserver binds it (`POST /account/3pid/bind` with `id_server`, `id_access_token`, `sid`,
 * `client_secret`). Stopping is the homeserver's `/account/3pid/unbind`, whose
 * `id_server_unbind_result` is reported as the server gave it.
 *
 * Every IS call goes through the gate as a 'threepid' call (sessions.withToken), so nothing is
 * sent while the server is unknown, disabled or its terms are not accepted here, nor to a server
 * other than the one the validation started on.
 */
import { Method } from 'matrix-js-sdk';
import type {
  ThreepidAddressRequest,
  ThreepidHandleRequest,
  ThreepidListing,
  ThreepidShareSubmitRequest,
  ThreepidValidation,
  UnbindOutcome,
} from './threepidTypes.js';
import { UserFacingError } from '../../UserFacingError.js';
import { describeFailure, errcodeOf } from '../identityErrors.js';
import type { IdentityParts } from '../IdentityParts.js';
import { isTermsNotSigned, termsNotSigned } from '../termsOnDemand.js';
import {
  newClientSecret,
  PendingValidations,
  type PendingValidation,
} from './PendingValidations.js';
import { countryAndNumber, requireOwnAddress, unbindResultOf } from './threepidRequests.js';
import { listThreepids } from './threepidListing.js';

export class ShareFlow {
  constructor(
    private readonly parts: IdentityParts,
    private readonly pending: PendingValidations,
  ) {}

  async start({ medium, address }: ThreepidAddressRequest): Promise<ThreepidValidation> {
    const own = requireOwnAddress(medium, address);
    const url = await this.parts.status.activeServer();
    const validation: PendingValidation = {
      purpose: 'share',
      medium,
      address: own.address,
      server: url,
      clientSecret: newClientSecret(),
      sid: '',
      sendAttempt: 1,
      submitUrl: null,
      uiaSession: null,
    };
    validation.sid = await this.requestToken(validation);
    const handle = this.pending.add(validation);
    return describeValidation(handle, validation);
  }

  /** Sends the mail or text again: the same secret, send_attempt one higher. */
  async resend({ handle }: ThreepidHandleRequest): Promise<ThreepidValidation> {
    const validation = this.pending.get(handle, 'share');
    const next = { ...validation, sendAttempt: validation.sendAttempt + 1 };
    const sid = await this.requestToken(next);
    validation.sendAttempt = next.sendAttempt;
    validation.sid = sid;
    return describeValidation(handle, validation);
  }

  /**
   * The user followed the link (email: code null) or typed the code (phone): submit the code,
   * then bind on the homeserver. A validation not yet done is said so, and stays pending.
   */
  async submit({ handle, code }: ThreepidShareSubmitRequest): Promise<ThreepidListing> {
    const validation = this.pending.get(handle, 'share');
    const { server: url, medium } = validation;
    if (medium === 'msisdn') {
      if (code === null) {
        throw new UserFacingError('THREEPID_CODE_NEEDED', 'Enter the code from the text message.');
      }
      const accepted = await this.parts.sessions
        .withToken(url, 'threepid', (connection, token) =>
          connection.submitMsisdnToken(token, {
            sid: validation.sid,
            client_secret: validation.clientSecret,
            token: code,
          }),
        )
        .catch((error: unknown) => {
          throw describeFailure('identity server', url, 'checking the code', error);
        });
      if (!accepted) {
        throw new UserFacingError(
          'THREEPID_WRONG_CODE',
          `${url} did not accept that code. Check the text message, or send a new code.`,
        );
      }
    }
    await this.bind(validation);
    this.pending.delete(handle);
    return listThreepids(this.parts);
  }

  /** Stop sharing: the homeserver asks the active identity server to forget the address. */
  async stop({ medium, address }: ThreepidAddressRequest): Promise<UnbindOutcome> {
    const own = requireOwnAddress(medium, address);
    const url = await this.parts.status.activeServer();
    const { client } = this.parts.ctx;
    const answer = await client.http
      .authedRequest<unknown>(Method.Post, '/account/3pid/unbind', undefined, {
        medium,
        address: own.address,
        id_server: new URL(url).host,
      })
      .catch((error: unknown) => {
        throw describeFailure(
          'homeserver',
          client.getHomeserverUrl(),
          `asking ${url} to stop sharing ${own.address}`,
          error,
        );
      });
    return {
      result: unbindResultOf(answer),
      server: url,
      listing: await listThreepids(this.parts),
    };
  }

  private async requestToken(validation: PendingValidation): Promise<string> {
    const { server: url, medium, address, clientSecret, sendAttempt } = validation;
    const body =
      medium === 'email'
        ? { client_secret: clientSecret, email: address, send_attempt: sendAttempt }
        : {
            client_secret: clientSecret,
            ...countryAndNumber(address),
            send_attempt: sendAttempt,
          };
    return this.parts.sessions
      .withToken(url, 'threepid', (connection, token) =>
        connection.requestValidationToken(token, medium, body),
      )
      .catch((error: unknown) => {
        throw describeFailure(
          'identity server',
          url,
          medium === 'email' ? `sending a confirmation mail to ${address}` : `texting +${address}`,
          error,
        );
      });
  }

  private async bind(validation: PendingValidation): Promise<void> {
    const { parts } = this;
    const url = validation.server;
    const { client } = parts.ctx;
    try {
      // The token is fetched through the gate: the server must still be the active one, with
      // its terms accepted here, since the homeserver hands it the address.
      await parts.sessions.withToken(url, 'threepid', (_connection, token) =>
        client.bindThreePid({
          sid: validation.sid,
          client_secret: validation.clientSecret,
          id_server: new URL(url).host,
          id_access_token: token,
        }),
      );
    } catch (error) {
      // The homeserver relays the identity server's answer.
      if (isTermsNotSigned(error)) {
        throw termsNotSigned(parts.store, () => parts.status.emitIfChanged(), url);
      }
      if (errcodeOf(error) === 'M_SESSION_NOT_VALIDATED') {
        throw new UserFacingError(
          'THREEPID_NOT_CONFIRMED',
          validation.medium === 'email'
            ? `${url} has not seen the link opened yet. Open the link in the mail sent to ` +
                `${validation.address}, then try again.`
            : `${url} has not confirmed the code yet.`,
        );
      }
      throw describeFailure(
        'homeserver',
        client.getHomeserverUrl(),
        `sharing ${validation.address} with ${url}`,
        error,
      );
    }
  }
}

export function describeValidation(handle: string, v: PendingValidation): ThreepidValidation {
  return {
    handle,
    medium: v.medium,
    address: v.address,
    server: v.server,
    proof: v.medium === 'email' ? 'link' : 'code',
    sendAttempt: v.sendAttempt,
  };
}
