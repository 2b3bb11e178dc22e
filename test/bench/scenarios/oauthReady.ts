/**
 * oauth-ready: from the user's click on "Continue" (allow) on the authorization server's consent
 * page until the core has the session and knows the account's identity server
 * (m.identity_server read), through the core's OAuth 2.0 sign-in (startOAuth), with the bench's
 * delay on every server, the authorization server included. In ms and in round trips (every
 * server's request log, the authorization server's too), and checked for needless waits
 * (harness/needlessWaits.ts): the scenario fails when a request went out only after the answer
 * to another one it does not need.
 *
 * The "user's browser" is plain HTTP (the fixtures' cookie-jar Browser, test/fixtures/__tests__/
 * oauthHttp.ts), not Playwright: it sends the authorization server exactly the requests a browser
 * sends for these pages (form posts, redirects followed, then the app's loopback), without a
 * Chromium's start-up and rendering on two shared cores, which are not the app's time and would
 * only add noise to what is measured. The login form is filled before the clock starts: the
 * user's click on the consent page is the start.
 *
 * Which request needs which: oauthReadySteps.ts.
 */
import '../harness/quietSdk.js';
import { Browser } from '../../fixtures/__tests__/oauthHttp.js';
import type { World } from '../../fixtures/index.js';
import { allRequests, IS_EVENT, startBenchWorld } from '../harness/benchWorld.js';
import {
  describeTimeline,
  describeWait,
  needlessWaits,
  type NeedlessWait,
  type StepRequest,
} from '../harness/needlessWaits.js';
import { measure, type ScenarioResult } from '../harness/result.js';
import { countRoundTrips } from '../harness/roundTrips.js';
import type { Scenario, ScenarioContext } from '../harness/scenario.js';
import { startTimedCore } from '../harness/timedCore.js';
import { OAUTH_READY_DEPENDENCIES, stepOf } from './oauthReadySteps.js';

const USER = { username: 'oauthbench', password: 'oauthbench-password' };

interface Sample {
  ms: number;
  roundTrips: number;
  timeline: string[];
  waits: string[];
}

async function run(world: World, slackMs: number): Promise<Sample> {
  let opened: (url: string) => void = () => {};
  const authorizationUrl = new Promise<string>((resolve) => (opened = resolve));
  const timed = await startTimedCore(undefined, {
    openExternal: async (url) => opened(url),
  });
  try {
    await timed.app.core.handlers.discover({ server: world.oauthHs!.baseUrl });
    const signedIn = timed.app.core.handlers.startOAuth({});
    // Nothing catches it until the browser is done; a failure must not go unhandled meanwhile.
    signedIn.catch(() => {});
    const browser = new Browser(world.oauth!.baseUrl);
    let page = await browser.get(await authorizationUrl);
    if (page.html.includes('id="login-form"')) {
      page = await browser.submit(page, 'login-form', USER);
    }
    if (!page.html.includes('id="consent-form"')) {
      throw new Error(
        `oauth-ready: no consent page at ${page.url} (${page.status}, left to ${String(page.leftTo)}): ${page.html.slice(0, 300)}`,
      );
    }
    const clickedAt = Date.now();
    const left = await browser.submit(page, 'consent-form', { decision: 'allow' });
    if (!left.leftTo) throw new Error(`oauth-ready: no redirect to the app: ${left.html}`);
    // The browser arrives at the app's loopback listener, as a system browser would.
    await (await fetch(left.leftTo)).text();
    const state = await signedIn;
    if (state.status !== 'signedIn') throw new Error(`oauth-ready: ${state.status}`);
    const knownAt = await timed.identityKnown;

    const consent = world
      .oauth!.requests({ method: 'POST' })
      .find((r) => r.time >= clickedAt && r.path.startsWith('/interaction/'));
    if (!consent) throw new Error('oauth-ready: no consent POST in the authorization server log');
    const from = consent.time;
    const log = allRequests(world);
    const steps: StepRequest[] = log
      .filter((r) => r.time >= from && r.time <= knownAt)
      .map((r) => ({
        time: r.time,
        answeredAt:
          r.answeredAt !== undefined && r.answeredAt <= knownAt ? r.answeredAt : undefined,
        step: stepOf(world, r),
        label: `${r.server.replace(/ \S+$/, '')}: ${r.method} ${r.path}`,
      }));
    const waits: NeedlessWait[] = needlessWaits(steps, OAUTH_READY_DEPENDENCIES, { from, slackMs });
    return {
      ms: knownAt - clickedAt,
      roundTrips: countRoundTrips(log, { from, until: knownAt }),
      timeline: describeTimeline(steps, from),
      waits: waits.map((w) => describeWait(w, from)),
    };
  } finally {
    await timed.close();
  }
}

export async function runOAuthReady(ctx: ScenarioContext): Promise<ScenarioResult[]> {
  const world = await startBenchWorld(ctx.delayMs, [{ ...USER, homeserver: 'hs1' }], {
    oauth: true,
  });
  try {
    world.oauthHs!.setAccountData(USER.username, IS_EVENT, {
      base_url: world.identityServer!.baseUrl,
    });
    const slackMs = Math.max(ctx.delayMs / 2, 5);
    const samples: Sample[] = [];
    for (let i = 0; i < ctx.runs; i += 1) samples.push(await run(world, slackMs));
    ctx.progress(
      `runs: ${samples.map((s) => `${s.ms.toFixed(0)} ms/${s.roundTrips} rt`).join(', ')}`,
    );
    ctx.progress('first run, consent POST → identity server known:');
    for (const line of samples[0]!.timeline) ctx.progress(`  ${line}`);
    samples.forEach((s, i) => {
      for (const wait of s.waits) ctx.progress(`run ${i + 1}: NEEDLESS WAIT: ${wait}`);
    });
    const waits = samples.flatMap((s) => s.waits);
    return [
      measure(
        {
          name: 'oauth-ready',
          unit: 'ms',
          values: samples.map((s) => s.ms),
          // The first run's requests, consent POST → identity server known, for results.json.
          note: samples[0]!.timeline.map((line) => line.replace(/\s+/g, ' ')).join('; '),
        },
        ctx.overrides,
      ),
      measure(
        {
          name: 'oauth-ready round trips',
          unit: 'round trips from the consent POST',
          values: samples.map((s) => s.roundTrips),
        },
        ctx.overrides,
      ),
      measure(
        {
          name: 'oauth-ready needless waits',
          unit: 'requests sent after an answer they do not need',
          values: samples.map((s) => s.waits.length),
          targets: [{ stat: 'max', max: 0 }],
          ...(waits.length > 0 ? { note: waits.join('; ') } : {}),
        },
        ctx.overrides,
      ),
    ];
  } finally {
    await world.close();
  }
}

export const oauthReady: Scenario = {
  name: 'oauth-ready',
  what: '"Continue" at the authorization server until signed in and identity server known',
  run: runOAuthReady,
};
