/**
 * What the crypto store tests share: a MatrixClient that never reaches a server (Rust crypto
 * needs none to create or restore a device; the backup check it makes at start gets a 404), and
 * a Node platform in a temporary data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type MatrixClient } from 'matrix-js-sdk';
import { createSdkLogger } from '../../../electron/core/net/sdkLogger.js';
import type { Logger, Platform } from '../../../electron/core/platform.js';
import { createNodePlatform } from '../../node-platform/createNodePlatform.js';

export const USER_ID = '@alice:crypto.test';
export const DEVICE_ID = 'ALICEDEVICE';

export const silentLog: Logger = { info() {}, warn() {}, error() {} };

export function offlineClient(userId = USER_ID, deviceId = DEVICE_ID): MatrixClient {
  return createClient({
    baseUrl: 'https://crypto.test',
    userId,
    deviceId,
    accessToken: 'not-a-real-token',
    logger: createSdkLogger(silentLog),
    fetchFn: async () =>
      new Response(JSON.stringify({ errcode: 'M_NOT_FOUND', error: 'No backup' }), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      }),
  });
}

export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'crypto-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function testPlatform(dataDir: string, log: Logger = silentLog): Platform {
  return createNodePlatform({ dataDir, log });
}
