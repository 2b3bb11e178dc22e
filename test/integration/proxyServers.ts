/**
 * A real HTTP proxy (proxy-chain) on an ephemeral loopback port for the proxy tests, logging each
 * request it was asked to carry and whether the credentials were right. Read its log after the
 * request under test has finished (an explicit barrier), never after a sleep.
 */
import { Server as ProxyServer } from 'proxy-chain';

export interface ProxyLogEntry {
  hostname: string;
  port: number;
  isHttp: boolean;
  /** The user name sent (empty: none) and whether the proxy let it through. */
  username: string;
  authorized: boolean;
}

export interface TestProxy {
  server: ProxyServer;
  log: ProxyLogEntry[];
  url: string;
  close(): Promise<void>;
}

/** With `auth`, the proxy answers 407 unless the request carries exactly these credentials. */
export async function startTestProxy(auth?: {
  username: string;
  password: string;
}): Promise<TestProxy> {
  const log: ProxyLogEntry[] = [];
  const server = new ProxyServer({
    port: 0,
    host: '127.0.0.1',
    verbose: false,
    prepareRequestFunction: ({ username, password, hostname, port, isHttp }) => {
      const authorized = !auth || (username === auth.username && password === auth.password);
      log.push({ hostname, port, isHttp, username: username ?? '', authorized });
      return { requestAuthentication: !authorized };
    },
  });
  await server.listen();
  return {
    server,
    log,
    url: `http://127.0.0.1:${server.port}`,
    close: () => server.close(true),
  };
}
