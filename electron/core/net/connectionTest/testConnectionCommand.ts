/**
 * The `testConnection` command: which server (the one given, else the signed-in homeserver),
 * which proxy (the setting in force, with its sealed credentials) and the platform's probes,
 * handed to runConnectionTest. Nothing secret is in the result: the proxy appears as its URL,
 * which never carries credentials.
 */
import type { ConnectionTestResult } from './connectionTestResult.js';
import type { Platform } from '../../platform.js';
import { UserFacingError } from '../../UserFacingError.js';
import { ProxyCredentialStore } from '../proxy/proxyCredentials.js';
import { describeProxy, type ProxySetting } from '../proxy/proxySetting.js';
import { checkBaseUrl } from '../urlPolicy.js';
import { runConnectionTest } from './runConnectionTest.js';

export async function testConnection(
  platform: Platform,
  proxy: ProxySetting,
  requested: string | null,
  signedInServer: string | null,
): Promise<ConnectionTestResult> {
  const raw = requested ?? signedInServer;
  if (raw === null) {
    throw new UserFacingError('NO_SERVER', 'Enter a server address to test the connection to.');
  }
  // What the user typed on the sign-in screen may be a bare name: test it over https.
  const verdict = checkBaseUrl(raw.includes('://') ? raw : `https://${raw}`);
  if (!verdict.ok) {
    throw new UserFacingError('INVALID_SERVER', `Cannot test ${raw}: ${verdict.reason}.`);
  }
  if (!platform.connectionProbes) {
    throw new UserFacingError('UNAVAILABLE', 'Test connection is not available here.');
  }
  const credentials =
    proxy.mode === 'manual' ? new ProxyCredentialStore(platform).load(proxy.url) : null;
  const report = await runConnectionTest({
    server: verdict.url,
    proxy,
    proxyCredentials: credentials,
    probes: platform.connectionProbes,
    fetch: platform.fetch,
    clock: platform.clock,
  });
  return { ...report, proxy: describeProxy(proxy) };
}
