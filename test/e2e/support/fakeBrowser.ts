/**
 * Plays the system browser for SSO: what `openExternal` hands it is fetched as a browser would,
 * the homeserver's (or portal's) 302 is followed to the app's loopback `redirectUrl?loginToken=…`,
 * and the answers are recorded so a test can say what the browser saw.
 */
import { rootCertificates } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';

export type BrowserMode =
  /** Follow the IdP redirect back to the app once, as a user finishing SSO. */
  | 'follow'
  /** Follow it, then load the loopback URL a second time (a replayed or reloaded tab). */
  | 'followTwice'
  /** Open nothing: the user never finishes in the browser. */
  | 'ignore';

/** What happened to one delivery of the loginToken to the app: an HTTP status, or an error. */
export type Delivery = { status: number } | { error: string };

export interface FakeBrowser {
  mode: BrowserMode;
  /** Every URL the app asked to open. */
  readonly opened: string[];
  /** The loopback URLs (with loginToken) the IdP sent the browser to. */
  readonly redirects: string[];
  /** Each delivery to the loopback listener, in order. */
  readonly deliveries: Delivery[];
  /** Resolves when the browser has finished with everything it was asked to open. */
  settled(): Promise<void>;
  /** Loads a URL the way the browser would (for replaying a redirect by hand). */
  visit(url: string): Promise<Delivery>;
  open(url: string): Promise<void>;
  close(): Promise<void>;
}

export function createFakeBrowser(options: { caPem?: string | undefined } = {}): FakeBrowser {
  const dispatcher = new Agent({
    connect: { ca: options.caPem ? [...rootCertificates, options.caPem] : [...rootCertificates] },
  });
  const pending: Promise<void>[] = [];
  const get = (url: string) =>
    undiciFetch(url, { redirect: 'manual', dispatcher, signal: AbortSignal.timeout(5_000) });

  const visit = async (url: string): Promise<Delivery> => {
    try {
      const response = await get(url);
      await response.body?.cancel();
      return { status: response.status };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      return { error: cause?.code ?? String(error) };
    }
  };

  const browser: FakeBrowser = {
    mode: 'follow',
    opened: [],
    redirects: [],
    deliveries: [],
    settled: async () => {
      await Promise.all(pending);
    },
    visit,
    close: async () => {
      await Promise.all(pending);
      await dispatcher.close();
    },
    async open(url) {
      browser.opened.push(url);
      if (browser.mode === 'ignore') return;
      const mode = browser.mode;
      // The system browser runs on its own: opening it does not wait for the user.
      pending.push(
        (async () => {
          const idp = await get(url);
          await idp.body?.cancel();
          const location = idp.headers.get('location');
          if (idp.status !== 302 || !location) {
            browser.deliveries.push({ error: `IdP answered ${idp.status} without a redirect` });
            return;
          }
          const back = new URL(location, url).toString();
          browser.redirects.push(back);
          browser.deliveries.push(await visit(back));
          if (mode === 'followTwice') browser.deliveries.push(await visit(back));
        })().catch((error: unknown) => {
          browser.deliveries.push({ error: String(error) });
        }),
      );
    },
  };
  return browser;
}
