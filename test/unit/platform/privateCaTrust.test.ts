/**
 * The Electron verify proc for the managed extra CAs, against a fake session standing in for
 * Electron's: Chromium's request carries the certificate as PEM with its issuerCert chain.
 */
import type { Certificate } from 'electron';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACCEPT,
  CERT_AUTHORITY_INVALID,
  trustPrivateCas,
  USE_CHROMIUM_VERDICT,
  verdictFor,
} from '../../../electron/platform/privateCaTrust.js';
import { tlsMaterialFor, type TlsMaterial } from '../../fixtures/shared/tlsMaterial.js';

let own: TlsMaterial;
let other: TlsMaterial;
beforeAll(async () => {
  [own, other] = await Promise.all([
    tlsMaterialFor({ freshCertificate: true })!,
    tlsMaterialFor({ freshCertificate: true })!,
  ]);
});

const NOW = new Date();

function cert(pem: string, issuerCert?: Certificate): Certificate {
  return { data: pem, ...(issuerCert ? { issuerCert } : {}) } as Certificate;
}

function request(
  certificate: Certificate,
  hostname = 'localhost',
  errorCode = CERT_AUTHORITY_INVALID,
) {
  return { hostname, certificate, errorCode };
}

describe('verdictFor', () => {
  it('accepts an unknown-root certificate signed by a trusted extra CA (root not sent)', () => {
    expect(verdictFor(request(cert(own.certPem)), [own.caPem], NOW)).toBe(ACCEPT);
  });

  it('accepts when the chain Chromium built ends in the trusted CA itself', () => {
    const chain = cert(own.certPem, cert(own.caPem));
    expect(verdictFor(request(chain, '127.0.0.1'), [other.caPem, own.caPem], NOW)).toBe(ACCEPT);
  });

  it("keeps Chromium's verdict when the CA is not in the list", () => {
    expect(verdictFor(request(cert(own.certPem)), [other.caPem], NOW)).toBe(USE_CHROMIUM_VERDICT);
    expect(verdictFor(request(cert(own.certPem)), [], NOW)).toBe(USE_CHROMIUM_VERDICT);
  });

  it("keeps Chromium's verdict for any error other than an unknown root", () => {
    const nameInvalid = -200;
    expect(verdictFor(request(cert(own.certPem), 'localhost', nameInvalid), [own.caPem], NOW)).toBe(
      USE_CHROMIUM_VERDICT,
    );
    expect(verdictFor(request(cert(own.certPem), 'localhost', 0), [own.caPem], NOW)).toBe(
      USE_CHROMIUM_VERDICT,
    );
  });

  it('refuses a host name the certificate does not name', () => {
    expect(verdictFor(request(cert(own.certPem), 'matrix.example.org'), [own.caPem], NOW)).toBe(
      USE_CHROMIUM_VERDICT,
    );
  });

  it('refuses a chain that names the trusted CA as issuer of a certificate it did not sign', () => {
    const forged = cert(other.certPem, cert(own.caPem));
    expect(verdictFor(request(forged), [own.caPem], NOW)).toBe(USE_CHROMIUM_VERDICT);
  });

  it('refuses an expired certificate', () => {
    const later = new Date(NOW.getTime() + 20 * 365 * 24 * 3600 * 1000);
    expect(verdictFor(request(cert(own.certPem)), [own.caPem], later)).toBe(USE_CHROMIUM_VERDICT);
  });
});

describe('trustPrivateCas', () => {
  it('installs a verify proc that reads the trusted list at each verification', () => {
    let proc: ((req: never, callback: (verdict: number) => void) => void) | undefined;
    const session = {
      setCertificateVerifyProc: (p: typeof proc) => {
        proc = p;
      },
    };
    let trusted: string[] = [];
    trustPrivateCas(session as never, () => trusted);
    const verdicts: number[] = [];
    proc!(request(cert(own.certPem)) as never, (v) => verdicts.push(v));
    trusted = [own.caPem];
    proc!(request(cert(own.certPem)) as never, (v) => verdicts.push(v));
    expect(verdicts).toEqual([USE_CHROMIUM_VERDICT, ACCEPT]);
  });
});
