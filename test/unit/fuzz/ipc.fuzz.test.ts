/**
 * Fuzzing IPC payloads from the renderer, as dispatchCommand (ipc/dispatch.ts) receives them for
 * every contract command: a payload is either accepted in the contract's shape and handed to the
 * handler, or refused with INVALID_REQUEST naming the field, and the handler is not called.
 * Replay: see arbitraries.ts.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../../electron/core/UserFacingError.js';
import {
  commandNames,
  commandSchemas,
  type CommandHandlers,
  type CommandName,
} from '../../../electron/ipc/contract.js';
import { dispatchCommand } from '../../../electron/ipc/dispatch.js';
import { FUZZ_TIMEOUT_MS, fuzzParams, jsonJunk, urlLike } from './arbitraries.js';

/** Handlers that record what they were given and answer nothing of interest. */
function recordingHandlers(calls: { name: string; request: unknown }[]): CommandHandlers {
  return Object.fromEntries(
    commandNames.map((name) => [
      name,
      async (request: unknown) => {
        calls.push({ name, request });
        return null;
      },
    ]),
  ) as unknown as CommandHandlers;
}

const fieldNames = [
  ...new Set(Object.values(commandSchemas).flatMap((schema) => Object.keys(schema.entries))),
];
const fieldValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '   ',
    ' padded ',
    '\u00a0',
    'email',
    'msisdn',
    'EMAIL',
    'x'.repeat(513),
    'x'.repeat(4097),
  ),
  urlLike,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), urlLike, jsonJunk), { maxLength: 3 }),
  fc
    .integer({ min: 60, max: 70 })
    .map((n) => Array.from({ length: n }, (_, i) => `https://t.example/${i}`)),
  jsonJunk,
);
/** Objects with the contract's field names (right and wrong types), and structured-clone junk. */
const payload = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.dictionary(fc.constantFrom(...fieldNames, '__proto__', 'extra'), fieldValue, {
      maxKeys: 4,
    }),
  },
  { weight: 1, arbitrary: jsonJunk },
  {
    weight: 1,
    arbitrary: fc.anything({
      maxDepth: 1,
      maxKeys: 3,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, {}, [], '', 0) },
);
const commandName = fc.constantFrom(...commandNames);

/** Per field, mostly the right type (so every command is also accepted), sometimes not. */
const nearlyRight: Record<string, fc.Arbitrary<unknown>> = {
  acceptedPolicyUrls: fc.array(fc.oneof(urlLike, fc.string({ maxLength: 4 })), { maxLength: 3 }),
  acceptNoTerms: fc.boolean(),
  medium: fc.constantFrom('email', 'msisdn', 'EMAIL'),
  providerId: fc.oneof(fc.constant(null), fc.string({ maxLength: 12 })),
  entries: fc.array(
    fc.record({
      address: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('x'.repeat(321))),
      medium: fc.constantFrom(null, 'email', 'msisdn', 'EMAIL'),
    }),
    { maxLength: 3 },
  ),
  defaultCountry: fc.constantFrom(null, 'GB', 'gb', 'GBR'),
  allow: fc.boolean(),
  // The threepid commands (issue 11): main's opaque handle (a UUID), and nullable code/password.
  handle: fc.constantFrom('3f1c2b7e-9a4d-4c1e-8b2a-0d5e6f7a8b9c', '1', ''),
  code: fc.oneof(fc.constant(null), fc.string({ maxLength: 8 })),
  password: fc.oneof(fc.constant(null), fc.string({ maxLength: 8 })),
  // Network settings (issue 12).
  setting: fc.oneof(
    fc.constantFrom({ mode: 'system' }, { mode: 'direct' }, { mode: 'auto' }),
    fc.record({
      mode: fc.constant('manual'),
      url: fc.oneof(urlLike, fc.constant('')),
      bypass: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
    }),
    fc.record({ mode: fc.constant('pac'), pac_url: urlLike }),
  ),
  answer: fc.oneof(
    fc.constant(null),
    fc.record({
      username: fc.string({ maxLength: 8 }),
      password: fc.string({ maxLength: 8 }),
      remember: fc.boolean(),
    }),
  ),
  sha256: fc.oneof(
    fc
      .array(fc.integer({ min: 0, max: 255 }), { minLength: 32, maxLength: 32 })
      .map((bytes) => bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':')),
    fc.string({ maxLength: 12 }),
  ),
  action: fc.constantFrom('profile', 'sessions', 'changePassword'),
  roomId: fc.constantFrom('!abc:example.org', '!x:h', 'abc', '!no-server', '#alias:example.org'),
  invite: fc.array(fc.constantFrom('@bob:example.org', ''), { maxLength: 3 }),
  direct: fc.boolean(),
  encrypted: fc.boolean(),
  public: fc.boolean(),
  // Invite by address (issue 13, item 4).
  address: fc.oneof(
    fc.constantFrom('carol@example.org', '+44 7700 900123', '@bob:example.org', ''),
    fc.string({ maxLength: 20 }),
  ),
  confirmThirdParty: fc.boolean(),
  // Media (issue 13): avatars by mxc URI, downloads by event.
  mxc: fc.constantFrom('mxc://example.org/abc_DEF-1', 'mxc://[::1]:8448/x', 'mxc://h/../x', ''),
  width: fc.constantFrom(32, 96, 0, 801, 1.5),
  height: fc.constantFrom(32, 96, -1),
  eventId: fc.constantFrom('$abc:example.org', '$x', 'abc', ''),
};
const wellFormedIsh = (name: CommandName) =>
  fc.record(
    Object.fromEntries(
      Object.keys(commandSchemas[name].entries).map((key) => [
        key,
        fc.oneof(
          {
            weight: 4,
            arbitrary: nearlyRight[key] ?? fc.oneof(fc.string({ maxLength: 20 }), urlLike),
          },
          { weight: 1, arbitrary: fieldValue },
        ),
      ]),
    ),
    { requiredKeys: [] },
  );
