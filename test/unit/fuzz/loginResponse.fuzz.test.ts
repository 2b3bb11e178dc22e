/**
 * Fuzzing login responses (POST /login): the checked fields, the routed-login offer
 * (`well_known["m.homeserver"].base_url` or `base_cs_url`) and its validation, and the identity
 * server a login response may suggest. Replay: see arbitraries.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLoginAnswer, loginWithPassword } from '../../../electron/core/login/loginRequests.js';
import {
  identityServerOfferIn,
  redirectOfferIn,
} from '../../../electron/core/login/redirectTarget.js';
import { tokenBelongsTo } from '../../../electron/core/login/tokenBelongsTo.js';
import { validateRedirectTarget } from '../../../electron/core/login/validateRedirectTarget.js';
import { checkBaseUrl } from '../../../electron/core/net/urlPolicy.js';
import { UserFacingError } from '../../../electron/core/UserFacingError.js';
import {
  answer,
  FUZZ_TIMEOUT_MS,
  fuzzParams,
  isAcceptableBaseUrl,
  jsonJunk,
  looseRecord,
  requestBase,
  urlValue,
  versionsBody,
} from './arbitraries.js';
import { recordingFetch } from './fakeFetch.js';

const serverPart = fc.oneof(looseRecord({ base_url: urlValue }), jsonJunk);
const loginResponse = fc.oneof(
  {
    weight: 5,
    arbitrary: looseRecord({
      user_id: fc.oneof(fc.constantFrom('@alice:example.org', '@:x', 'alice', '@a:'), jsonJunk),
      access_token: fc.oneof(fc.constantFrom('syt_token', ''), jsonJunk),
      device_id: fc.oneof(fc.constantFrom('DEVICE', ''), jsonJunk),
      refresh_token: fc.oneof(fc.constantFrom('syr_refresh', ''), jsonJunk),
      expires_in_ms: fc.oneof(fc.integer(), fc.double(), jsonJunk),
      well_known: fc.oneof(
        looseRecord({ 'm.homeserver': serverPart, 'm.identity_server': serverPart }),
        jsonJunk,
      ),
      base_cs_url: urlValue,
    }),
  },
  { weight: 1, arbitrary: jsonJunk },
);

const loginServer = fc.constantFrom(
  'https://portal.example.org',
  'https://portal.example.org/sub/path',
  'http://127.0.0.1:8008',
  'http://localhost:8448',
);

describe('fuzz: login responses', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('checkLoginAnswer returns checked fields or a UserFacingError naming the server', () => {
    fc.assert(
      fc.property(loginResponse, loginServer, (raw, server) => {
        let answer: ReturnType<typeof checkLoginAnswer>;
        try {
          answer = checkLoginAnswer(raw, server);
        } catch (error) {
          expect(error).toBeInstanceOf(UserFacingError);
          expect((error as UserFacingError).message).toContain(new URL(server).host);
          return;
        }
        expect(answer.userId).toMatch(/^@[^:]+:.+$/);
        expect(answer.accessToken.length).toBeGreaterThan(0);
        expect(answer.deviceId.length).toBeGreaterThan(0);
        expect(answer.refreshToken === null || answer.refreshToken.length > 0).toBe(true);
        expect(
          answer.expiresInMs === null ||
            (Number.isFinite(answer.expiresInMs) && answer.expiresInMs > 0),
        ).toBe(true);
      }),
      fuzzParams(0x1091),
    );
  });

  it('a sign-in answers checked fields, or an error naming the server and the real problem', async () => {
    await fc.assert(
      fc.asyncProperty(answer(loginResponse), loginServer, async (login, server) => {
        const recorder = recordingFetch(() => login);
        try {
          const answer = await loginWithPassword(
            { fetch: recorder.fetch, serverUrl: server },
            { type: 'm.id.user', user: 'alice' },
            'secret',
          );
          expect(answer.userId).toMatch(/^@[^:]+:.+$/);
        } catch (error) {
          expect(error).toBeInstanceOf(UserFacingError);
          expect((error as UserFacingError).message).toContain(new URL(server).host);
          // The server answered: the user must not be told to check the connection.
          if (!login.throws) expect((error as UserFacingError).code).not.toBe('UNREACHABLE');
        }
        expect(recorder.urls.every((url) => url.startsWith(`${server}/`))).toBe(true);
      }),
      fuzzParams(0x5166),
    );
  });

  it('a redirect is followed only to a usable Matrix server, never from https to http', async () => {
    await fc.assert(
      fc.asyncProperty(
        loginResponse,
        loginServer,
        answer(versionsBody),
        async (raw, server, versions) => {
          const offer = redirectOfferIn(raw);
          if (offer === null) return;
          const recorder = recordingFetch(() => versions);
          const verdict = await validateRedirectTarget(recorder.fetch, offer, server);
          for (const url of recorder.urls) {
            expect(requestBase(url)).toMatchObject({ acceptable: true });
            if (server.startsWith('https:')) expect(url.startsWith('https:')).toBe(true);
          }
          if (verdict.ok) {
            expect(isAcceptableBaseUrl(verdict.url)).toBe(true);
            if (server.startsWith('https:')) expect(verdict.url.startsWith('https:')).toBe(true);
          } else {
            expect(verdict.error.code).toMatch(/^REDIRECT_(INVALID|NOT_MATRIX)$/);
            expect(verdict.error.message).toContain(new URL(server).host);
          }
        },
      ),
      fuzzParams(0x2ed1),
    );
  });

  it('whoami confirms the token only on a 200 naming this very user', async () => {
    const whoami = answer(
      fc.oneof(
        looseRecord({
          user_id: fc.oneof(
            fc.constantFrom('@alice:example.org', '@mallory:example.org'),
            jsonJunk,
          ),
          device_id: fc.constantFrom('DEVICE'),
        }),
        jsonJunk,
      ),
    );
    await fc.assert(
      fc.asyncProperty(whoami, async (answered) => {
        const { fetch } = recordingFetch(() => answered);
        const belongs = await tokenBelongsTo({
          fetch,
          serverUrl: 'https://portal.example.org',
          accessToken: 'syt_new',
          userId: '@alice:example.org',
        });
        let expected = false;
        if (!answered.throws && answered.status === 200) {
          try {
            expected =
              (JSON.parse(answered.body) as { user_id?: unknown } | null)?.user_id ===
              '@alice:example.org';
          } catch {
            expected = false;
          }
        }
        expect(belongs).toBe(expected);
      }),
      fuzzParams(0x3403),
    );
  });

  it('the identity server a login response suggests is used only when it passes the policy', () => {
    fc.assert(
      fc.property(loginResponse, (raw) => {
        const verdict = checkBaseUrl(identityServerOfferIn(raw));
        if (verdict.ok) expect(isAcceptableBaseUrl(verdict.url)).toBe(true);
        else expect(verdict.reason.length).toBeGreaterThan(0);
      }),
      fuzzParams(0x15e7),
    );
  });
});

describe('login examples found by fuzzing', () => {
  it('an error status with a JSON null body is a malformed answer, not a lost connection', async () => {
    const fetch = (async () =>
      new Response('null', {
        status: 502,
        headers: { 'content-type': 'application/json' },
      })) as typeof globalThis.fetch;
    await expect(
      loginWithPassword(
        { fetch, serverUrl: 'https://portal.example.org' },
        { type: 'm.id.user', user: 'alice' },
        'secret',
      ),
    ).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
      message: 'portal.example.org sent a malformed answer to signing in.',
    });
  });
});
