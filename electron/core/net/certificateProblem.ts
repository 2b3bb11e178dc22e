/**
 * A failed request whose cause is the server's TLS certificate, named as such: "could not be
 * reached" sends a user to check the address and the network, when the fix is a certificate
 * authority to trust (the managed `extra_ca_certificates`) or a certificate to renew.
 */

/** Node's (OpenSSL's) codes and Chromium's net errors for a certificate the app will not trust. */
const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_CERT_AUTHORITY_INVALID',
]);
const OTHER_CERTIFICATE_ERRORS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it does not name this server',
  ERR_CERT_DATE_INVALID: 'it has expired or is not valid yet',
  ERR_CERT_COMMON_NAME_INVALID: 'it does not name this server',
  ERR_CERT_REVOKED: 'it was revoked',
  ERR_CERT_INVALID: 'it is invalid',
};

/**
 * "its TLS certificate is not trusted (CODE: why)" when `error` (or a cause of it) is a
 * certificate failure, else null. Phrased to follow "Cannot use <server>: ".
 */
export function findCertificateProblem(error: unknown): string | null {
  const code = certificateErrorCode(error);
  if (!code) return null;
  const why = UNKNOWN_AUTHORITY.has(code)
    ? 'it is not signed by a certificate authority this app trusts'
    : OTHER_CERTIFICATE_ERRORS[code];
  return `its TLS certificate is not trusted (${code}: ${why})`;
}

function certificateErrorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    const { code, message, cause } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && isCertificateCode(code)) return code;
    // Chromium (Electron's net) reports "net::ERR_CERT_AUTHORITY_INVALID" in the message.
    const chromium = typeof message === 'string' ? /net::(ERR_CERT_[A-Z_]+)/.exec(message) : null;
    if (chromium?.[1]) return chromium[1];
    current = cause;
  }
  return null;
}

function isCertificateCode(code: string): boolean {
  return UNKNOWN_AUTHORITY.has(code) || code in OTHER_CERTIFICATE_ERRORS;
}
