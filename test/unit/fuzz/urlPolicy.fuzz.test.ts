/**
 * Fuzzing the URL policy itself (net/urlPolicy.ts), which every other parser relies on: what it
 * accepts is a URL the app may use, and accepting is stable (a kept URL passes again when it is
 * read back, e.g. on restore). Replay: see arbitraries.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkIdentityServerUrl,
  userInputToUrl,
} from '../../../electron/core/identity/identityServerUrl.js';
import { checkStoredSessionUrls } from '../../../electron/core/login/checkStoredSessionUrls.js';
import { checkBaseUrl, parseServerInput } from '../../../electron/core/net/urlPolicy.js';
import {
  FUZZ_TIMEOUT_MS,
  fuzzParams,
  isAcceptableBaseUrl,
  urlLike,
  urlValue,
} from './arbitraries.js';

const from = fc.constantFrom(
  undefined,
  null,
  'https://portal.example.org',
  'http://127.0.0.1:8008',
);

describe('fuzz: URL policy', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('checkBaseUrl keeps only usable URLs, and a kept URL passes again unchanged', () => {
    fc.assert(
      fc.property(urlValue, from, (raw, origin) => {
        const verdict = checkBaseUrl(raw, { from: origin });
        if (!verdict.ok) return verdict.reason.length > 0;
        const again = checkBaseUrl(verdict.url, { from: origin });
        return (
          isAcceptableBaseUrl(verdict.url) &&
          !(origin?.startsWith('https:') && verdict.url.startsWith('http:')) &&
          again.ok &&
          again.url === verdict.url
        );
      }),
      fuzzParams(0x0b1),
    );
  });

  it('parseServerInput answers a usable URL, a bare host name, or a reason', () => {
    fc.assert(
      fc.property(fc.oneof(urlLike, fc.domain(), fc.string({ maxLength: 30 })), (input) => {
        const parsed = parseServerInput(input);
        if (parsed.kind === 'invalid') return parsed.reason.length > 0;
        if (parsed.kind === 'url') return isAcceptableBaseUrl(parsed.url);
        // A name becomes https://<name>/.well-known/...: it must stay a bare host.
        const url = new URL(`https://${parsed.name}/`);
        return url.host === parsed.name && url.pathname === '/' && !url.username;
      }),
      fuzzParams(0x1a9),
    );
  });

  it('what the user types as an identity server is kept only as a usable URL', () => {
    fc.assert(
      fc.property(fc.oneof(urlLike, fc.domain(), fc.string({ maxLength: 30 })), (typed) => {
        const check = checkIdentityServerUrl(userInputToUrl(typed));
        return check.ok ? isAcceptableBaseUrl(check.url) : check.reason.length > 0;
      }),
      fuzzParams(0x75e),
    );
  });
});

describe('fuzz: stored session', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('a restored session is used only with usable URLs and no downgrade, else says why', () => {
    const stored = fc.oneof(
      urlLike,
      fc.constantFrom('https://hs.example.org', 'http://127.0.0.1:8008'),
    );
    fc.assert(
      fc.property(stored, stored, (homeserverUrl, loginServerUrl) => {
        const refusal = checkStoredSessionUrls({ homeserverUrl, loginServerUrl });
        if (refusal !== null) {
          return (
            refusal.code === 'UNSAFE_STORED_SESSION' && refusal.message.includes('Sign in again')
          );
        }
        const home = checkBaseUrl(homeserverUrl);
        return (
          home.ok &&
          isAcceptableBaseUrl(home.url) &&
          checkBaseUrl(loginServerUrl).ok &&
          !(
            loginServerUrl.trim().toLowerCase().startsWith('https:') && home.url.startsWith('http:')
          )
        );
      }),
      fuzzParams(0x5e55),
    );
  });
});

describe('URL policy examples found by fuzzing', () => {
  it('refuses a URL that percent-encoding makes longer than the cap', () => {
    const raw = `https://matrix.example.org/${'{'.repeat(1000)}`;
    expect(raw.length).toBeLessThan(2048);
    expect(checkBaseUrl(raw)).toEqual({ ok: false, reason: 'it is too long' });
  });
});