const commandAndPayload = commandName.chain((name) =>
  fc.tuple(fc.constant(name), fc.oneof({ weight: 2, arbitrary: wellFormedIsh(name) }, payload)),
);

describe('fuzz: IPC payloads', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('every command accepts a payload in its contract shape or refuses it with INVALID_REQUEST', async () => {
    const accepted = new Set<string>();
    await fc.assert(
      fc.asyncProperty(commandAndPayload, async ([name, request]) => {
        const calls: { name: string; request: unknown }[] = [];
        const result = await dispatchCommand(recordingHandlers(calls), name, request);
        if (result.ok) {
          accepted.add(name);
          expect(calls).toHaveLength(1);
          const given = calls[0]!.request as Record<string, unknown>;
          // What the handler got is exactly the contract's shape: no extra keys, valid again.
          expect(Object.keys(given).sort()).toEqual(
            Object.keys(commandSchemas[name].entries).sort(),
          );
          expect(v.is(commandSchemas[name], given)).toBe(true);
        } else {
          expect(calls).toHaveLength(0);
          expect(result.error.code).toBe('INVALID_REQUEST');
          // "Invalid <field>: <what is wrong>", the field named when there is one.
          expect(result.error.message).toMatch(/^Invalid .*: .+/);
        }
      }),
      fuzzParams(0x1bc),
    );
    // Not vacuous: every command saw payloads it accepted, not only refusals.
    expect([...accepted].sort()).toEqual([...commandNames].sort());
  });

  it('a name that is not a command runs nothing, whatever it is', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'cmd:ping'),
          fc.string(),
          jsonJunk,
        ),
        payload,
        async (name, request) => {
          fc.pre(!commandNames.includes(name as CommandName));
          const calls: { name: string; request: unknown }[] = [];
          const result = await dispatchCommand(recordingHandlers(calls), name, request);
          expect(calls).toHaveLength(0);
          expect(result).toEqual({
            ok: false,
            error: { code: 'M_UNRECOGNIZED', message: 'Unknown command.' },
          });
        },
      ),
      fuzzParams(0xbad),
    );
  });

  it('a handler that throws answers its UserFacingError, or INTERNAL without details', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), jsonJunk),
        fc.boolean(),
        async (thrown, userFacing) => {
          const text = JSON.stringify(thrown) ?? '';
          const error = userFacing ? new UserFacingError('SOME_CODE', text) : thrown;
          const handlers = { ...recordingHandlers([]), ping: async () => Promise.reject(error) };
          const internal: unknown[] = [];
          const result = await dispatchCommand(handlers, 'ping', {}, (_n, e) => internal.push(e));
          if (userFacing) {
            expect(result).toEqual({
              ok: false,
              error: { code: 'SOME_CODE', message: text },
            });
          } else {
            expect(result).toEqual({
              ok: false,
              error: {
                code: 'INTERNAL',
                message: 'Something went wrong inside the app. Please try again.',
              },
            });
            expect(internal).toEqual([thrown]);
          }
        },
      ),
      fuzzParams(0x7707),
    );
  });
});
