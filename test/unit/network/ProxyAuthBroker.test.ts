/**
 * ProxyAuthBroker (core/net/proxy/ProxyAuthBroker.ts) with in-memory settings: requests that
 * meet the same proxy at once share one prompt; known credentials are offered without asking,
 * but never again once refused; "Remember" without secure storage keeps the prompt open and
 * says why; stopping the app cancels open prompts.
 */
import { describe, expect, it } from 'vitest';
import { ProxyAuthBroker } from '../../../electron/core/net/proxy/ProxyAuthBroker.js';
import { UserWaits } from '../../../electron/core/net/userWaits.js';
import type { ProxyAuthPromptEvent } from '../../../electron/ipc/contract.js';
import { createRecordingLogger } from '../../node-platform/createNodePlatform.js';
import { testOnlySecretBox } from '../../node-platform/testOnlySecretBox.js';

const PROXY = 'http://proxy.corp:3128';
const ANN = { username: 'ann', password: 'pw' };

function broker(secureStorage = true, waits = new UserWaits()) {
  const values = new Map<string, unknown>();
  const shown: (ProxyAuthPromptEvent | null)[] = [];
  const auth = new ProxyAuthBroker(
    {
      secrets: { ...testOnlySecretBox, isAvailable: () => secureStorage },
      settings: {
        get: (k) => values.get(k),
        set: (k, v) => void values.set(k, v),
        delete: (k) => void values.delete(k),
      },
      log: createRecordingLogger(),
    },
    (prompt) => shown.push(prompt),
    waits,
  );
  return { auth, shown, values };
}

describe('ProxyAuthBroker', () => {
  it('shares one prompt between requests that meet the proxy at once', async () => {
    const { auth, shown } = broker();
    const first = auth.authenticate({ proxy: PROXY, refused: null });
    const second = auth.authenticate({ proxy: PROXY, refused: null });
    expect(shown).toEqual([{ id: 'proxy-auth-1', proxy: PROXY, refused: false }]);
    auth.answer('proxy-auth-1', { ...ANN, remember: false });
    await expect(first).resolves.toEqual(ANN);
    await expect(second).resolves.toEqual(ANN);
    expect(shown.at(-1)).toBeNull();
    // Known now: offered without asking.
    await expect(auth.authenticate({ proxy: PROXY, refused: null })).resolves.toEqual(ANN);
    expect(shown).toHaveLength(2);
  });

  it('asks again, saying so, instead of offering credentials the proxy refused', async () => {
    const { auth, shown } = broker();
    const asking = auth.authenticate({ proxy: PROXY, refused: null });
    auth.answer('proxy-auth-1', { ...ANN, remember: true });
    await asking;
    const again = auth.authenticate({ proxy: PROXY, refused: ANN });
    expect(shown.at(-1)).toEqual({ id: 'proxy-auth-2', proxy: PROXY, refused: true });
    auth.answer('proxy-auth-2', null);
    await expect(again).resolves.toBeNull();
  });

  it('keeps the prompt open when "Remember" is impossible, and says why', async () => {
    const { auth, shown, values } = broker(false);
    const asking = auth.authenticate({ proxy: PROXY, refused: null });
    expect(() => auth.answer('proxy-auth-1', { ...ANN, remember: true })).toThrow(
      'The sign-in for the proxy http://proxy.corp:3128 cannot be remembered: This system offers no secure storage, so the proxy password is not kept.',
    );
    expect(values.size).toBe(0);
    expect(auth.current()?.id).toBe('proxy-auth-1');
    auth.answer('proxy-auth-1', { ...ANN, remember: false });
    await expect(asking).resolves.toEqual(ANN);
    expect(shown.at(-1)).toBeNull();
  });

  it('cancels open prompts when the app stops', async () => {
    const { auth, shown } = broker();
    const asking = auth.authenticate({ proxy: PROXY, refused: null });
    auth.cancelAll();
    await expect(asking).resolves.toBeNull();
    expect(shown.at(-1)).toBeNull();
  });

  it('holds request deadlines while a prompt is open: answered or cancelled, they run again', async () => {
    const waits = new UserWaits();
    const { auth } = broker(true, waits);
    const asking = auth.authenticate({ proxy: PROXY, refused: null });
    const other = auth.authenticate({ proxy: 'http://other.corp:8080', refused: null });
    expect(waits.waiting).toBe(true);
    auth.answer('proxy-auth-1', { ...ANN, remember: false });
    await asking;
    expect(waits.waiting).toBe(true); // the other proxy's prompt is still open
    auth.cancelAll();
    await expect(other).resolves.toBeNull();
    expect(waits.waiting).toBe(false);
  });

  it('keeps holding them while "Remember" failed and the prompt stays open', () => {
    const waits = new UserWaits();
    const { auth } = broker(false, waits);
    void auth.authenticate({ proxy: PROXY, refused: null });
    expect(() => auth.answer('proxy-auth-1', { ...ANN, remember: true })).toThrow();
    expect(waits.waiting).toBe(true);
    auth.answer('proxy-auth-1', { ...ANN, remember: false });
    expect(waits.waiting).toBe(false);
  });
});
