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
  /**
   * Where the app's real network stack sends a request for `url` when the proxy comes from the
   * system or a PAC script, in PAC words ("DIRECT", "PROXY host:port"): Electron's
   * session.resolveProxy. Absent where the probes are the app's stack themselves (Node).
   */
  resolveProxy?(url: string): Promise<string>;
  /**
   * Said with the TLS step when these probes are not what verifies the app's requests (Electron:
   * Node's TLS here, Chromium's verifier for the requests), so the step does not claim too much.
   */
  tlsNote?: string;
}

export function probeErrorOf(error: unknown): ProbeError {
  const code = (error as { code?: unknown })?.code;
  return {
    code: typeof code === 'string' ? code : 'ERROR',
    message: error instanceof Error ? error.message : String(error),
  };
}
