/**
 * The threepid commands' payloads: validated strictly, and a validation in progress is named
 * only by main's opaque handle, so no client_secret or sid can be sent from the window.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { commandSchemas } from '../../../electron/ipc/contract.js';

const HANDLE = '3f1c2b7e-9a4d-4c1e-8b2a-0d5e6f7a8b9c';

describe('threepid command schemas', () => {
  it('accepts a handle and a code', () => {
    expect(
      v.safeParse(commandSchemas.threepidShareSubmit, { handle: HANDLE, code: '123456' }).success,
    ).toBe(true);
  });

  it.each([
    ['a sid in place of the handle', { handle: '1', code: null }],
    ['a client_secret next to the handle', { handle: HANDLE, code: null, client_secret: 'x' }],
    ['no code key at all', { handle: HANDLE }],
  ])('refuses %s', (_what, payload) => {
    expect(v.safeParse(commandSchemas.threepidShareSubmit, payload).success).toBe(false);
  });

  it('refuses an unknown medium and an oversized address', () => {
    expect(
      v.safeParse(commandSchemas.threepidShareStart, { medium: 'fax', address: 'x' }).success,
    ).toBe(false);
    expect(
      v.safeParse(commandSchemas.threepidRemove, { medium: 'email', address: 'a'.repeat(321) })
        .success,
    ).toBe(false);
  });

  it('takes a default country only as two capital letters', () => {
    const add = (defaultCountry: unknown) =>
      v.safeParse(commandSchemas.threepidAddStart, {
        medium: 'msisdn',
        address: '07700 900123',
        defaultCountry,
      }).success;
    expect(add('GB')).toBe(true);
    expect(add(null)).toBe(true);
    expect(add('gb')).toBe(false);
  });
});
