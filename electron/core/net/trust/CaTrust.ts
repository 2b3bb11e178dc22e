/**
 * "Trust this certificate authority" (issue 12): when a server's certificate is refused only
 * because its issuer is unknown, the app fetches the chain the server sends (over the same
 * route as Test connection: the proxy, then TLS), shows the root CA at its top (subject and
 * SHA-256 fingerprint), and on the user's confirmation adds exactly that certificate to the
 * user's trusted CAs, applied to every request at once. The renderer only ever names a
 * fingerprint main showed it: it cannot hand main a certificate of its own.
 *
 * A server that does not send its root cannot be trusted this way (trusting the intermediate
 * would not be what Chromium and OpenSSL check against): the user is told to get the CA file
 * from their IT department. Never a global "ignore certificate errors".
 */
import { X509Certificate } from 'node:crypto';
import type { Platform } from '../../platform.js';
import { UserFacingError } from '../../UserFacingError.js';
import { UNKNOWN_AUTHORITY_CODES } from '../connectionTest/runConnectionTest.js';
import { runTestFor, type KnownProxyCredentials } from '../connectionTest/testConnectionCommand.js';
import type { CaCandidate, TrustedCa } from '../proxy/networkSettings.js';
import type { ProxySetting } from '../proxy/proxySetting.js';
import { isSelfSignedCa, summariseCa } from './caCertificate.js';
import { TrustedCaStore } from './TrustedCaStore.js';

/** Candidates shown and not yet confirmed, by fingerprint; a few are plenty. */
const MAX_OFFERED = 8;

export class CaTrust {
  private readonly store: TrustedCaStore;
  private readonly offered = new Map<string, string>();

  constructor(private readonly platform: Platform) {
    this.store = new TrustedCaStore(platform);
  }

  list(): TrustedCa[] {
    return this.store.list();
  }

  /** Hands the stored CAs to the platform (at start). */
  async applyAtStart(): Promise<void> {
    await this.platform.network?.setUserCas(this.store.pems());
  }

  /** The CA that would make `server`'s certificate trusted, for the user to confirm. */
  async check(
    server: string | null,
    signedInServer: string | null,
    proxy: ProxySetting,
    credentialsFor: KnownProxyCredentials,
  ): Promise<CaCandidate> {
    const report = await runTestFor(this.platform, proxy, server, signedInServer, credentialsFor);
    const host = new URL(report.server).host;
    const tls = report.steps.find((s) => s.step === 'tls');
    if (!tls || tls.outcome === 'skipped') {
      if (report.failure) throw new UserFacingError('CONNECTION_FAILED', report.failure);
      throw new UserFacingError('NOT_TLS', `${host} does not use TLS: there is no certificate.`);
    }
    if (tls.outcome === 'ok') {
      throw new UserFacingError(
        'ALREADY_TRUSTED',
        `The certificate of ${host} is already trusted.`,
      );
    }
    if (!report.tlsProblem || !UNKNOWN_AUTHORITY_CODES.has(report.tlsProblem)) {
      throw new UserFacingError(
        'NOT_AN_AUTHORITY_PROBLEM',
        `${tls.detail} Trusting a certificate authority would not fix this.`,
      );
    }
    const root = rootOf(report.chain);
    if (!root) {
      const top = report.chain.at(-1);
      const issuer = top ? summariseCa(top).issuer : 'an unknown authority';
      throw new UserFacingError(
        'ROOT_NOT_SENT',
        `${host} does not send the certificate authority at the top of its chain (${issuer}), so it cannot be trusted from here. Ask your IT department for that CA certificate (administrators can list it in extra_ca_certificates).`,
      );
    }
    const summary = summariseCa(root);
    if (this.offered.size >= MAX_OFFERED) this.offered.clear();
    this.offered.set(summary.sha256, root);
    return { server: host, ...summary };
  }

  /** Trusts a CA `check` offered, by its fingerprint; every later connection trusts it. */
  async trust(sha256: string): Promise<void> {
    const pem = this.offered.get(sha256);
    if (!pem) {
      throw new UserFacingError(
        'NOT_OFFERED',
        `The certificate authority ${sha256} was not offered here; check the server again.`,
      );
    }
    try {
      this.store.add(pem);
    } catch (error) {
      throw new UserFacingError(
        'CANNOT_TRUST',
        `The certificate authority cannot be trusted: ${error instanceof Error ? error.message : String(error)}.`,
      );
    }
    this.offered.delete(sha256);
    await this.platform.network?.setUserCas(this.store.pems());
  }

  /** Stops trusting it: the next connection to a server it signed fails again. */
  async remove(sha256: string): Promise<void> {
    if (!this.store.remove(sha256)) {
      throw new UserFacingError(
        'NOT_TRUSTED',
        `The certificate authority ${sha256} is not among the ones you trust.`,
      );
    }
    await this.platform.network?.setUserCas(this.store.pems());
  }
}

/**
 * The self-signed CA at the top of the chain as sent, when each certificate is signed by the
 * next one up to it; else null (the server did not send its root, or sent an unrelated one).
 */
function rootOf(chain: readonly string[]): string | null {
  const certs = chain.map((pem) => new X509Certificate(pem));
  if (certs.length < 2) return null;
  for (let i = 0; i + 1 < certs.length; i++) {
    const issuer = certs[i + 1]!;
    if (!issuer.ca || !certs[i]!.checkIssued(issuer) || !certs[i]!.verify(issuer.publicKey)) {
      return null;
    }
  }
  const top = chain.at(-1)!;
  return isSelfSignedCa(top) ? top : null;
}
