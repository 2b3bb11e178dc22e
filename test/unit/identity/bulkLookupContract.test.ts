/** The bulk lookup commands' payload limits, as main's dispatch enforces them. */
import { describe, expect, it } from 'vitest';
import { commandNames, type CommandHandlers } from '../../../electron/ipc/contract.js';
import { dispatchCommand } from '../../../electron/ipc/dispatch.js';

function recording(calls: unknown[]): CommandHandlers {
  return Object.fromEntries(
    commandNames.map((name) => [name, async (request: unknown) => calls.push(request)]),
  ) as unknown as CommandHandlers;
}

const entries = (count: number, address = 'a@example.org') =>
  Array.from({ length: count }, () => ({ address, medium: null }));

describe('bulkLookup payloads', () => {
  it('accepts 10,000 addresses of up to 320 characters', async () => {
    const calls: unknown[] = [];
    const result = await dispatchCommand(recording(calls), 'bulkLookup', {
      lookupId: 'l1',
      entries: entries(10_000, 'x'.repeat(320)),
      defaultCountry: 'GB',
    });
    expect(result.ok).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it.each([
    ['10,001 addresses', { lookupId: 'l1', entries: entries(10_001), defaultCountry: null }],
    [
      'an address over 320',
      { lookupId: 'l1', entries: entries(1, 'x'.repeat(321)), defaultCountry: null },
    ],
    [
      'an unknown medium',
      { lookupId: 'l1', entries: [{ address: 'a', medium: 'fax' }], defaultCountry: null },
    ],
    ['a lower-case country', { lookupId: 'l1', entries: entries(1), defaultCountry: 'gb' }],
    ['an extra key', { lookupId: 'l1', entries: entries(1), defaultCountry: null, token: 'x' }],
    ['an empty id', { lookupId: ' ', entries: entries(1), defaultCountry: null }],
  ])('refuses %s without calling the handler', async (_what, request) => {
    const calls: unknown[] = [];
    const result = await dispatchCommand(recording(calls), 'bulkLookup', request);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(calls).toHaveLength(0);
  });

  it('cancel and consent take only their own fields', async () => {
    const calls: unknown[] = [];
    const handlers = recording(calls);
    expect((await dispatchCommand(handlers, 'bulkLookupCancel', { lookupId: 'l1' })).ok).toBe(true);
    expect(
      (
        await dispatchCommand(handlers, 'bulkLookupConsentNone', {
          server: 'https://is',
          allow: true,
        })
      ).ok,
    ).toBe(true);
    expect(
      (
        await dispatchCommand(handlers, 'bulkLookupConsentNone', {
          server: 'https://is',
          allow: 'yes',
        })
      ).ok,
    ).toBe(false);
    expect(calls).toHaveLength(2);
  });
});
