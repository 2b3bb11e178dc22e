/**
 * The low-level network steps Test connection needs (name lookup, a TCP connection, an HTTP
 * proxy's CONNECT, a TLS handshake that reports the certificate instead of only failing). The
 * core only orchestrates and words them (runConnectionTest.ts); the platform provides these, on
 * Node's dns, net and tls (electron/platform/nodeConnectionProbes.ts), so the core stays free of
 * a networking stack and tests can inject failures.
 */

/** An open connection a later step continues on (the proxy tunnel, then TLS). */
export interface ProbeSocket {
  close(): void;
}

/** A probe failure: `code` is the system's (ECONNREFUSED, ENOTFOUND, ETIMEDOUT...). */
export interface ProbeError {
  code: string;
  message: string;
}

export interface CertificateSummary {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** SHA-256 of the DER certificate, colon-separated hex, as browsers show it. */
  sha256: string;
}

export interface TlsOutcome {
  /** True when the chain verified against the trusted CAs and the name matched. */
  trusted: boolean;
  /** Node's verification code when not trusted (CERT_HAS_EXPIRED, UNABLE_TO_VERIFY_LEAF_SIGNATURE...). */
  problem: string | null;
  certificate: CertificateSummary | null;
  /**
   * The certificates the server sent, PEM, leaf first, each followed by its issuer as far as
   * the server's chain (or an already trusted CA) goes. For "Trust this certificate authority".
   */
  chain?: string[];
}

export interface ConnectionProbes {
  resolve(hostname: string): Promise<string[]>;
  openTcp(host: string, port: number): Promise<ProbeSocket>;
  /** Asks the HTTP proxy on `socket` for a tunnel to `target` (host:port); its status code. */
  proxyConnect(socket: ProbeSocket, target: string, authorization: string | null): Promise<number>;
  /** A TLS handshake on `socket` for `servername`; certificate problems are reported, not thrown. */
  tls(socket: ProbeSocket, servername: string): Promise<TlsOutcome>;
}

export function probeErrorOf(error: unknown): ProbeError {
  const code = (error as { code?: unknown })?.code;
  return {
    code: typeof code === 'string' ? code : 'ERROR',
    message: error instanceof Error ? error.message : String(error),
  };
}
