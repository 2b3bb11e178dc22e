/**
 * One CA certificate as the user sees it: subject, issuer, validity and SHA-256 fingerprint
 * (colon-separated hex, as browsers and `openssl x509 -fingerprint -sha256` show it).
 */
import { X509Certificate } from 'node:crypto';

export interface CaSummary {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  sha256: string;
}

export function summariseCa(pem: string): CaSummary {
  const cert = new X509Certificate(pem);
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
    sha256: cert.fingerprint256,
  };
}

/** A CA that can anchor trust: marked as a CA and signed by itself (a root). */
export function isSelfSignedCa(pem: string): boolean {
  const cert = new X509Certificate(pem);
  return cert.ca && cert.checkIssued(cert) && cert.verify(cert.publicKey);
}

/** Node gives "CN=x\nO=y": one line for a sentence or a list. */
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}
