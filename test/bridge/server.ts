/**
 * The test bridge: hosts the same core that Electron main hosts, serves the built renderer, and
 * carries the IPC contract over a WebSocket instead of Electron IPC. Bound to 127.0.0.1 only and
 * protected by a random per-run token (the page gets it in the URL fragment, which never leaves
 * the browser, and presents it when it opens the socket). A development and test tool: it is not
 * part of the packaged app.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppCoreApi } from '../../electron/core/AppCore.js';
import { dispatchCommand } from '../../electron/ipc/dispatch.js';
import { composeFirstPage, readRendererPages } from '../../electron/window/firstPage.js';

export interface BridgeOptions {
  core: AppCoreApi;
  /** The built renderer (vite build output). */
  rendererDir: string;
  port?: number;
  /** Keep every frame sent to the page, so tests can search what the renderer received. */
  record?: boolean;
  /**
   * The token pages must present (default: a new random one). The demo passes the same one to
   * each start of an app, so after a restart its page only needs a reload. At least 16 characters.
   */
  token?: string;
}

export interface Bridge {
  url: string;
  token: string;
  /** Every frame sent to the page (when `record` is on), as sent. */
  sentFrames: string[];
  close(): Promise<void>;
}

const CLIENT_SCRIPT = fileURLToPath(new URL('./client.js', import.meta.url));
const MAX_FRAME_BYTES = 1024 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  if (options.token !== undefined && options.token.length < 16)
    throw new Error('The bridge token must be at least 16 characters');
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sentFrames: string[] = [];
  const sockets = new Set<WebSocket>();
  const http = createServer((req, res) => {
    serveStatic(options.rendererDir, options.core, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  const send = (socket: WebSocket, frame: unknown) => {
    const text = JSON.stringify(frame);
    if (options.record) sentFrames.push(text);
    socket.send(text);
  };
  const unsubscribe = options.core.onEvent((name, payload) => {
    for (const socket of sockets) send(socket, { type: 'event', name, payload });
  });

  http.on('upgrade', (req, socket, head) => {
    if (!isAuthorisedUpgrade(req, token, origin())) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        void handleFrame(String(data)).then((reply) => reply && send(ws, reply));
      });
    });
  });

  async function handleFrame(text: string) {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return null;
    }
    if (!isInvokeFrame(frame)) return null;
    const result = await dispatchCommand(options.core.handlers, frame.name, frame.request, (n, e) =>
      console.error(`bridge: command ${n} failed`, e),
    );
    return { type: 'result', id: frame.id, result };
  }

  await new Promise<void>((done) => http.listen(options.port ?? 0, '127.0.0.1', done));
  const origin = () => `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url: `${origin()}/#token=${token}`,
    token,
    sentFrames,
    async close() {
      unsubscribe();
      for (const socket of sockets) socket.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((done) => http.close(() => done()));
    },
  };
}

function isInvokeFrame(frame: unknown): frame is { id: number; name: unknown; request: unknown } {
  if (typeof frame !== 'object' || frame === null) return false;
  const f = frame as Record<string, unknown>;
  return f.type === 'invoke' && typeof f.id === 'number';
}

/** Same-origin page with the run's token: nothing else on this machine may drive the core. */
function isAuthorisedUpgrade(req: IncomingMessage, token: string, origin: string): boolean {
  if (req.headers.origin !== origin) return false;
  const given = new URL(req.url ?? '/', origin).searchParams.get('token') ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function serveStatic(
  root: string,
  core: AppCoreApi,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
  if (path === '/bridge-client.js') return sendFile(res, CLIENT_SCRIPT, '.js');
  const rootDir = resolve(root);
  const file = normalize(join(rootDir, path === '/' ? 'index.html' : path));
  if (!file.startsWith(rootDir + sep)) return void res.writeHead(404).end();
  if (file === join(rootDir, 'index.html')) {
    const pages = await readRendererPages(rootDir);
    if (pages === null)
      return void res.writeHead(404).end('Renderer not built: npm run build:renderer');
    // As Electron's app:// handler: the page carries the state of the moment, and the sign-in
    // screen drawn in when that is the state it was drawn from (electron/window/firstPage.ts).
    const html = composeFirstPage(pages, core.firstState());
    // The bridge's API script must run before the renderer's module script: deferred, it runs
    // in document order after parsing, so it holds back neither the parser (a page with the
    // sign-in form drawn in shows it at once) nor the bundle's download.
    const injected = html.replace(
      '<head>',
      '<head>\n    <script defer src="/bridge-client.js"></script>',
    );
    res.writeHead(200, headers('.html')).end(injected);
    return;
  }
  await sendFile(res, file, extname(file));
}

async function sendFile(res: ServerResponse, file: string, ext: string) {
  const body = await readFile(file).catch(() => null);
  if (body === null) return void res.writeHead(404).end();
  res.writeHead(200, headers(ext)).end(body);
}

function headers(ext: string) {
  return {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}
