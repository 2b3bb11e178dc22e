/**
 * Fuzzing /sync answers as AccountDataSync reads them (parseSyncAccountData): the loop keeps a
 * next_batch it can continue from and hands on only well-formed account-data events, in order.
 * Replay: see arbitraries.ts.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseSyncAccountData } from '../../../electron/core/session/AccountDataSync.js';
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
  it('keeps next_batch and exactly the well-formed account-data events, in order', () => {
    fc.assert(
      // As the SDK hands it over: JSON text parsed (so __proto__ is an own key), never junk text.
      fc.property(bodyText(syncBody), (text) => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          return true; // the SDK refuses non-JSON before the loop sees it
        }
        let parsed: ReturnType<typeof parseSyncAccountData>;
        try {
          parsed = parseSyncAccountData(body);
        } catch (error) {
          return (
            error instanceof Error &&
            error.message === 'malformed /sync answer' &&
            // An empty next_batch is refused too: `since=` would restart the sync from scratch.
            !(isObject(body) && typeof body.next_batch === 'string' && body.next_batch !== '')
          );
        }
        if (!isObject(body) || parsed.nextBatch !== body.next_batch) return false;
        const listed = isObject(body.account_data) ? body.account_data.events : [];
        const expected = (Array.isArray(listed) ? listed : []).filter(
          (e) => isObject(e) && typeof e.type === 'string' && isObject(e.content),
        );
        return (
          parsed.events.length === expected.length &&
          parsed.events.every(
            (e, i) => e === expected[i] && typeof e.type === 'string' && isObject(e.content),
          )
        );
      }),
      fuzzParams(0x5c),
    );
  });
});
