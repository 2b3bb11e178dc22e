/** One step of Test connection; `detail` is words for the user. */
export interface ConnectionTestStep {
  step: 'dns' | 'tcp' | 'proxy' | 'tls' | 'http';
  outcome: 'ok' | 'failed' | 'skipped';
  detail: string;
}

/** What Test connection found (core/net/connectionTest/runConnectionTest.ts). */
export interface ConnectionTestResult {
  server: string;
  /** The proxy setting in words ("the proxy http://proxy.corp:3128", "no proxy"). */
  proxy: string;
  ok: boolean;
  steps: ConnectionTestStep[];
  /** The first failure in words; null when every step passed. */
  failure: string | null;
  /** The certificate the server sent (https), for the user to compare or read out. */
  certificate: {
    subject: string;
    issuer: string;
    validFrom: string;
    validTo: string;
    sha256: string;
  } | null;
}
