/**
 * lookupContact reads addresses with the same parser as bulk lookups (lookup/contactAddress.ts):
 * a number written with the "(0)" trunk prefix some people keep after the country code is the
 * same MSISDN, so it finds the same person.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { changeTo, startHarness, type Harness } from './identityHarness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('lookupContact address parsing', () => {
  it('finds a number written as "+44 (0)7700 900123"', async () => {
    harness = await startHarness({
      identityServer: {
        bindings: [{ medium: 'msisdn', address: '447700900123', mxid: '@carol:hs.example' }],
      },
    });
    await harness.manager.start();
    await changeTo(harness.manager, harness.is.baseUrl);
    await expect(
      harness.manager.lookupContact({ medium: 'msisdn', address: '+44 (0)7700 900123' }),
    ).resolves.toEqual({ userId: '@carol:hs.example' });
  });

  it('refuses what is not an email address, saying so', async () => {
    harness = await startHarness();
    await harness.manager.start();
    await changeTo(harness.manager, harness.is.baseUrl);
    harness.is.resetRequests();
    await expect(
      harness.manager.lookupContact({ medium: 'email', address: 'alice at example.org' }),
    ).rejects.toMatchObject({ code: 'IDENTITY_BAD_ADDRESS' });
    expect(harness.is.requests()).toEqual([]);
  });
});
