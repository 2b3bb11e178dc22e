/**
 * The OAuth 2.0 integration tests' "user's browser": plain fetches that follow the authorization
 * server's pages (its own login and consent forms, through the fixture's Browser) and then hit
 * the app's loopback redirect, as the system browser would.
 */
import { Browser, signInThroughPages } from '../fixtures/__tests__/oauthHttp.js';
import type { World } from '../fixtures/index.js';

export interface BrowserVisit {
  /** The authorization URL the app opened. */
  url: string;
  /** The loopback redirect the authorization server sent the browser to. */
  redirect: URL;
}

/** What the browser shows after coming back to the app's loopback listener. */
export interface LoopbackPage {
  status: number;
  text: string;
}

/** Signs `username` in at the authorization server's pages; answers where it sends the browser. */
export async function authorize(
  world: World,
  url: string,
  username = 'alice',
  decision: 'allow' | 'deny' = 'allow',
): Promise<BrowserVisit> {
  const user = world.oauthUsers!.find((u) => u.username === username)!;
  const browser = new Browser(world.oauth!.baseUrl);
  const page = await signInThroughPages(browser, await browser.get(url), user, decision);
  if (!page.leftTo) throw new Error(`the authorization server did not redirect: ${page.html}`);
  return { url, redirect: page.leftTo };
}

export async function visit(url: URL | string): Promise<LoopbackPage> {
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
}

/** A system browser that completes every authorization as `username` ("allow"). */
export function approvingBrowser(world: () => World, opened: string[] = [], username = 'alice') {
  const pages: LoopbackPage[] = [];
  const open = async (url: string) => {
    opened.push(url);
    const { redirect } = await authorize(world(), url, username);
    pages.push(await visit(redirect));
  };
  return Object.assign(open, { opened, pages });
}

/** A system browser that only records the URL: the test drives the rest. */
export function recordingBrowser() {
  const opened: string[] = [];
  let notify: (() => void) | null = null;
  const open = async (url: string) => {
    opened.push(url);
    notify?.();
  };
  /** Resolves with the n-th URL opened (1-based), when it is. */
  const nth = (n: number) =>
    new Promise<string>((resolve) => {
      const check = () => {
        if (opened.length >= n) {
          notify = null;
          resolve(opened[n - 1]!);
        }
      };
      notify = check;
      check();
    });
  return Object.assign(open, { opened, nth });
}
