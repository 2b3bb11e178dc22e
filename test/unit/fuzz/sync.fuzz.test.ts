/**
 * Fuzzing /sync answers as SyncRequestRetrier checks them (checkSyncBody) before the SDK sees
 * them: only an answer with a next_batch the sync can go on from is handed on; anything else is
 * asked for again.
 * Replay: see arbitraries.ts.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { checkSyncBody } from '../../../electron/core/session/SyncRequestRetrier.js';
import {
  bodyText,
  FUZZ_TIMEOUT_MS,
  fuzzParams,
  jsonJunk,
  looseRecord,
  urlValue,
} from './arbitraries.js';

const accountDataEvent = fc.oneof(
  {
    weight: 4,
    arbitrary: looseRecord({
      type: fc.oneof(fc.constantFrom('m.identity_server', 'm.direct', '__proto__', ''), jsonJunk),
      content: fc.oneof(looseRecord({ base_url: urlValue }), jsonJunk),
    }),
  },
  { weight: 1, arbitrary: jsonJunk },
);
const syncBody = fc.oneof(
  {
    weight: 5,
    arbitrary: looseRecord({
      next_batch: fc.oneof(fc.constantFrom('s72594_4483_1934', ''), jsonJunk),
      account_data: fc.oneof(
        looseRecord({ events: fc.oneof(fc.array(accountDataEvent, { maxLength: 5 }), jsonJunk) }),
        jsonJunk,
      ),
      rooms: jsonJunk,
    }),
  },
  { weight: 1, arbitrary: jsonJunk },
);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

describe('fuzz: /sync', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('passes on to the SDK exactly the answers with a next_batch it can go on from', () => {
    fc.assert(
      fc.property(bodyText(syncBody), (text) => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        // An empty next_batch is refused too: `since=` would restart the sync from scratch.
        const usable =
          isObject(body) && typeof body.next_batch === 'string' && body.next_batch !== '';
        try {
          checkSyncBody(text);
          return usable;
        } catch (error) {
          return !usable && error instanceof SyntaxError;
        }
      }),
      fuzzParams(0x5c),
    );
  });
});
