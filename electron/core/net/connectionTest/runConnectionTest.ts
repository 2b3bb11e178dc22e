/**
 * Test connection: DNS, TCP, proxy (when one is set), TLS and HTTP against the current server,
 * in that order, stopping at the first step that fails and saying in words what failed and what
 * it likely means. For TLS the certificate the server sent is described (subject, issuer,
 * validity, SHA-256 fingerprint), so a user can read it to their IT department.
 *
 * The HTTP step goes through the platform's fetch, i.e. the app's real route (proxy, CA list):
 * if the earlier steps pass and this one fails, the problem is in what the app itself does.
 */
import type { Clock } from '../../platform.js';
import type { ProxyCredentials } from '../proxy/proxyCredentials.js';
import type { ProxySetting } from '../proxy/proxySetting.js';
import { readLimitedJson } from '../readLimitedJson.js';
import {
  probeErrorOf,
  type CertificateSummary,
  type ConnectionProbes,
  type ProbeSocket,
} from './probes.js';

export type ConnectionStepName = 'dns' | 'tcp' | 'proxy' | 'tls' | 'http';

export interface ConnectionStep {
  step: ConnectionStepName;
  outcome: 'ok' | 'failed' | 'skipped';
  /** What was done or found, in words. */
  detail: string;
}

export interface ConnectionTestReport {
  server: string;
  ok: boolean;
  steps: ConnectionStep[];
  /** The first failure in words; null when every step passed. */
  failure: string | null;
  /** The certificate the server sent (https only, when the handshake got that far). */
  certificate: CertificateSummary | null;
  /** Node's code for why the certificate was refused (null: trusted, or no TLS step). */
  tlsProblem: string | null;
  /** The certificates the server sent (PEM, leaf first), for "Trust this certificate authority". */
  chain: string[];
}

export interface ConnectionTestInput {
  /** The homeserver's base URL. */
  server: string;
  proxy: ProxySetting;
  proxyCredentials?: ProxyCredentials | null;
  probes: ConnectionProbes;
  fetch: typeof globalThis.fetch;
  clock: Clock;
  /** Per step; default 10 s. */
  timeoutMs?: number;
}

class StepFailed extends Error {}

