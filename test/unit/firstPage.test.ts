/**
 * The window's first page (electron/window/firstPage.ts): which page main serves for which
 * state, and that the state written into it reads back unchanged whatever its strings hold.
 * A core's own answers decide the page: the sign-in page only for the state it was drawn from.
 */
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCoreApi } from '../../electron/core/AppCore.js';
import { loadSessionModule } from '../../electron/core/session/loadSessionModule.js';
import type { FirstState } from '../../electron/ipc/contract.js';
import {
  composeFirstPage,
  jsonForScript,
  SIGN_IN_PAGE_STATE,
  type RendererPages,
} from '../../electron/window/firstPage.js';
import { createNodePlatform, createRecordingLogger } from '../node-platform/createNodePlatform.js';
import { makeConfigDirs } from './config/configFiles.js';

const pages: RendererPages = {
  plain: '<body>\n    <div id="app"></div>\n  </body>',
  signIn: '<body>\n    <div id="app" data-prerendered><form>drawn</form></div>\n  </body>',
};

/** The FirstState a page carries, read back as the renderer does (firstState.ts). */
function carried(page: string): unknown {
  const match = /<script type="application\/json" id="first-state">(.*?)<\/script>/s.exec(page);
  return match ? JSON.parse(match[1]!) : null;
}

let core: AppCoreApi | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

function newCore(managedConfig?: ReturnType<ReturnType<typeof makeConfigDirs>['load']>) {
  core = createAppCore(
    createNodePlatform({
      dataDir: mkdtempSync(join(tmpdir(), 'routed-matrix-first-page-')),
      log: createRecordingLogger(),
    }),
    {
      appVersion: 'test',
      defaultIdentityServer: null,
      ...(managedConfig ? { managedConfig } : {}),
    },
  );
  return core;
}

describe('the first page', () => {
  it('is the plain page, with nothing written in, while the state is not known', () => {
    expect(composeFirstPage(pages, null)).toBe(pages.plain);
  });

  it('is the sign-in page for the state it was drawn from, carrying that state', () => {
    const page = composeFirstPage(pages, SIGN_IN_PAGE_STATE);
    expect(page).toContain('<form>drawn</form>');
    expect(carried(page)).toEqual(SIGN_IN_PAGE_STATE);
  });

  it('is the plain page, carrying the state, for any other state', () => {
    const notice: FirstState = {
      ...SIGN_IN_PAGE_STATE,
      state: {
        ...SIGN_IN_PAGE_STATE.state,
        session: { status: 'signedOut', notice: { code: 'SOFT_LOGOUT', message: 'Signed out' } },
      },
    } as FirstState;
    const page = composeFirstPage(pages, notice);
    expect(page).not.toContain('drawn');
    expect(page).toContain('<div id="app"></div>');
    expect(carried(page)).toEqual(notice);
    // A build without the drawn page (the dev server) carries the state all the same.
    expect(carried(composeFirstPage({ ...pages, signIn: null }, SIGN_IN_PAGE_STATE))).toEqual(
      SIGN_IN_PAGE_STATE,
    );
  });

  it('reads back unchanged, and no string in it can end its element or open a comment', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, text) => {
        const written = jsonForScript({ value, text: `</script><!--${text}</SCRIPT >` });
        expect(written).not.toContain('<');
        expect(JSON.parse(written)).toEqual(
          JSON.parse(JSON.stringify({ value, text: `</script><!--${text}</SCRIPT >` })),
        );
      }),
    );
  });
});

describe("a core's first state", () => {
  it('is unknown until start(); with no stored session, then the state the sign-in page was drawn from', async () => {
    const started = newCore();
    expect(started.firstState()).toBeNull();
    // Known at once, while the network set-up is still under way: Electron main serves the
    // window's page in that time (a stored session, being restored, is not known: see
    // storedSessionFirstAnswer.test.ts).
    const starting = started.start();
    expect(started.firstState()).toEqual(SIGN_IN_PAGE_STATE);
    await starting;
    expect(started.firstState()).toEqual(SIGN_IN_PAGE_STATE);
    expect(composeFirstPage(pages, started.firstState())).toContain('drawn');
  });

  it('shown before the proxy is applied, the form sends nothing until it is', async () => {
    // The proxy set-up at start is held; the sign-in form is already known to be shown.
    let releaseProxy = () => {};
    const proxyHeld = new Promise<void>((resolve) => (releaseProxy = resolve));
    let proxyApplied = false;
    const sentBeforeProxy: string[] = [];
    const platform = createNodePlatform({
      dataDir: mkdtempSync(join(tmpdir(), 'routed-matrix-first-page-')),
      log: createRecordingLogger(),
      wrapFetch: (fetch) => async (input, init) => {
        if (!proxyApplied)
          sentBeforeProxy.push(String(input instanceof Request ? input.url : input));
        return fetch(input, init);
      },
    });
    const network = platform.network!;
    const applyProxy = network.applyProxy.bind(network);
    network.applyProxy = async (setting) => {
      await proxyHeld;
      await applyProxy(setting);
      proxyApplied = true;
    };
    core = createAppCore(platform, { appVersion: 'test', defaultIdentityServer: null });
    const starting = core.start();
    expect(core.firstState()).toEqual(SIGN_IN_PAGE_STATE);

    // A Continue at once: the session code is loaded (as the core would load it) and the event
    // loop turned, and still nothing went out.
    const discovery = core.handlers.discover({ server: 'http://127.0.0.1:9' }).catch(() => null);
    await loadSessionModule();
    for (let turn = 0; turn < 20; turn++) await new Promise((next) => setImmediate(next));
    expect(sentBeforeProxy).toEqual([]);

    releaseProxy();
    await starting;
    await discovery;
    expect(proxyApplied).toBe(true);
    expect(sentBeforeProxy).toEqual([]);
  });

  it('with a server locked by the administrator, is served the plain page', async () => {
    const dirs = makeConfigDirs();
    try {
      dirs.write(dirs.systemFile, {
        default_server_config: { 'm.homeserver': { base_url: 'https://portal.corp.example' } },
        disable_custom_urls: true,
      });
      const managed = newCore(dirs.load());
      await managed.start();
      const first = managed.firstState();
      expect(first?.managed).toMatchObject({ serverLocked: true });
      expect(composeFirstPage(pages, first)).not.toContain('drawn');
    } finally {
      dirs.remove();
    }
  });
});
