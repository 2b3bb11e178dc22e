import { ConnectionError } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { findCertificateProblem } from '../../../electron/core/net/certificateProblem.js';
import { describeRequestError } from '../../../electron/core/net/describeRequestError.js';

/** undici's fetch failure: TypeError('fetch failed') with the TLS socket's error as cause. */
function fetchFailed(code: string): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
}

describe('findCertificateProblem', () => {
  it('names an unknown certificate authority from Node and from Chromium', () => {
    expect(findCertificateProblem(fetchFailed('UNABLE_TO_VERIFY_LEAF_SIGNATURE'))).toBe(
      'its TLS certificate is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE: it is not signed by a certificate authority this app trusts)',
    );
    expect(findCertificateProblem(new TypeError('net::ERR_CERT_AUTHORITY_INVALID'))).toContain(
      'ERR_CERT_AUTHORITY_INVALID: it is not signed by a certificate authority',
    );
  });

  it('names an expired certificate, and ignores what is not a certificate problem', () => {
    expect(findCertificateProblem(fetchFailed('CERT_HAS_EXPIRED'))).toContain('it has expired');
    expect(findCertificateProblem(fetchFailed('ECONNREFUSED'))).toBeNull();
    expect(findCertificateProblem(undefined)).toBeNull();
  });
});

describe('describeRequestError on a certificate failure', () => {
  it('says the connection was not secure, naming the server, instead of "could not reach"', () => {
    // The SDK keeps only the cause's message; Electron's net puts Chromium's error code there.
    const error = new ConnectionError(
      'fetch failed',
      new TypeError('net::ERR_CERT_AUTHORITY_INVALID'),
    );
    const described = describeRequestError(error, 'https://matrix.corp.example:8448', 'sign-in');
    expect(described.message).toBe(
      'Could not connect securely to matrix.corp.example:8448 for sign-in: its TLS certificate is not trusted (ERR_CERT_AUTHORITY_INVALID: it is not signed by a certificate authority this app trusts).',
    );
  });
});
