/**
 * A client registration the authorization server no longer knows (its database was reset): the
 * token or device authorization endpoint answers invalid_client. The app forgets the id it
 * remembered, says so, and the next attempt registers anew. An administrator's static client id
 * is never forgotten. The server forgets the client through the fixture's forgetClient knob.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { emptyManagedConfig } from '../../electron/config/managedConfig.js';
import { startWorld, type World } from '../fixtures/index.js';
import { createTestClock } from '../node-platform/testClock.js';
import { approvingBrowser, authorize, visit } from './oauthSupport.js';
import { startCore, type CoreUnderTest } from './support.js';

let world: World | undefined;
let app: CoreUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  await world?.close();
  app = world = undefined;
});

const w = () => world!;
const asHost = () => new URL(w().oauth!.issuer).host;
const registrations = () => w().oauth!.requestCount({ method: 'POST', path: '/reg' });
const lastClientId = () => w().oauth!.registeredClients().at(-1)!.client_id as string;

async function start(options: Parameters<typeof startCore>[0] = {}) {
  world ??= await startWorld({ oauth: true, identityServer: false });
  app = await startCore(options);
  await app.core.handlers.discover({ server: world.oauthHs!.baseUrl });
}

/** Codes already shown: waitFor also sees events from before. */
const shownCodes = new Set<string>();

async function deviceGrantShown() {
  const outcome = app!.core.handlers.startDeviceGrant({}).catch((error: unknown) => error);
  const shown = await app!.waitFor(
    'session',
    (s) => s.status === 'busy' && !!s.deviceGrant && !shownCodes.has(s.deviceGrant.userCode),
  );
  if (shown.status === 'busy' && shown.deviceGrant) shownCodes.add(shown.deviceGrant.userCode);
  return { outcome, shown };
}

describe('a registration the authorization server lost', () => {
  it('token endpoint: forgotten, said so; the next sign-in registers anew and works', async () => {
    world = await startWorld({ oauth: true, identityServer: false });
    // The browser signs in, then the server loses the client before the app exchanges the code.
    const losingBrowser = async (url: string) => {
      const { redirect } = await authorize(w(), url);
      expect(await w().oauth!.forgetClient(lastClientId())).toBe(true);
      await visit(redirect);
    };
    let open: (url: string) => Promise<void> = losingBrowser;
    await start({ openExternal: (url) => open(url) });
    const lostId = (await app!.core.handlers.startOAuth({}).catch((e: unknown) => e)) as {
      code: string;
      message: string;
    };

    expect(lostId).toMatchObject({
      code: 'OAUTH_REGISTRATION_LOST',
      message: `The app's registration at ${asHost()} was lost; try again.`,
    });
    expect(registrations()).toBe(1);

    open = approvingBrowser(w);
    expect(await app!.core.handlers.startOAuth({})).toMatchObject({ status: 'signedIn' });
    expect(registrations(), 'registered anew').toBe(2);
  });

  it('device authorization endpoint: forgotten; the next attempt registers anew', async () => {
    await start();
    const first = await deviceGrantShown();
    app!.core.handlers.cancelLogin({});
    await first.outcome;
    expect(await w().oauth!.forgetClient(lastClientId())).toBe(true);

    expect(await app!.core.handlers.startDeviceGrant({}).catch((e: unknown) => e)).toMatchObject({
      code: 'OAUTH_REGISTRATION_LOST',
      message: expect.stringContaining(asHost()),
    });
    expect(registrations()).toBe(1);

    const again = await deviceGrantShown();
    expect(registrations(), 'registered anew').toBe(2);
    app!.core.handlers.cancelLogin({});
    await again.outcome;
  });

  it('token endpoint while the device grant polls: forgotten, said so', async () => {
    const clock = createTestClock();
    await start({ clock });
    const { outcome } = await deviceGrantShown();
    await w().oauth!.forgetClient(lastClientId());

    await clock.advance(5_000);

    expect(await outcome).toMatchObject({ code: 'OAUTH_REGISTRATION_LOST' });
    const next = await deviceGrantShown();
    expect(registrations()).toBe(2);
    app!.core.handlers.cancelLogin({});
    await next.outcome;
  });

  it("an administrator's static client id is never forgotten: ask them", async () => {
    world = await startWorld({ oauth: true, identityServer: false });
    const managed = emptyManagedConfig();
    await start({
      managedConfig: {
        ...managed,
        config: {
          ...managed.config,
          oidc_static_clients: { [world.oauth!.issuer]: { client_id: 'not-known-there' } },
        },
      },
    });

    for (let attempt = 0; attempt < 2; attempt++) {
      expect(await app!.core.handlers.startDeviceGrant({}).catch((e: unknown) => e)).toMatchObject({
        code: 'OAUTH_STATIC_CLIENT_REFUSED',
        message: expect.stringMatching(new RegExp(`^${asHost()} .*administrator`)),
      });
    }
    expect(registrations(), 'the static id is used every time').toBe(0);
  });
});
