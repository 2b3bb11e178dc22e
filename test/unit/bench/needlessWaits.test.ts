/**
 * The oauth-ready check "no step that could run in parallel runs in sequence", on hand-made
 * request logs shaped like the scenario's (times in ms after the consent POST, 50 ms per answer).
 */
import { describe, expect, it } from 'vitest';
import { needlessWaits, type StepRequest } from '../../bench/harness/needlessWaits.js';
import { OAUTH_READY_DEPENDENCIES, stepOf } from '../../bench/scenarios/oauthReadySteps.js';
import type { RequestLogEntry } from '../../fixtures/shared/requestLog.js';

const req = (step: string, time: number, answeredAt?: number): StepRequest => ({
  step,
  time,
  answeredAt,
  label: `${step}@${time}`,
});

/** The chain every run has up to whoami's answer (+210). */
const chain = [
  req('consent', 0, 55),
  req('resume', 56, 110),
  req('token', 130, 182),
  req('whoami', 190, 245),
];

const check = (log: StepRequest[]) =>
  needlessWaits(log, OAUTH_READY_DEPENDENCIES, { from: 0, slackMs: 25 }).map(
    (w) => `${w.waited.label} after ${w.after.label}`,
  );

describe('needlessWaits (oauth-ready)', () => {
  it('fails a log in which two independent reads ran one after the other', () => {
    // Account data and /sync both need only whoami; /sync went out after account data's answer.
    const log = [...chain, req('accountData', 250, 302), req('sync', 303, 355)];

    expect(check(log)).toEqual(['sync@303 after accountData@250']);
  });

  it('passes the same requests when they overlapped', () => {
    const log = [...chain, req('accountData', 250, 302), req('sync', 251, 304)];

    expect(check(log)).toEqual([]);
  });

  it('a dependent chain in sequence is fine, through intermediate steps too', () => {
    // accountData after token's answer: it needs whoami, which needs token.
    expect(check([...chain, req('accountData', 250, 302)])).toEqual([]);
  });

  it('a request held back by its own dependency is not blamed on an unrelated answer', () => {
    // The session's metadata read overlaps the whole chain; whoami goes out after its answer,
    // but only because the token came later still.
    const log = [...chain.slice(0, 3), req('authMetadata', 120, 170), chain[3]!];

    expect(check(log)).toEqual([]);
  });

  it('a request that waited through an unrelated round trip is flagged even when sent later', () => {
    // The metadata read went out right after whoami; account data waited for its answer.
    const log = [...chain, req('authMetadata', 246, 300), req('accountData', 301, 355)];

    expect(check(log)).toEqual(['accountData@301 after authMetadata@246']);
  });

  it('a request of no known step depends on nothing: sent late, it is flagged', () => {
    const log = [...chain, req('homeserver GET /_matrix/client/v3/capabilities', 250, 300)];

    expect(check(log)).toEqual([
      'homeserver GET /_matrix/client/v3/capabilities@250 after consent@0',
      'homeserver GET /_matrix/client/v3/capabilities@250 after resume@56',
      'homeserver GET /_matrix/client/v3/capabilities@250 after token@130',
      'homeserver GET /_matrix/client/v3/capabilities@250 after whoami@190',
    ]);
  });

  it("the client's own work after an answer (under the slack) is not a wait", () => {
    // /sync became ready at whoami's answer (245) and went out at 262, after an unrelated
    // answer at 260 that came 15 ms after it was ready: the client was busy, not waiting.
    const log = [req('unrelated', 0, 260), ...chain, req('sync', 262, 310)];

    expect(check(log)).toEqual([]);
  });

  it('a pending request blocks nobody', () => {
    expect(check([...chain, req('sync', 250), req('accountData', 400, 450)])).toEqual([]);
  });
});

describe('stepOf (oauth-ready)', () => {
  const servers = {
    oauth: { baseUrl: 'http://127.0.0.1:1001' },
    oauthHs: { baseUrl: 'http://127.0.0.1:1002' },
    identityServer: { baseUrl: 'http://127.0.0.1:1003' },
  } as unknown as Parameters<typeof stepOf>[0];
  const entry = (server: string, method: string, path: string): RequestLogEntry => ({
    server,
    method,
    path,
    template: path,
    time: 0,
    authorization: false,
    accessTokenInQuery: false,
    status: 200,
  });

  it('names each request of the chain by server and route', () => {
    const as = 'oauth http://127.0.0.1:1001';
    const hs = 'homeserver oauth http://127.0.0.1:1002';
    expect(
      [
        entry(as, 'POST', '/interaction/abc/consent'),
        entry(as, 'GET', '/auth/abc'),
        entry(as, 'POST', '/token'),
        entry(hs, 'GET', '/_matrix/client/v3/account/whoami'),
        entry(hs, 'GET', '/_matrix/client/v3/user/%40u%3Ax/account_data/m.identity_server'),
        entry(hs, 'GET', '/_matrix/client/v3/sync'),
        entry(hs, 'GET', '/_matrix/client/v1/auth_metadata'),
        entry('identity http://127.0.0.1:1003', 'GET', '/_matrix/identity/v2'),
        // Same path, other server: not the chain's.
        entry('homeserver http://127.0.0.1:10021', 'GET', '/_matrix/client/v3/sync'),
      ].map((e) => stepOf(servers, e)),
    ).toEqual([
      'consent',
      'resume',
      'token',
      'whoami',
      'accountData',
      'sync',
      'authMetadata',
      'identity',
      'homeserver http://127.0.0.1:10021 GET /_matrix/client/v3/sync',
    ]);
  });
});
