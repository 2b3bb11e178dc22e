/**
 * Fuzzing what identity servers and the account send about identity servers: the
 * m.identity_server account-data content, /terms, /account/register, /hash_details and /lookup.
 * Replay: see arbitraries.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadServerResponse } from '../../../electron/core/identity/BadServerResponse.js';
import { describeFailure } from '../../../electron/core/identity/identityErrors.js';
import { createIdentityServerFetch } from '../../../electron/core/identity/identityServerFetch.js';
import { IdentityServerConnection } from '../../../electron/core/identity/IdentityServerConnection.js';
import { resolveIdentityServer } from '../../../electron/core/identity/resolveIdentityServer.js';
import {
  isSafeDocumentUrl,
  parseTermsPolicies,
} from '../../../electron/core/identity/termsPolicies.js';
import { commandSchemas } from '../../../electron/ipc/contract.js';
import * as v from 'valibot';
import {
  answer,
  FUZZ_TIMEOUT_MS,
  fuzzParams,
  isAcceptableBaseUrl,
  jsonJunk,
  looseRecord,
  urlLike,
  urlValue,
  type Answer,
} from './arbitraries.js';
import { recordingFetch } from './fakeFetch.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const IS_URL = 'https://is.example.org';

const accountContent = fc.oneof(
  { weight: 4, arbitrary: looseRecord({ base_url: urlValue }) },
  { weight: 1, arbitrary: jsonJunk },
);
const defaultUrl = fc.oneof(fc.constant(null), urlLike);

describe('fuzz: identity', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('m.identity_server content resolves to a usable URL, "disabled" or a default', () => {
    fc.assert(
      fc.property(
        accountContent,
        defaultUrl,
        defaultUrl,
        defaultUrl,
        (content, login, discovery, app) => {
          const resolution = resolveIdentityServer(
            { kind: 'present', content },
            { login, discovery, app },
          );
          if (resolution.url !== null && !isAcceptableBaseUrl(resolution.url)) return false;
          if (resolution.disabledByAccount) {
            // Only an explicit {"base_url": null} disables.
            return resolution.url === null && (content as { base_url?: unknown }).base_url === null;
          }
          return resolution.source === 'none' ? resolution.url === null : resolution.url !== null;
        },
      ),
      fuzzParams(0xacc7),
    );
  });

  const policyDoc = looseRecord({
    name: fc.oneof(fc.string({ maxLength: 20 }), jsonJunk),
    url: urlValue,
  });
  const termsBody = fc.oneof(
    {
      weight: 4,
      arbitrary: looseRecord({
        policies: fc.oneof(
          fc.dictionary(
            fc.oneof(fc.constantFrom('terms_of_service', 'privacy', '__proto__', ''), fc.string()),
            fc.oneof(
              looseRecord({
                version: fc.oneof(fc.constantFrom('1.0', ''), jsonJunk),
                en: fc.oneof(policyDoc, jsonJunk),
                de: policyDoc,
              }),
              jsonJunk,
            ),
            { maxKeys: 4 },
          ),
          jsonJunk,
        ),
      }),
    },
    { weight: 1, arbitrary: jsonJunk },
  );

  it('terms are parsed into safe links the renderer can send back, or a BadServerResponse', () => {
    fc.assert(
      fc.property(termsBody, (body) => {
        let policies: ReturnType<typeof parseTermsPolicies>;
        try {
          policies = parseTermsPolicies(body);
        } catch (error) {
          return error instanceof BadServerResponse && error.problem.length > 0;
        }
        // Accepting them goes back through the contract: it must carry every URL unchanged.
        const accepted = v.safeParse(commandSchemas.identityAcceptTerms, {
          acceptedPolicyUrls: policies.map((p) => p.url),
          acceptNoTerms: false,
        });
        return (
          accepted.success &&
          policies.every(
            (p) =>
              isSafeDocumentUrl(p.url) &&
              /^(https:|http:\/\/(localhost|127\.|\[::1\]))/.test(new URL(p.url).href) &&
              p.name.trim() === p.name &&
              p.name.length > 0 &&
              p.version.length > 0,
          )
        );
      }),
      fuzzParams(0x7e3),
    );
  });

  /** One connection for the whole run (building SDK clients is slow); each case sets `current`. */
  let current: Record<string, Answer> = {};
  const recorder = recordingFetch((url) => current[url.pathname.split('/').pop() ?? ''] ?? null);
  const connection = new IdentityServerConnection(
    IS_URL,
    'https://hs.example.org',
    recorder.fetch,
    silent,
  );

  const hashDetails = fc.oneof(
    looseRecord({
      lookup_pepper: fc.oneof(fc.constantFrom('pepper', ''), jsonJunk),
      algorithms: fc.oneof(
        fc.subarray(['sha256', 'none', 'md5']),
        fc.constantFrom('sha256', 'none'),
        jsonJunk,
      ),
    }),
    jsonJunk,
  );
  const lookupAnswer = fc.oneof(
    looseRecord({
      mappings: fc.oneof(
        fc.dictionary(
          fc.oneof(
            fc.constantFrom('alice@example.org email', 'toString', '__proto__'),
            fc.string(),
          ),
          fc.oneof(fc.constantFrom('@alice:example.org', 'alice', '@a b:c'), jsonJunk),
          { maxKeys: 2 },
        ),
        jsonJunk,
      ),
    }),
    jsonJunk,
  );

  it('a lookup answers a user ID, nobody, or an error that names the server', async () => {
    await fc.assert(
      fc.asyncProperty(answer(hashDetails), answer(lookupAnswer), async (details, found) => {
        current = { hash_details: details, lookup: found };
        let userId: string | null;
        try {
          userId = await connection.lookup('token', 'email', 'alice@example.org');
        } catch (error) {
          const described = describeFailure('identity server', IS_URL, 'looking up', error);
          expect(described.message).toContain(IS_URL);
          // Nothing failed to connect, so the user must not be told to check the connection.
          if (!details.throws && !found.throws) {
            expect(described.code).toMatch(/^IDENTITY_(BAD_RESPONSE|HTTP_\d+)$/);
          }
          return;
        }
        if (userId !== null) expect(userId).toMatch(/^@[^:\s]+:\S+$/);
      }),
      fuzzParams(0x100c),
    );
  });

  it('the identity-server status check passes only a 200 JSON object, else names the server', async () => {
    // Through the same capped, no-redirect fetch the app gives every identity-server request.
    const checked = new IdentityServerConnection(
      IS_URL,
      'https://hs.example.org',
      createIdentityServerFetch(recorder.fetch, new AbortController().signal),
      silent,
    );
    await fc.assert(
      fc.asyncProperty(answer(jsonJunk), async (status) => {
        current = { v2: status };
        try {
          await checked.confirmIsIdentityServer();
        } catch (error) {
          const described = describeFailure('identity server', IS_URL, 'checking it', error);
          expect(described.message).toContain(IS_URL);
          if (!status.throws) expect(described.code).not.toBe('IDENTITY_UNREACHABLE');
          return;
        }
        const body: unknown = JSON.parse(status.body);
        expect(status.status).toBe(200);
        expect(typeof body === 'object' && body !== null && !Array.isArray(body)).toBe(true);
      }),
      fuzzParams(0x5747),
    );
  });

  it('registration answers a token or a BadServerResponse', async () => {
    const registerAnswer = looseRecord({
      token: fc.oneof(fc.constantFrom('tok', ''), jsonJunk),
      access_token: fc.oneof(fc.constantFrom('tok', ''), jsonJunk),
    });
    const openId = {
      access_token: 'o',
      token_type: 'Bearer',
      matrix_server_name: 'hs.example.org',
      expires_in: 3600,
    };
    await fc.assert(
      fc.asyncProperty(answer(fc.oneof(registerAnswer, jsonJunk)), async (registered) => {
        current = { register: registered };
        try {
          const token = await connection.register(openId);
          expect(typeof token).toBe('string');
          expect(token.length).toBeGreaterThan(0);
        } catch (error) {
          const described = describeFailure('identity server', IS_URL, 'registering', error);
          expect(described.message).toContain(IS_URL);
          if (!registered.throws) {
            expect(described.code).toMatch(/^IDENTITY_(BAD_RESPONSE|HTTP_\d+)$/);
          }
        }
      }),
      fuzzParams(0x4e6),
    );
  });
});

