/**
 * The Node platform's network stack, changeable while the app runs (the core's NetworkControl,
 * electron/core/net/proxy/networkControl.ts): the proxy setting on undici (proxyDispatcher.ts),
 * the trusted CA list (public roots, the fixtures' or administrator's CAs, the user's trusted
 * CAs) and proxy sign-in. What session.setProxy, setCertificateVerifyProc and the 'login' event
 * do in Electron, so the tests drive the same core code through a real proxy.
 *
 * Each change builds a new dispatcher (new connections: a removed CA or proxy is not kept alive
 * by a pooled socket) and closes the old one once its requests are done.
 *
 * Proxy sign-in: a request the proxy answers with 407 asks the core's authenticator (which asks
 * the user, or knows the answer) and is retried with what it returned; refused again, it asks
 * again, at most MAX_ASKS times per request; null (Cancel) fails it with the proxy's error.
 */
import { rootCertificates } from 'node:tls';
import { Agent, buildConnector, type Dispatcher, fetch as undiciFetch } from 'undici';
import type {
  NetworkControl,
  ProxyAuthenticator,
} from '../../electron/core/net/proxy/networkControl.js';
import { findProxyFailure } from '../../electron/core/net/proxy/ProxyFailure.js';
import {
  proxyOrigin,
  type ProxyCredentials,
} from '../../electron/core/net/proxy/proxyCredentials.js';
import type { ProxySetting } from '../../electron/core/net/proxy/proxySetting.js';
import { createProxyDispatcher } from './proxyDispatcher.js';
import { withProxyFailures } from './proxyFailures.js';

/** Asks per request: a user who keeps typing a wrong password is not held forever by one request. */
const MAX_ASKS = 3;

export interface NodeNetworkOptions {
  proxy: ProxySetting;
  /** Credentials known at start (tests), for the manual proxy. */
  proxyCredentials?: ProxyCredentials | null | undefined;
  /** CAs trusted besides the public roots and the user's (fixtures', administrator's). */
  extraCas: readonly string[];
  /** Test host mapping (createNodePlatform's `hosts`). */
  hosts?: Record<string, number> | undefined;
}

interface Route {
  fetch: typeof globalThis.fetch;
  dispatcher: Dispatcher;
  /** The manual proxy's URL, or null. */
  proxyUrl: string | null;
  credentials: ProxyCredentials | null;
}

export interface NodeNetwork {
  fetch: typeof globalThis.fetch;
  control: NetworkControl;
  /** The CA list in force (undefined: Node's defaults), for the probes. */
  ca(): string[] | undefined;
}

export function createNodeNetwork(options: NodeNetworkOptions): NodeNetwork {
  let proxy = options.proxy;
  let userCas: readonly string[] = [];
  let authenticate: ProxyAuthenticator | null = null;
  /** Credentials the authenticator gave, by proxy origin. */
  const credentials = new Map<string, ProxyCredentials>();
  if (options.proxyCredentials && proxy.mode === 'manual') {
    credentials.set(proxyOrigin(proxy.url), options.proxyCredentials);
  }
  let route: Route | null = null;

  const ca = (): string[] | undefined => {
    const extra = [...options.extraCas, ...userCas];
    return extra.length > 0 ? [...rootCertificates, ...extra] : undefined;
  };

  const buildRoute = (setting: ProxySetting): Route => {
    const trusted = ca();
    const proxyUrl = setting.mode === 'manual' ? setting.url : null;
    const known = proxyUrl ? (credentials.get(proxyOrigin(proxyUrl)) ?? null) : null;
    const dispatcher = createProxyDispatcher({
      setting,
      credentials: known,
      direct: directAgent(trusted, options.hosts),
      ca: trusted,
    });
    const plain = ((input: string | URL | Request, init?: RequestInit) =>
      undiciFetch(input as never, { ...(init as object), dispatcher } as never)) as never;
    return {
      fetch: proxyUrl ? withProxyFailures(plain, proxyUrl, known !== null) : plain,
      dispatcher,
      proxyUrl,
      credentials: known,
    };
  };

  const replaceRoute = (next: Route) => {
    const old = route;
    route = next;
    void old?.dispatcher.close().catch(() => {});
  };
  const current = (): Route => (route ??= buildRoute(proxy));

  const fetch: typeof globalThis.fetch = async (input, init) => {
    for (let asks = 0; ; asks++) {
      const used = current();
      try {
        return await used.fetch(input, init);
      } catch (error) {
        const failure = findProxyFailure(error);
        const askable =
          failure &&
          (failure.problem === 'authRequired' || failure.problem === 'authRefused') &&
          used.proxyUrl !== null &&
          authenticate !== null &&
          asks < MAX_ASKS &&
          canSendAgain(input, init);
        if (!askable) throw error;
        // The caller's deadline still holds while the user types: an abandoned request stops
        // waiting, and the answer, when it comes, serves the next one.
        const answer = await untilAborted(
          authenticate!({ proxy: used.proxyUrl!, refused: used.credentials }),
          init?.signal ?? null,
        );
        if (!answer) throw error;
        credentials.set(proxyOrigin(used.proxyUrl!), answer);
        // Another request may have rebuilt the route with these already.
        if (route?.credentials !== answer) replaceRoute(buildRoute(proxy));
      }
    }
  };

  return {
    fetch,
    ca,
    control: {
      async applyProxy(setting) {
        // Builds (and so refuses a PAC script, which undici cannot run) before switching.
        const next = buildRoute(setting);
        proxy = setting;
        replaceRoute(next);
      },
      async setUserCas(pems) {
        userCas = [...pems];
        replaceRoute(buildRoute(proxy));
      },
      async forgetProxyCredentials(proxyUrl) {
        credentials.delete(proxyOrigin(proxyUrl));
        replaceRoute(buildRoute(proxy));
      },
      setProxyAuthenticator(next) {
        authenticate = next;
      },
    },
  };
}

/** The direct route: the CA list, and the test host mapping (hosts). */
function directAgent(ca: string[] | undefined, hosts: Record<string, number> | undefined): Agent {
  const connect = buildConnector(ca ? { ca } : {});
  return new Agent({
    connect: (opts, callback) => {
      const port =
        opts.protocol === 'https:' && (opts.port || '443') === '443'
          ? hosts?.[opts.hostname]
          : undefined;
      if (port === undefined) return connect(opts, callback);
      const servername = opts.servername || opts.hostname;
      return connect(
        {
          ...opts,
          hostname: '127.0.0.1',
          host: `127.0.0.1:${port}`,
          port: String(port),
          servername,
        },
        callback,
      );
    },
  });
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | null): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** A body that is a stream was consumed by the first attempt; everything else can be sent again. */
function canSendAgain(input: string | URL | Request, init: RequestInit | undefined): boolean {
  if (input instanceof Request && input.body !== null) return false;
  return !(init?.body instanceof ReadableStream);
}