export async function runConnectionTest(input: ConnectionTestInput): Promise<ConnectionTestReport> {
  const server = new URL(input.server);
  const https = server.protocol === 'https:';
  const serverHost = server.hostname.replace(/^\[|\]$/g, '');
  const serverPort = Number(server.port || (https ? 443 : 80));
  const serverName = server.host;
  const proxy = input.proxy.mode === 'manual' ? new URL(input.proxy.url) : null;
  const steps: ConnectionStep[] = [];
  let certificate: CertificateSummary | null = null;
  let refusedBecause: string | null = null;
  let chain: string[] = [];
  const sockets: ProbeSocket[] = [];
  const timeoutMs = input.timeoutMs ?? 10_000;

  const within = <T>(what: string, work: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = input.clock.setTimeout(
        () => reject(Object.assign(new Error(`${what} timed out`), { code: 'ETIMEDOUT' })),
        timeoutMs,
      );
      work.then(
        (value) => {
          input.clock.clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          input.clock.clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  const pass = (step: ConnectionStepName, detail: string) =>
    steps.push({ step, outcome: 'ok', detail: sentence(detail) });
  const fail = (step: ConnectionStepName, words: string): never => {
    const detail = sentence(words);
    steps.push({ step, outcome: 'failed', detail });
    throw new StepFailed(detail);
  };

  try {
    // The first hop: the proxy when one is set (it resolves and reaches the server itself).
    const hopHost = proxy ? proxy.hostname.replace(/^\[|\]$/g, '') : serverHost;
    const hopPort = proxy ? Number(proxy.port || defaultProxyPort(proxy.protocol)) : serverPort;
    const hopName = proxy
      ? `the proxy ${proxy.protocol}//${proxy.host}`
      : `the server ${serverName}`;

    const addresses = await within(`Looking up ${hopHost}`, input.probes.resolve(hopHost)).catch(
      (error: unknown) => {
        const { code } = probeErrorOf(error);
        return fail(
          'dns',
          code === 'ENOTFOUND' || code === 'ENODATA'
            ? `${hopName} cannot be found: the name ${hopHost} does not exist in DNS (${code}); check the spelling, or your network's DNS.`
            : `Looking up ${hopName} (${hopHost}) failed (${code}).`,
        );
      },
    );
    pass('dns', `${hopHost} is ${addresses.slice(0, 4).join(', ')}`);

    const socket = await within(
      `Connecting to ${hopHost}:${hopPort}`,
      input.probes.openTcp(hopHost, hopPort),
    ).catch((error: unknown) => {
      const { code } = probeErrorOf(error);
      return fail('tcp', tcpProblem(hopName, `${hopHost}:${hopPort}`, code));
    });
    sockets.push(socket);
    pass('tcp', `Connected to ${hopHost}:${hopPort}${proxy ? ' (the proxy)' : ''}`);

    if (!proxy) {
      const source =
        input.proxy.mode === 'pac' ? `the script ${input.proxy.pac_url}` : 'the system settings';
      const route =
        input.proxy.mode !== 'direct' && input.probes.resolveProxy
          ? await within('Resolving the proxy', input.probes.resolveProxy(input.server)).catch(
              () => null,
            )
          : null;
      steps.push({
        step: 'proxy',
        outcome: 'skipped',
        detail:
          input.proxy.mode === 'direct'
            ? 'No proxy is set.'
            : route !== null
              ? `The app's requests to ${serverName} go ${describeRoute(route)} (from ${source}); this test's own steps connect directly, the HTTP step uses the app's route.`
              : `The proxy comes from ${source}; this test connects directly, the HTTP step uses the app's route.`,
      });
    } else if (proxy.protocol === 'socks5:') {
      steps.push({
        step: 'proxy',
        outcome: 'skipped',
        detail: `SOCKS5 proxies are not tested step by step; the HTTP step goes through ${hopName}.`,
      });
    } else {
      const authorization = input.proxyCredentials
        ? `Basic ${btoa(`${input.proxyCredentials.username}:${input.proxyCredentials.password}`)}`
        : null;
      if (proxy.protocol === 'https:') {
        // TLS to the proxy itself; the probe upgrades the same handle, the tunnel runs inside.
        const proxyTls = await within('TLS to the proxy', input.probes.tls(socket, proxy.hostname));
        if (!proxyTls.trusted) {
          fail(
            'proxy',
            `${hopName} presented a certificate this app does not trust (${proxyTls.problem}).`,
          );
        }
      }
      const status = await within(
        `Asking ${hopName} for a tunnel`,
        input.probes.proxyConnect(socket, `${serverHost}:${serverPort}`, authorization),
      ).catch((error: unknown) =>
        fail(
          'proxy',
          `${hopName} closed the connection instead of answering (${probeErrorOf(error).code}).`,
        ),
      );
      if (status === 407) {
        fail(
          'proxy',
          authorization
            ? `${hopName} refused the user name and password (HTTP 407).`
            : `${hopName} asks for a user name and password (HTTP 407).`,
        );
      } else if (status < 200 || status > 299) {
        fail('proxy', `${hopName} would not connect to ${serverName} (HTTP ${status}).`);
      }
      pass('proxy', `${hopName} opened a tunnel to ${serverName}.`);
    }

    if (https) {
      const outcome = await within(
        `TLS with ${serverName}`,
        input.probes.tls(socket, serverHost),
      ).catch((error: unknown) =>
        fail(
          'tls',
          `The TLS handshake with the server ${serverName} failed (${probeErrorOf(error).code}).`,
        ),
      );
      certificate = outcome.certificate;
      chain = outcome.chain ?? [];
      refusedBecause = outcome.trusted ? null : outcome.problem;
      const about =
        (certificate ? ` ${describeCertificate(certificate)}` : '') +
        (input.probes.tlsNote ? ` ${input.probes.tlsNote}` : '');
      if (!outcome.trusted) fail('tls', `${tlsProblem(serverName, outcome.problem)}${about}`);
      pass('tls', `The server ${serverName} sent a trusted certificate.${about}`);
    } else {
      steps.push({
        step: 'tls',
        outcome: 'skipped',
        detail: `The server ${serverName} is plain http.`,
      });
    }

    for (const s of sockets) s.close();
    sockets.length = 0;
    const versionsUrl = new URL('/_matrix/client/versions', input.server).href;
    const response = await within(
      `GET ${versionsUrl}`,
      input.fetch(versionsUrl, { redirect: 'manual' }),
    ).catch((error: unknown) => {
      const cause = probeErrorOf((error as { cause?: unknown })?.cause ?? error);
      return fail(
        'http',
        `Asking the server ${serverName} for its Matrix versions failed (${cause.code}: ${cause.message}).`,
      );
    });
    if (!response.ok) {
      await response.body?.cancel();
      fail(
        'http',
        `The server ${serverName} answered /_matrix/client/versions with HTTP ${response.status}: it may not be a Matrix homeserver, or something in between answers instead.`,
      );
    }
    const body = (await readLimitedJson(response, 64 * 1024).catch(() => null)) as {
      versions?: unknown;
    } | null;
    if (!body || !Array.isArray(body.versions)) {
      fail(
        'http',
        `The server ${serverName} answered /_matrix/client/versions with something that is not a Matrix versions list.`,
      );
    }
    pass(
      'http',
      `The server ${serverName} is a Matrix homeserver (${(body!.versions as unknown[]).length} spec versions).`,
    );
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
  } finally {
    for (const s of sockets) s.close();
  }
  const failed = steps.find((s) => s.outcome === 'failed');
  return {
    server: input.server,
    ok: !failed,
    steps,
    failure: failed ? failed.detail : null,
    certificate,
    tlsProblem: refusedBecause,
    chain,
  };
}

/** Chromium's PAC-style answer ("PROXY p:3128; DIRECT") in words. */
function describeRoute(route: string): string {
  const first = route.split(';')[0]?.trim() ?? '';
  if (first === '' || first === 'DIRECT') return 'directly, without a proxy';
  const [kind, address] = first.split(/\s+/);
  return `through the ${kind === 'PROXY' ? 'HTTP' : (kind ?? '')} proxy ${address ?? ''}`.trim();
}

function sentence(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function defaultProxyPort(protocol: string): number {
  return protocol === 'https:' ? 443 : protocol === 'socks5:' ? 1080 : 80;
}

function tcpProblem(name: string, address: string, code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return `${name} refused the connection at ${address} (ECONNREFUSED): nothing listens on that port, or a firewall rejects it.`;
    case 'ETIMEDOUT':
      return `${name} did not answer at ${address} (timed out): a firewall may be dropping the connection.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${name} at ${address} cannot be reached from this network (${code}).`;
    default:
      return `Connecting to ${name} at ${address} failed (${code}).`;
  }
}

/**
 * CERT_SIGNATURE_FAILURE counts as an unknown authority: a private CA that carries the name of a
 * trusted one makes OpenSSL pick the trusted one by name, and the signature does not match.
 */
/** The TLS problems a trusted CA would solve (see tlsProblem below for CERT_SIGNATURE_FAILURE). */
export const UNKNOWN_AUTHORITY_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
]);

function tlsProblem(name: string, code: string | null): string {
  switch (code) {
    case 'CERT_HAS_EXPIRED':
      return `The certificate of ${name} has expired.`;
    case 'CERT_NOT_YET_VALID':
      return `The certificate of ${name} is not valid yet (check this computer's clock).`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'CERT_SIGNATURE_FAILURE':
      return `The certificate of ${name} is signed by an authority this app does not trust (${code}); your organisation may use a private certificate authority.`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `The certificate of ${name} is for another name (${code}).`;
    default:
      return `The certificate of ${name} was refused (${code ?? 'unknown problem'}).`;
  }
}

export function describeCertificate(c: CertificateSummary): string {
  return `Certificate: subject ${c.subject}; issuer ${c.issuer}; valid from ${c.validFrom} to ${c.validTo}; SHA-256 ${c.sha256}.`;
}
