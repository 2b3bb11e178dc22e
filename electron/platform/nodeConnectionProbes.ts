/**
 * Test connection's probes (core/net/connectionTest/probes.ts) on Node's dns, net and tls. Used
 * by the Node platform and, in Electron, by main (these run in the main process's Node, not in
 * Chromium: they are diagnostics, while the HTTP step uses the app's real route).
 *
 * The TLS probe verifies against `ca` (the platform's CA list) but completes the handshake even
 * when verification fails, so the certificate can be shown; nothing is ever sent over a
 * connection that did not verify.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls';
import type {
  CertificateSummary,
  ConnectionProbes,
  ProbeSocket,
  TlsOutcome,
} from '../core/net/connectionTest/probes.js';

/** The handle: the current stream (TCP, then TLS on top of it). */
class NodeProbeSocket implements ProbeSocket {
  constructor(public stream: Socket | TLSSocket) {}
  close(): void {
    this.stream.destroy();
  }
}

export interface NodeProbeOptions {
  /** Trusted CAs (PEM); undefined: Node's default roots. A function is read at each probe. */
  ca?: string[] | (() => string[] | undefined) | undefined;
  /** Answers bigger than this from a proxy's CONNECT are refused. */
  maxProxyAnswerBytes?: number;
}

export function createNodeConnectionProbes(options: NodeProbeOptions = {}): ConnectionProbes {
  const maxAnswer = options.maxProxyAnswerBytes ?? 16 * 1024;
  return {
    async resolve(hostname) {
      const found = await lookup(hostname, { all: true });
      return found.map((a) => a.address);
    },

    openTcp(host, port) {
      return new Promise((resolve, reject) => {
        const socket = tcpConnect({ host, port });
        socket.once('connect', () => {
          socket.removeAllListeners('error');
          socket.on('error', () => {});
          resolve(new NodeProbeSocket(socket));
        });
        socket.once('error', reject);
      });
    },

    proxyConnect(handle, target, authorization) {
      const { stream } = handle as NodeProbeSocket;
      return new Promise((resolve, reject) => {
        let answer = '';
        const onData = (chunk: Buffer) => {
          answer += chunk.toString('latin1');
          if (answer.length > maxAnswer) return done(new Error('the proxy answer is too long'));
          const end = answer.indexOf('\r\n\r\n');
          if (end === -1) return;
          const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1];
          if (!status) return done(new Error('the proxy did not answer in HTTP'));
          done(null, Number(status));
        };
        const onClose = () =>
          done(Object.assign(new Error('the proxy closed the connection'), { code: 'ECONNRESET' }));
        const done = (error: Error | null, status?: number) => {
          stream.off('data', onData);
          stream.off('close', onClose);
          if (error) reject(error);
          else resolve(status!);
        };
        stream.on('data', onData);
        stream.once('close', onClose);
        const headers = [`CONNECT ${target} HTTP/1.1`, `Host: ${target}`];
        if (authorization) headers.push(`Proxy-Authorization: ${authorization}`);
        stream.write(`${headers.join('\r\n')}\r\n\r\n`);
      });
    },

    tls(handle, servername) {
      const probe = handle as NodeProbeSocket;
      return new Promise<TlsOutcome>((resolve, reject) => {
        const secure = tlsConnect({
          socket: probe.stream,
          servername: isIp(servername) ? undefined : servername,
          ca: typeof options.ca === 'function' ? options.ca() : options.ca,
          // Verified below by hand, so a refused certificate can still be described.
          rejectUnauthorized: false,
          ALPNProtocols: ['http/1.1'],
        });
        secure.once('secureConnect', () => {
          probe.stream = secure;
          const peer = secure.getPeerCertificate();
          let problem: string | null = secure.authorized
            ? null
            : String(
                (secure.authorizationError as unknown as { code?: string })?.code ??
                  secure.authorizationError,
              );
          if (!problem) {
            const nameError = checkName(servername, peer);
            if (nameError) problem = nameError;
          }
          resolve({
            trusted: problem === null,
            problem,
            certificate: summarise(peer),
            chain: chainAsSent(secure),
          });
        });
        secure.once('error', reject);
      });
    },
  };
}

/** The peer's chain: each certificate, then its issuer, until a self-signed one or the end. */
function chainAsSent(secure: TLSSocket): string[] {
  const pems: string[] = [];
  let cert: X509Certificate | undefined = secure.getPeerX509Certificate();
  while (cert && pems.length < 10) {
    const pem = cert.toString();
    if (pems.includes(pem)) break;
    pems.push(pem);
    cert = cert.issuerCertificate;
  }
  return pems;
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

function checkName(host: string, peer: PeerCertificate): string | null {
  if (!peer.raw) return null;
  const cert = new X509Certificate(peer.raw);
  const ok = isIp(host) ? cert.checkIP(host) : cert.checkHost(host);
  return ok ? null : 'ERR_TLS_CERT_ALTNAME_INVALID';
}

function summarise(peer: PeerCertificate): CertificateSummary | null {
  if (!peer || !peer.raw) return null;
  const hex = createHash('sha256').update(peer.raw).digest('hex').toUpperCase();
  return {
    subject: distinguishedName(peer.subject),
    issuer: distinguishedName(peer.issuer),
    validFrom: new Date(peer.valid_from).toISOString(),
    validTo: new Date(peer.valid_to).toISOString(),
    sha256: hex.match(/../g)!.join(':'),
  };
}

function distinguishedName(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return '(none)';
  const parts = Object.entries(name).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`);
  return parts.length ? parts.join(', ') : '(empty)';
}
