/**
 * Fuzzing discovery: /.well-known/matrix/client, /_matrix/client/versions and GET /login, each
 * parser alone and all of them behind discoverServer. Replay: see arbitraries.ts.
 */
import fc from 'fast-check';
import { SUPPORTED_MATRIX_VERSIONS } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { discoverServer } from '../../../electron/core/login/discoverServer.js';
import { fetchWellKnown } from '../../../electron/core/login/fetchWellKnown.js';
import { parseLoginFlows } from '../../../electron/core/login/loginFlows.js';
import { ssoLoginUrl } from '../../../electron/core/login/ssoLoginUrl.js';
import { probeHomeserver } from '../../../electron/core/net/probeHomeserver.js';
import { parseServerInput } from '../../../electron/core/net/urlPolicy.js';
import { UserFacingError } from '../../../electron/core/UserFacingError.js';
import { commandSchemas } from '../../../electron/ipc/contract.js';
import * as v from 'valibot';
import {
  answer,
  FUZZ_TIMEOUT_MS,
  fuzzParams,
  isAcceptableBaseUrl,
  jsonJunk,
  looseRecord,
  requestBase,
  urlLike,
  urlValue,
  versionsBody,
  type Answer,
} from './arbitraries.js';
import { recordingFetch } from './fakeFetch.js';

const serverPart = fc.oneof(looseRecord({ base_url: urlValue }), jsonJunk);
const wellKnownBody = fc.oneof(
  {
    weight: 4,
    arbitrary: looseRecord({ 'm.homeserver': serverPart, 'm.identity_server': serverPart }),
  },
  { weight: 1, arbitrary: jsonJunk },
);

const providerId = fc.oneof(
  fc.constantFrom(
    'oidc-github',
    'saml',
    '',
    ' ',
    ' padded ',
    '.',
    '..',
    '...',
    'a'.repeat(255),
    'a'.repeat(256),
  ),
  fc.string({ unit: 'binary', maxLength: 12 }),
  jsonJunk,
);
const loginFlowsBody = fc.oneof(
  {
    weight: 4,
    arbitrary: looseRecord({
      flows: fc.oneof(
        fc.array(
          fc.oneof(
            looseRecord({
              type: fc.constantFrom(
                'm.login.password',
                'm.login.sso',
                'm.login.cas',
                'm.login.token',
                'x',
              ),
              identity_providers: fc.oneof(
                fc.array(
                  fc.oneof(
                    looseRecord({
                      id: providerId,
                      name: fc.oneof(fc.string({ maxLength: 120 }), jsonJunk),
                    }),
                    jsonJunk,
                  ),
                  { maxLength: 4 },
                ),
                jsonJunk,
              ),
            }),
            jsonJunk,
          ),
          { maxLength: 4 },
        ),
        jsonJunk,
      ),
    }),
  },
  { weight: 1, arbitrary: jsonJunk },
);

/** A route table: one canned answer per endpoint discovery may call. */
const serverAnswers = fc.record({
  wellKnown: answer(wellKnownBody),
  versions: answer(versionsBody),
  login: answer(loginFlowsBody),
  authMetadata: answer(jsonJunk),
});
type ServerAnswers = { wellKnown: Answer; versions: Answer; login: Answer; authMetadata: Answer };

function route(answers: ServerAnswers) {
  return (url: URL): Answer | null => {
    if (url.pathname.endsWith('/.well-known/matrix/client')) return answers.wellKnown;
    if (url.pathname.endsWith('/_matrix/client/versions')) return answers.versions;
    if (url.pathname.endsWith('/_matrix/client/v3/login')) return answers.login;
    if (url.pathname.endsWith('/_matrix/client/v1/auth_metadata')) return answers.authMetadata;
    return null;
  };
}

const serverInput = fc.oneof(
  fc.constantFrom(
    'example.org',
    'matrix.example.org:8448',
    'localhost:8008',
    'EXAMPLE.org',
    'mätrix.example',
  ),
  fc.domain(),
  urlLike,
  fc.string({ maxLength: 20 }),
);

function expectFlowsWellFormed(flows: ReturnType<typeof parseLoginFlows>): void {
  expect(typeof flows.password).toBe('boolean');
  expect(Array.isArray(flows.sso)).toBe(true);
  for (const idp of flows.sso) {
    expect(idp.id === null || (typeof idp.id === 'string' && idp.id.length > 0)).toBe(true);
    expect(typeof idp.name).toBe('string');
    expect(idp.name.length).toBeGreaterThan(0);
    expect(idp.name.length).toBeLessThanOrEqual(255);
  }
}

