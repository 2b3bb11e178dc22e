import { describe, expect, it } from 'vitest';
import {
  accountLinks,
  accountManagementUrl,
  offeredAccountActions,
} from '../../../../electron/core/login/oauth/accountManagement.js';

const server = 'auth.example.org';
const spec = {
  uri: 'https://auth.example.org/account',
  actions: ['org.matrix.profile', 'org.matrix.devices_list', 'org.matrix.device_delete'],
};

describe('account management links', () => {
  it('offers only the links whose action the server lists', () => {
    expect(offeredAccountActions(spec)).toEqual(['profile', 'sessions', 'password']);
    expect(offeredAccountActions({ ...spec, actions: ['org.matrix.profile'] })).toEqual([
      'profile',
      'password',
    ]);
    expect(offeredAccountActions({ ...spec, actions: ['org.matrix.devices_list'] })).toEqual([
      'sessions',
    ]);
    expect(offeredAccountActions({ ...spec, actions: [] })).toEqual([]);
    expect(offeredAccountActions(null)).toEqual([]);
  });

  it('tells the window only what it can open (nothing rather than an empty list)', () => {
    expect(accountLinks(spec)).toEqual({
      actions: ['profile', 'sessions', 'password'],
      host: 'auth.example.org',
    });
    expect(accountLinks({ ...spec, actions: ['org.matrix.account_deactivate'] })).toBeNull();
    expect(accountLinks(null)).toBeNull();
  });

  it('sends the spec v1.18 action names', () => {
    expect(accountManagementUrl(spec, 'profile', server)).toBe(
      'https://auth.example.org/account?action=org.matrix.profile',
    );
    expect(accountManagementUrl(spec, 'sessions', server)).toBe(
      'https://auth.example.org/account?action=org.matrix.devices_list',
    );
  });

  it('opens the profile page for "Change password": the spec has no password action', () => {
    expect(accountManagementUrl(spec, 'password', server)).toBe(
      'https://auth.example.org/account?action=org.matrix.profile',
    );
    // Without the profile action there is no page that promises the password: no link.
    expect(() =>
      accountManagementUrl({ ...spec, actions: ['org.matrix.devices_list'] }, 'password', server),
    ).toThrow(expect.objectContaining({ code: 'ACCOUNT_ACTION_UNSUPPORTED' }));
  });

  it("uses the MSC's sessions_list where that is the name the server lists", () => {
    const older = { ...spec, actions: ['org.matrix.sessions_list'] };
    expect(offeredAccountActions(older)).toEqual(['sessions']);
    expect(accountManagementUrl(older, 'sessions', server)).toBe(
      'https://auth.example.org/account?action=org.matrix.sessions_list',
    );
  });

  it("keeps the server's own query parameters and replaces a stale action", () => {
    const withQuery = { ...spec, uri: 'https://auth.example.org/manage?tenant=7&action=x' };
    const url = new URL(accountManagementUrl(withQuery, 'profile', server));
    expect(url.searchParams.get('tenant')).toBe('7');
    expect(url.searchParams.getAll('action')).toEqual(['org.matrix.profile']);
  });

  it('refuses an action the server does not list, naming the server', () => {
    expect(() =>
      accountManagementUrl({ ...spec, actions: ['org.matrix.profile'] }, 'sessions', server),
    ).toThrow(expect.objectContaining({ code: 'ACCOUNT_ACTION_UNSUPPORTED' }));
    expect(() => accountManagementUrl(null, 'profile', server)).toThrow(/auth\.example\.org/);
  });

  it.each([
    ['http://auth.example.org/account', /unencrypted http/],
    ['javascript:alert(1)', /javascript:/],
    ['file:///etc/passwd', /file:/],
    ['https://user:pw@auth.example.org/account', /user name or password/],
    ['https://auth.example.org/account#x', /fragment/],
    ['not a url', /not a valid URL/],
  ])('refuses the stored URL %s', (uri, reason) => {
    expect(() => accountManagementUrl({ ...spec, uri }, 'profile', server)).toThrow(reason);
  });

  it('allows plain http on loopback (the test and demo servers)', () => {
    expect(
      accountManagementUrl({ ...spec, uri: 'http://127.0.0.1:8448/account' }, 'profile', server),
    ).toBe('http://127.0.0.1:8448/account?action=org.matrix.profile');
  });
});
