import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadServerResponse } from '../../../electron/core/identity/BadServerResponse.js';
import { createIdentityServerFetch } from '../../../electron/core/identity/identityServerFetch.js';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/small') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    } else if (req.url === '/declared-huge') {
      res.writeHead(200, { 'Content-Length': String(10 * 1024 * 1024) });
      res.write('x');
    } else if (req.url === '/streamed-huge') {
      res.writeHead(200); // chunked, no length: the cap must count bytes as they come
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 16; i++) res.write(chunk);
      res.end();
    } else if (req.url === '/redirect') {
      res.writeHead(302, { Location: '/small' }).end();
    } else if (req.url === '/empty') {
      res.writeHead(204).end();
    } else if (req.url === '/hang') {
      // never answers
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('createIdentityServerFetch', () => {
  const make = (signal = new AbortController().signal, max = 256 * 1024) =>
    createIdentityServerFetch(globalThis.fetch.bind(globalThis), signal, max);

  it('passes small answers through', async () => {
    const response = await make()(`${base}/small`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ ok: true });
  });

  it('handles answers without a body', async () => {
    expect((await make()(`${base}/empty`)).status).toBe(204);
  });

  it('fails reading an answer declared larger than the cap', async () => {
    const response = await make()(`${base}/declared-huge`);
    await expect(response.text()).rejects.toThrow(BadServerResponse);
  });

  it('fails reading an answer that grows past the cap', async () => {
    const response = await make()(`${base}/streamed-huge`);
    await expect(response.json()).rejects.toThrow(/larger than 256 KiB/);
  });

  it('reads an answer just under the cap', async () => {
    const response = await make(undefined, 1024 * 1024)(`${base}/streamed-huge`);
    expect((await response.text()).length).toBe(1024 * 1024);
  });

  it('does not follow redirects', async () => {
    await expect(make()(`${base}/redirect`)).rejects.toThrow();
  });

  it('aborts requests in flight when stopped', async () => {
    const stop = new AbortController();
    const pending = make(stop.signal)(`${base}/hang`);
    stop.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
