/**
 * inviteByAddress's decisions, with the identity lookup and the homeserver calls recorded: which
 * input goes where, and that a third-party invite is only ever sent after the user agreed and
 * the address is still not shared.
 */
import { describe, expect, it } from 'vitest';
import {
  inviteByAddress,
  type InviteDeps,
  type ThirdPartyInvite,
} from '../../../electron/core/rooms/inviteByAddress.js';
import type { InviteAddressRequest } from '../../../electron/core/rooms/inviteTypes.js';

const ROOM = '!room:example.org';
const IS = 'https://id.example.org:8090';

function recorder(shared: Record<string, string> = {}) {
  const calls = {
    lookups: [] as { medium: string; address: string }[],
    users: [] as string[],
    thirdParty: [] as ThirdPartyInvite[],
  };
  const deps: InviteDeps = {
    lookupForInvite: async (contact, then) => {
      calls.lookups.push(contact);
      return then({
        userId: shared[contact.address] ?? null,
        server: IS,
        idServer: 'id.example.org:8090',
        idAccessToken: 'is-token',
      });
    },
    inviteUser: async (_room, userId) => void calls.users.push(userId),
    inviteThirdParty: async (_room, invite) => void calls.thirdParty.push(invite),
  };
  return { deps, calls };
}

const request = (over: Partial<InviteAddressRequest>): InviteAddressRequest => ({
  roomId: ROOM,
  address: '',
  medium: null,
  defaultCountry: null,
  confirmThirdParty: false,
  ...over,
});

describe('inviteByAddress', () => {
  it('invites a Matrix ID directly, with no lookup', async () => {
    const { deps, calls } = recorder();
    const result = await inviteByAddress(deps, request({ address: ' @bob:example.org ' }));
    expect(result).toEqual({ kind: 'invited', userId: '@bob:example.org' });
    expect(calls).toEqual({ lookups: [], users: ['@bob:example.org'], thirdParty: [] });
  });

  it('looks a national number up in the default country and invites whoever shared it', async () => {
    const { deps, calls } = recorder({ '447700900123': '@carol:example.org' });
    const result = await inviteByAddress(
      deps,
      request({ address: '07700 900123', defaultCountry: 'GB', confirmThirdParty: true }),
    );
    expect(result).toEqual({ kind: 'invited', userId: '@carol:example.org' });
    expect(calls.lookups).toEqual([{ medium: 'msisdn', address: '447700900123' }]);
    // Shared: never a third-party invite, even with the go-ahead.
    expect(calls.thirdParty).toEqual([]);
  });

  it('asks first, and sends the third-party invite only with the go-ahead', async () => {
    const { deps, calls } = recorder();
    const asked = await inviteByAddress(deps, request({ address: 'Dan@Example.org' }));
    expect(asked).toEqual({
      kind: 'needsConfirmation',
      medium: 'email',
      address: 'dan@example.org',
      server: IS,
    });
    expect(calls.thirdParty).toEqual([]);
    const sent = await inviteByAddress(
      deps,
      request({ address: 'dan@example.org', medium: 'email', confirmThirdParty: true }),
    );
    expect(sent).toMatchObject({ kind: 'invitedByAddress', address: 'dan@example.org' });
    expect(calls.thirdParty).toEqual([
      {
        id_server: 'id.example.org:8090',
        id_access_token: 'is-token',
        medium: 'email',
        address: 'dan@example.org',
      },
    ]);
  });

  it.each([
    ['@bob', /not a Matrix ID/],
    ['hello there', /not a Matrix ID, an email address or a phone number/],
    ['   ', /Enter a Matrix ID/],
  ])('refuses %j without asking anyone', async (address, message) => {
    const { deps, calls } = recorder();
    await expect(inviteByAddress(deps, request({ address }))).rejects.toThrow(message);
    expect(calls).toEqual({ lookups: [], users: [], thirdParty: [] });
  });
});
