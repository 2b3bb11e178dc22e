/**
 * The extra CAs applied to Chromium (every request of the app goes through
 * session.defaultSession): the managed `extra_ca_certificates` and the ones the user chose to
 * trust ("Trust this certificate authority", electronNetworkControl.ts). A certificate Chromium
 * rejects only because its root is unknown is accepted when its chain leads to one of them. Everything else keeps
 * Chromium's own verdict (-3): never a global "ignore certificate errors".
 *
 * Chromium's errorCode names one error, so the chain is checked again here with Node's
 * X509Certificate: host name, validity dates and every signature up to the trusted CA.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { Certificate, Request as VerifyRequest, Session } from 'electron';

/** Chromium's net::ERR_CERT_AUTHORITY_INVALID: the chain ends in a root it does not trust. */
export const CERT_AUTHORITY_INVALID = -202;
/** setCertificateVerifyProc's answers. */
export const ACCEPT = 0;
export const USE_CHROMIUM_VERDICT = -3;

/** The trusted extra CAs, read at each verification so a changed list applies at once. */
export type TrustedCaPems = () => readonly string[];

export function trustPrivateCas(
  session: Pick<Session, 'setCertificateVerifyProc'>,
  trusted: TrustedCaPems,
  now: () => Date = () => new Date(),
): void {
  session.setCertificateVerifyProc((request, callback) => {
    callback(verdictFor(request, trusted(), now()));
  });
}

export function verdictFor(
  request: Pick<VerifyRequest, 'hostname' | 'certificate' | 'errorCode'>,
  trustedPems: readonly string[],
  now: Date,
): number {
  if (request.errorCode !== CERT_AUTHORITY_INVALID || trustedPems.length === 0) {
    return USE_CHROMIUM_VERDICT;
  }
  try {
    const trusted = trustedPems.map((pem) => new X509Certificate(pem));
    const chain = chainOf(request.certificate);
    const leaf = chain[0];
    if (!leaf || !namesHost(leaf, request.hostname)) return USE_CHROMIUM_VERDICT;
    for (let i = 0; i < chain.length; i++) {
      const cert = chain[i]!;
      if (!isCurrent(cert, now)) return USE_CHROMIUM_VERDICT;
      // The server sent one of the trusted CAs itself (same bytes, same fingerprint).
      if (trusted.some((ca) => ca.fingerprint256 === cert.fingerprint256)) return ACCEPT;
      // The trusted CA signed this certificate (the server did not send the root).
      if (trusted.some((ca) => isCurrent(ca, now) && issuedBy(cert, ca))) return ACCEPT;
      const next = chain[i + 1];
      if (!next || !issuedBy(cert, next)) return USE_CHROMIUM_VERDICT;
    }
  } catch {
    // A certificate Node cannot parse: Chromium's verdict stands.
  }
  return USE_CHROMIUM_VERDICT;
}

/** The chain as Chromium hands it over: the leaf, then each issuerCert (a self-signed root ends it). */
function chainOf(certificate: Certificate): X509Certificate[] {
  const chain: X509Certificate[] = [];
  let current: Certificate | undefined = certificate;
  while (current && chain.length < 10) {
    const parsed = new X509Certificate(current.data);
    if (chain.some((seen) => seen.fingerprint256 === parsed.fingerprint256)) break;
    chain.push(parsed);
    current = current.issuerCert;
  }
  return chain;
}

function namesHost(leaf: X509Certificate, hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? leaf.checkIP(host) !== undefined : leaf.checkHost(host) !== undefined;
}

function isCurrent(cert: X509Certificate, now: Date): boolean {
  return new Date(cert.validFrom) <= now && now <= new Date(cert.validTo);
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return issuer.ca && cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
}
