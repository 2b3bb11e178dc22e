/**
 * The user's browser for OAuth tests: a second Playwright page, in its own context (its own
 * cookies, as another program would have), that opens what the app hands to `openExternal` and
 * fills the authorization server's own pages: login (#username, #password, #sign-in), consent
 * (#allow, #deny) and the device-code page (#user-code, #continue).
 *
 * It trusts the test servers' certificates by ignoring certificate errors: this is the user's
 * browser, not the app, whose own trust is what the tests are about.
 */
import { rootCertificates } from 'node:tls';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { Agent, fetch as undiciFetch } from 'undici';

/** What the app asked the system browser to open, in order, and a way to wait for the next. */
export interface ExternalOpener {
  readonly opened: string[];
  open(url: string): Promise<void>;
  /** The next URL the app opens (or one it opened already and no one has taken yet). */
  next(): Promise<string>;
}

export function createExternalOpener(): ExternalOpener {
  const opened: string[] = [];
  let taken = 0;
  const waiting: ((url: string) => void)[] = [];
  return {
    opened,
    async open(url) {
      opened.push(url);
      const waiter = waiting.shift();
      if (waiter) {
        taken++;
        waiter(url);
      }
    },
    next() {
      if (taken < opened.length) return Promise.resolve(opened[taken++]!);
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

export interface UserBrowser {
  readonly page: Page;
  /** Loads a URL (the authorization URL the app opened, a verification link). */
  visit(url: string): Promise<void>;
  /** The authorization server's login form. */
  logIn(username: string, password: string): Promise<void>;
  /**
   * The login form if the server asks (its browser session may still be alive, as after a
   * refused refresh), else straight on to consent.
   */
  logInIfAsked(username: string, password: string): Promise<void>;
  /** The consent page: allow or deny what the app asked for. */
  consent(answer: 'allow' | 'deny'): Promise<void>;
  /** The device-code page: type the code the app shows. */
  enterUserCode(code: string): Promise<void>;
  close(): Promise<void>;
}

export async function openUserBrowser(browser: Browser): Promise<UserBrowser> {
  const context: BrowserContext = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const user: UserBrowser = {
    page,
    async visit(url) {
      await page.goto(url);
    },
    async logIn(username, password) {
      await page.locator('#username').fill(username);
      await page.locator('#password').fill(password);
      await page.locator('#sign-in').click();
    },
    async logInIfAsked(username, password) {
      await page.locator('#username, #allow').first().waitFor();
      if (await page.locator('#username').isVisible()) await user.logIn(username, password);
    },
    async consent(answer) {
      await page.locator(answer === 'allow' ? '#allow' : '#deny').click();
    },
    async enterUserCode(code) {
      await page.locator('#user-code').fill(code);
      await page.locator('#continue').click();
    },
    close: () => context.close(),
  };
  return user;
}

/** The page the app's loopback listener shows when the browser comes back. */
export async function expectReturnedToApp(user: UserBrowser): Promise<void> {
  await expect(user.page.locator('body')).toContainText(/return to the app|close this/i);
}

/**
 * What the authorization server answers another program that tries a refresh token now:
 * the HTTP status and OAuth error (a revoked token: 400 invalid_grant).
 */
export async function tryRefreshToken(options: {
  tokenEndpoint: string;
  clientId: string;
  refreshToken: string;
  caPem: string | undefined;
}): Promise<{ status: number; error: string | null }> {
  const dispatcher = new Agent({
    connect: { ca: options.caPem ? [...rootCertificates, options.caPem] : [...rootCertificates] },
  });
  try {
    const response = await undiciFetch(options.tokenEndpoint, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: options.refreshToken,
        client_id: options.clientId,
      }).toString(),
    });
    const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
    return { status: response.status, error: typeof body?.error === 'string' ? body.error : null };
  } finally {
    await dispatcher.close();
  }
}
