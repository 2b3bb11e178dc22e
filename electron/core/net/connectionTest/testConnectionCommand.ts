/**
 * The `testConnection` command: which server (the one given, else the signed-in homeserver),
 * which proxy (the setting in force, with its credentials) and the platform's probes, handed to
 * runConnectionTest. Nothing secret is in the result: the proxy appears as its URL, which never
 * carries credentials.
 */
import type { ConnectionTestResult } from './connectionTestResult.js';
import type { Platform } from '../../platform.js';
import { UserFacingError } from '../../UserFacingError.js';
import type { ProxyCredentials } from '../proxy/proxyCredentials.js';
import { describeProxy, type ProxySetting } from '../proxy/proxySetting.js';
import { checkBaseUrl } from '../urlPolicy.js';
import {
  runConnectionTest,
  UNKNOWN_AUTHORITY_CODES,
  type ConnectionTestReport,
} from './runConnectionTest.js';

/** Credentials known for a proxy without asking the user (ProxyAuthBroker.known). */
export type KnownProxyCredentials = (proxyUrl: string) => ProxyCredentials | null;

export async function testConnection(
  platform: Platform,
  proxy: ProxySetting,
  requested: string | null,
  signedInServer: string | null,
  credentialsFor: KnownProxyCredentials,
): Promise<ConnectionTestResult> {
  const report = await runTestFor(platform, proxy, requested, signedInServer, credentialsFor);
  const { chain: _chain, tlsProblem, ...shown } = report;
  return {
    ...shown,
    proxy: describeProxy(proxy),
    // The chain itself stays in main: trustCaCheck fetches it again and keeps what it shows.
    canTrustIssuer: tlsProblem !== null && UNKNOWN_AUTHORITY_CODES.has(tlsProblem),
  };
}

/** The report with the chain the server sent (for "Trust this certificate authority"). */
export async function runTestFor(
  platform: Platform,
  proxy: ProxySetting,
  requested: string | null,
  signedInServer: string | null,
  credentialsFor: KnownProxyCredentials,
): Promise<ConnectionTestReport> {
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
  return runConnectionTest({
    server: verdict.url,
    proxy,
    proxyCredentials: proxy.mode === 'manual' ? credentialsFor(proxy.url) : null,
    probes: platform.connectionProbes,
    fetch: platform.fetch,
    clock: platform.clock,
  });
}
