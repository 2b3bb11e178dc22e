/**
 * is-ready: from sending POST /login through the portal until the core knows the account's
 * identity server (the portal's redirect validated, m.identity_server read), for an account in 1
 * and in 2,000 rooms, in ms and in round trips after the login answer.
 *
 * Baseline, side by side in the same run on the same accounts: what clients commonly wait for,
 * a plain matrix-js-sdk request for a full initial /sync after the same portal login, reading
 * m.identity_server from its account data.
 */
import { createClient, Method } from 'matrix-js-sdk';
import '../harness/quietSdk.js';
import type { World } from '../../fixtures/index.js';
import { allRequests, IS_EVENT, startBenchWorld } from '../harness/benchWorld.js';
import { measure, type ScenarioResult } from '../harness/result.js';
import { countRoundTrips } from '../harness/roundTrips.js';
import type { Scenario, ScenarioContext } from '../harness/scenario.js';
import { startTimedCore } from '../harness/timedCore.js';

export const ACCOUNTS = [
  { username: 'small', password: 'small-password', rooms: 1, label: '1 room' },
  { username: 'big', password: 'big-password', rooms: 2_000, label: '2,000 rooms' },
] as const;

export type BenchAccount = (typeof ACCOUNTS)[number];

export async function startAccountsWorld(delayMs: number): Promise<World> {
  const world = await startBenchWorld(
    delayMs,
    ACCOUNTS.map((a) => ({
      username: a.username,
      password: a.password,
      homeserver: 'hs1',
      rooms: a.rooms,
    })),
  );
  // Both accounts carry the setting in their account data, so the app and the baseline read the
  // same thing (the app otherwise settles on the portal's suggestion, which proves less).
  for (const a of ACCOUNTS) {
    world.hs1.setAccountData(a.username, IS_EVENT, { base_url: world.identityServer!.baseUrl });
  }
  return world;
}

interface Sample {
  ms: number;
  roundTrips: number;
}

async function appRun(world: World, account: BenchAccount): Promise<Sample> {
  const timed = await startTimedCore();
  try {
    await timed.app.core.handlers.discover({ server: world.portal.baseUrl });
    const sentAt = Date.now();
    await timed.app.core.handlers.loginWithPassword({
      identifier: account.username,
      password: account.password,
    });
    const knownAt = await timed.identityKnown;
    return { ms: knownAt - sentAt, roundTrips: roundTripsAfterLogin(world, sentAt, knownAt) };
  } finally {
    await timed.close();
  }
}

async function baselineRun(world: World, account: BenchAccount): Promise<Sample> {
  const sentAt = Date.now();
  const login = (await (
    await fetch(`${world.portal.baseUrl}/_matrix/client/v3/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'm.login.password',
        identifier: { type: 'm.id.user', user: account.username },
        password: account.password,
      }),
    })
  ).json()) as {
    user_id: string;
    access_token: string;
    well_known?: { 'm.homeserver'?: { base_url?: string } };
  };
  const baseUrl = login.well_known?.['m.homeserver']?.base_url;
  if (!baseUrl) throw new Error('baseline: the portal named no homeserver');
  const client = createClient({ baseUrl, accessToken: login.access_token, userId: login.user_id });
  const sync = await client.http.authedRequest<{
    account_data?: { events?: { type: string; content: { base_url?: string } }[] };
  }>(Method.Get, '/sync', { timeout: '0' });
  const event = sync.account_data?.events?.find((e) => e.type === IS_EVENT);
  if (!event?.content.base_url) throw new Error('baseline: no m.identity_server in the sync');
  const knownAt = Date.now();
  return { ms: knownAt - sentAt, roundTrips: roundTripsAfterLogin(world, sentAt, knownAt) };
}

/** Round trips from the portal's login answer (the one sent at or after `sentAt`) to `until`. */
function roundTripsAfterLogin(world: World, sentAt: number, until: number): number {
  const login = world.portal
    .requests({ method: 'POST', path: '/login' })
    .find((r) => r.time >= sentAt && r.answeredAt !== undefined);
  if (!login?.answeredAt) throw new Error('no answered login in the portal log');
  return countRoundTrips(allRequests(world), { from: login.answeredAt, until });
}

export async function runIsReady(ctx: ScenarioContext): Promise<ScenarioResult[]> {
  const world = await startAccountsWorld(ctx.delayMs);
  const rows: ScenarioResult[] = [];
  try {
    for (const account of ACCOUNTS) {
      const app: Sample[] = [];
      const baseline: Sample[] = [];
      for (let run = 0; run < ctx.runs; run += 1) {
        // Alternate who goes first, so neither always runs on a warmer process.
        if (run % 2 === 0) app.push(await appRun(world, account));
        baseline.push(await baselineRun(world, account));
        if (run % 2 === 1) app.push(await appRun(world, account));
      }
      ctx.progress(
        `${account.label}: app ${app.map((s) => `${s.ms.toFixed(0)} ms/${s.roundTrips} rt`).join(', ')}; baseline ${baseline.map((s) => `${s.ms.toFixed(0)} ms/${s.roundTrips} rt`).join(', ')}`,
      );
      const name = `is-ready ${account.label}`;
      rows.push(
        measure(
          {
            name,
            unit: 'ms',
            values: app.map((s) => s.ms),
            baseline: baseline.map((s) => s.ms),
          },
          ctx.overrides,
        ),
        measure(
          {
            name: `${name} round trips`,
            unit: 'round trips after login answer',
            values: app.map((s) => s.roundTrips),
            baseline: baseline.map((s) => s.roundTrips),
            targets: [{ stat: 'max', max: 2 }],
          },
          ctx.overrides,
        ),
      );
    }
  } finally {
    await world.close();
  }
  return rows;
}

export const isReady: Scenario = {
  name: 'is-ready',
  what: 'POST /login through the portal → identity server known (1 and 2,000 rooms) vs full /sync',
  run: runIsReady,
};