describe('fuzz: discovery', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('fetchWellKnown classifies any answer as found, absent or failed with a reason', async () => {
    await fc.assert(
      fc.asyncProperty(answer(wellKnownBody), async (wk) => {
        const { fetch } = recordingFetch(() => wk);
        const result = await fetchWellKnown(fetch, 'example.org');
        if (result.state === 'found') {
          expect(wk.status).toBe(200);
          expect(typeof result.wellKnown['m.homeserver']).toBe('object');
          expect(result.wellKnown['m.homeserver']).not.toBeNull();
        } else if (result.state === 'failed') {
          expect(result.reason.length).toBeGreaterThan(0);
        } else {
          expect(result.state).toBe('absent');
          expect(wk.status).toBe(404);
        }
      }),
      fuzzParams(0x3e11),
    );
  });

  it('probeHomeserver accepts exactly a 200 JSON object listing a supported version', async () => {
    await fc.assert(
      fc.asyncProperty(answer(versionsBody), async (versions) => {
        const { fetch } = recordingFetch(() => versions);
        const result = await probeHomeserver(fetch, 'https://matrix.example.org');
        let expected = false;
        if (!versions.throws && versions.status === 200) {
          try {
            const body: unknown = JSON.parse(versions.body);
            const listed = (body as { versions?: unknown } | null)?.versions;
            expected =
              typeof body === 'object' &&
              !Array.isArray(body) &&
              Array.isArray(listed) &&
              SUPPORTED_MATRIX_VERSIONS.some((s) => listed.includes(s));
          } catch {
            expected = false;
          }
        }
        expect(result.ok).toBe(expected);
        if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
      }),
      fuzzParams(0x7e25),
    );
  });

  it('parseLoginFlows never throws and offers only providers the app can send back', () => {
    fc.assert(
      fc.property(loginFlowsBody, (body) => {
        const flows = parseLoginFlows(body);
        expectFlowsWellFormed(flows);
        // The renderer answers with one of these ids: the contract must carry it unchanged.
        for (const idp of flows.sso) {
          const parsed = v.safeParse(commandSchemas.startSso, { providerId: idp.id });
          expect(parsed.success && parsed.output.providerId).toBe(idp.id);
        }
        // ...and sign-in must accept it: the SSO start URL goes to that provider on this server.
        const first = flows.sso[0];
        if (first) {
          const url = ssoLoginUrl({
            serverUrl: 'https://matrix.example.org',
            fetch: globalThis.fetch,
            redirectUrl: 'http://127.0.0.1:1234/callback',
            providerId: first.id,
            flows: { ...flows, oauth: null, preferOAuth: false },
          });
          const path = new URL(url).pathname;
          expect(url.startsWith('https://matrix.example.org/_matrix/client/')).toBe(true);
          expect(
            path.endsWith(first.id === null ? '/login/sso/redirect' : `/redirect/${first.id}`),
          ).toBe(true);
        }
      }),
      fuzzParams(0x10f1),
    );
  });

  it('discoverServer answers a usable homeserver or a UserFacingError naming the server', async () => {
    await fc.assert(
      fc.asyncProperty(serverInput, serverAnswers, async (input, answers) => {
        const recorder = recordingFetch(route(answers));
        let discovery: Awaited<ReturnType<typeof discoverServer>> | null = null;
        try {
          discovery = await discoverServer(recorder.fetch, input);
        } catch (error) {
          expect(error).toBeInstanceOf(UserFacingError);
          const { code, message } = error as UserFacingError;
          expect(code).toMatch(/^[A-Z_]+$/);
          // Nothing failed to connect, so the user must not be told to check the connection.
          const anyThrew = Object.values(answers).some((a) => a.throws);
          if (!anyThrew) expect(code).not.toBe('UNREACHABLE');
          expect(message.length).toBeGreaterThan(0);
          const parsed = parseServerInput(input);
          if (parsed.kind === 'name') {
            const hosts = [parsed.name, ...recorder.urls.map((u) => new URL(u).host)];
            expect(hosts.some((h) => message.includes(h))).toBe(true);
          }
        }
        // Nothing was ever sent to a URL the policy forbids.
        for (const url of recorder.urls)
          expect(requestBase(url)).toMatchObject({ acceptable: true });
        if (discovery !== null) {
          expect(isAcceptableBaseUrl(discovery.homeserverUrl)).toBe(true);
          if (discovery.identityServerUrl !== null) {
            expect(isAcceptableBaseUrl(discovery.identityServerUrl)).toBe(true);
          }
          expectFlowsWellFormed(discovery.flows);
          expect(
            discovery.flows.password ||
              discovery.flows.sso.length > 0 ||
              discovery.flows.oauth !== null,
          ).toBe(true);
        }
      }),
      fuzzParams(0xd15c),
    );
  });
});
