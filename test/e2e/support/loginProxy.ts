/**
 * A plain-http reverse proxy in front of a fixture server (a portal, typically) that keeps every
 * `POST /login` answer it relays and may rewrite it. Two uses: a portal whose `well_known` and
 * `base_cs_url` name different servers (the fixture portal names one target in both), and
 * capturing the tokens a login answer carried, to search for them where they must not be.
 * Upstream over plain http only (it uses the global fetch, which does not trust the test CA).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoginProxy {
  /** The proxy's base URL: type this in the app instead of the upstream's. */
  baseUrl: string;
  /** Every request path the proxy relayed. */
  readonly paths: string[];
  /** Every login answer body as the upstream sent it. */
  readonly loginAnswers: Record<string, unknown>[];
  close(): Promise<void>;
}

const LOGIN_PATH = /^\/_matrix\/client\/(v3|r0)\/login$/;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startLoginProxy(options: {
  upstream: string;
  rewriteLogin?: (body: Record<string, unknown>) => Record<string, unknown>;
}): Promise<LoginProxy> {
  const paths: string[] = [];
  const loginAnswers: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://proxy');
      paths.push(url.pathname);
      const body = await readBody(req);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && !['host', 'connection'].includes(name))
          headers.set(name, value);
      }
      const upstream = await fetch(options.upstream + url.pathname + url.search, {
        method: req.method ?? 'GET',
        headers,
        body: body.length > 0 ? new Uint8Array(body) : undefined,
        redirect: 'manual',
      });
      let text = await upstream.text();
      if (req.method === 'POST' && LOGIN_PATH.test(url.pathname) && upstream.status === 200) {
        const answer = JSON.parse(text) as Record<string, unknown>;
        loginAnswers.push(answer);
        if (options.rewriteLogin) text = JSON.stringify(options.rewriteLogin({ ...answer }));
      }
      const out: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (
          !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)
        )
          out[name] = value;
      });
      res.writeHead(upstream.status, out).end(text);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    paths,
    loginAnswers,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
