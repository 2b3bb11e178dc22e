import { describe, expect, it } from 'vitest';
import { parseLoginFlows } from '../../../electron/core/login/loginFlows.js';

describe('parseLoginFlows', () => {
  it('reads password and SSO with identity providers', () => {
    const flows = parseLoginFlows({
      flows: [
        { type: 'm.login.password' },
        {
          type: 'm.login.sso',
          identity_providers: [{ id: 'oidc-corp', name: 'Corp SSO' }, { id: 'gh' }],
        },
        { type: 'm.login.token' },
      ],
    });
    expect(flows).toEqual({
      password: true,
      sso: [
        { id: 'oidc-corp', name: 'Corp SSO' },
        { id: 'gh', name: 'gh' },
      ],
    });
  });

  it('offers generic SSO when no provider is listed', () => {
    expect(parseLoginFlows({ flows: [{ type: 'm.login.sso' }] }).sso).toEqual([
      { id: null, name: 'single sign-on' },
    ]);
  });

  it('ignores malformed answers instead of failing', () => {
    expect(parseLoginFlows('nope')).toEqual({ password: false, sso: [] });
    expect(parseLoginFlows({ flows: [null, 3, { type: 7 }] })).toEqual({
      password: false,
      sso: [],
    });
  });

  it('drops identity providers whose id is outside the spec grammar (found by fuzzing)', () => {
    const flows = parseLoginFlows({
      flows: [
        {
          type: 'm.login.sso',
          identity_providers: [
            { id: ' padded ' },
            { id: 'a/../b' },
            { id: '..' },
            { id: '.' },
            { id: 'oidc-ok_1.~' },
          ],
        },
      ],
    });
    expect(flows.sso).toEqual([{ id: 'oidc-ok_1.~', name: 'oidc-ok_1.~' }]);
  });
});