describe('identity-server examples found by fuzzing', () => {
  async function failureOf(body: string, status: number, call: 'lookup' | 'register') {
    const fetch = (async () =>
      new Response(body, {
        status,
        headers: { 'content-type': 'application/json' },
      })) as typeof globalThis.fetch;
    const connection = new IdentityServerConnection(
      IS_URL,
      'https://hs.example.org',
      fetch,
      silent,
    );
    try {
      if (call === 'lookup') await connection.lookup('token', 'email', 'alice@example.org');
      else
        await connection.register({
          access_token: 'o',
          token_type: 'Bearer',
          matrix_server_name: 'hs',
          expires_in: 60,
        });
    } catch (error) {
      return describeFailure('identity server', IS_URL, 'looking up', error);
    }
    throw new Error('expected a failure');
  }

  it('hash details whose algorithms are not a list are a bad answer, not a lost connection', async () => {
    const failure = await failureOf('{"lookup_pepper":"p","algorithms":{}}', 200, 'lookup');
    expect(failure.code).toBe('IDENTITY_BAD_RESPONSE');
    expect(failure.message).toContain(IS_URL);
  });

  it('an error status with a JSON null body is a bad answer, not a lost connection', async () => {
    const failure = await failureOf('null', 502, 'register');
    expect(failure.code).toBe('IDENTITY_BAD_RESPONSE');
  });
});
