import { SyncState } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { connectionStatusFromSdk } from '../../../electron/core/net/sdkSyncStatus.js';

const facts = { server: 'https://hs.example.org', attempt: 2, retryInMs: 4_000, now: 10_000 };

describe('connectionStatusFromSdk', () => {
  it('maps the states in which the SDK gets answers to connected', () => {
    for (const state of [SyncState.Prepared, SyncState.Syncing, SyncState.Catchup]) {
      expect(connectionStatusFromSdk(state, facts)).toEqual({ state: 'connected' });
    }
  });

  it('maps Reconnecting and Error to reconnecting and offline, with the wait the caller knows', () => {
    const error = new TypeError('fetch failed');
    expect(connectionStatusFromSdk(SyncState.Reconnecting, { ...facts, error })).toEqual({
      state: 'reconnecting',
      server: 'hs.example.org',
      problem: 'the connection failed',
      attempt: 2,
      retryInMs: 4_000,
      nextTryAt: 14_000,
    });
    expect(connectionStatusFromSdk(SyncState.Error, facts)).toMatchObject({
      state: 'offline',
      attempt: 2,
    });
  });

  it('has nothing to say once the loop has stopped', () => {
    expect(connectionStatusFromSdk(SyncState.Stopped, facts)).toBeNull();
  });
});
