import { describe, expect, it } from 'vitest';
import type { IdentityServerConnection } from '../../../electron/core/identity/IdentityServerConnection.js';
import {
  IdentityRequestGate,
  type GateRules,
} from '../../../electron/core/identity/IdentityRequestGate.js';

const IS = 'https://is.example';

function gateWith(rules: Partial<GateRules>) {
  const opened: string[] = [];
  const gate = new IdentityRequestGate(
    {
      known: Promise.resolve(),
      activeUrl: () => IS,
      whyNoActiveServer: () => 'identity server use is turned off for your account',
      termsAccepted: () => true,
      ...rules,
    },
    (url) => {
      opened.push(url);
      return { url } as IdentityServerConnection;
    },
  );
  return { gate, opened };
}

describe('IdentityRequestGate', () => {
  it('opens nothing until the account data is known', async () => {
    let know: () => void = () => {};
    const { gate, opened } = gateWith({ known: new Promise<void>((resolve) => (know = resolve)) });
    const pending = gate.open('https://candidate.example', 'candidate');
    // Every promise continuation has run (setImmediate waits for an empty microtask queue) and
    // nothing else is pending: had open() not waited for `known`, it would have opened by now.
    await new Promise((resolve) => setImmediate(resolve));
    expect(opened).toEqual([]);
    know();
    await pending;
    expect(opened).toEqual(['https://candidate.example']);
  });

  it('refuses calls for the active server when there is none', async () => {
    const { gate, opened } = gateWith({ activeUrl: () => null });
    await expect(gate.open(IS, 'active')).rejects.toMatchObject({ code: 'IDENTITY_NONE' });
    await expect(gate.open(IS, 'threepid')).rejects.toThrow(/turned off for your account/);
    expect(opened).toEqual([]);
  });

  it('refuses calls for a server that is no longer the active one', async () => {
    const { gate } = gateWith({ activeUrl: () => 'https://new.example' });
    await expect(gate.open(IS, 'threepid')).rejects.toMatchObject({ code: 'IDENTITY_CHANGED' });
  });

  it('sends no address to a server whose terms are not accepted here', async () => {
    const { gate, opened } = gateWith({ termsAccepted: () => false });
    await expect(gate.open(IS, 'threepid')).rejects.toMatchObject({
      code: 'IDENTITY_TERMS_NOT_ACCEPTED',
    });
    expect(opened).toEqual([]);
    await gate.open(IS, 'active'); // registering and accepting terms carry no address
    expect(opened).toEqual([IS]);
  });

  it('lets the user check any server and log out of old ones', async () => {
    const { gate, opened } = gateWith({ activeUrl: () => null });
    await gate.open('https://candidate.example', 'candidate');
    await gate.open('https://old.example', 'retire');
    expect(opened).toEqual(['https://candidate.example', 'https://old.example']);
  });
});
