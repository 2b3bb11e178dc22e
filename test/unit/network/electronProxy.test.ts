/**
 * electron/platform/electronProxy.ts against a mocked 'electron' session and app: the setting
 * becomes Chromium's ProxyConfig, and proxy (never server) logins are answered by the core's
 * authenticator, asked again after a refusal, a bounded number of times.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ default: {} }));

const {
  answerWindowProxyLogins,
  applyProxySetting,
  createProxyLoginAnswerer,
  setProxyAuthenticator,
  toElectronProxyConfig,
  withChromiumProxyFailures,
} = await import('../../../electron/platform/electronProxy.js');
const { findProxyFailure } = await import('../../../electron/core/net/proxy/ProxyFailure.js');

describe('Electron proxy adapter', () => {
  it('maps each mode to session.setProxy and drops the old connections', async () => {
    const session = { setProxy: vi.fn(async () => {}), closeAllConnections: vi.fn(async () => {}) };
    await applyProxySetting(session as never, {
      mode: 'manual',
      url: 'socks5://proxy.corp:1080',
      bypass: ['intranet.corp', '<local>'],
    });
    expect(session.setProxy).toHaveBeenCalledWith({
      mode: 'fixed_servers',
      proxyRules: 'socks5://proxy.corp:1080',
      proxyBypassRules: 'intranet.corp,<local>',
    });
    expect(session.closeAllConnections).toHaveBeenCalled();
    expect(toElectronProxyConfig({ mode: 'system' })).toEqual({ mode: 'system' });
    expect(toElectronProxyConfig({ mode: 'direct' })).toEqual({ mode: 'direct' });
    expect(toElectronProxyConfig({ mode: 'pac', pac_url: 'https://wpad.corp/p.pac' })).toEqual({
      mode: 'pac_script',
      pacScript: 'https://wpad.corp/p.pac',
    });
  });

  it('asks the core for the proxy named as configured, asks again after a refusal, and cancels on null', async () => {
    await applyProxySetting(
      { setProxy: vi.fn(async () => {}), closeAllConnections: vi.fn(async () => {}) } as never,
      { mode: 'manual', url: 'http://proxy.corp:3128', bypass: [] },
    );
    const ann = { username: 'ann', password: 'pw' };
    const asked: unknown[] = [];
    const answers = [ann, null];
    setProxyAuthenticator(async (challenge) => {
      asked.push(challenge);
      return answers.shift() ?? null;
    });
    const answer = createProxyLoginAnswerer();
    const info = { isProxy: true, scheme: 'basic', host: 'proxy.corp', port: 3128 };
    const first = vi.fn();
    expect(answer(info, first)).toBe(true);
    await vi.waitFor(() => expect(first).toHaveBeenCalledWith('ann', 'pw'), { timeout: 10_000 });
    // Chromium asks again on the same request: the credentials were refused; the user cancels.
    const second = vi.fn();
    expect(answer(info, second)).toBe(true);
    await vi.waitFor(() => expect(second).toHaveBeenCalledWith(), { timeout: 10_000 });
    expect(asked).toEqual([
      { proxy: 'http://proxy.corp:3128', refused: null },
      { proxy: 'http://proxy.corp:3128', refused: ann },
    ]);
    // A server's own 401 is not a proxy's business.
    const serverCallback = vi.fn();
    expect(createProxyLoginAnswerer()({ ...info, isProxy: false }, serverCallback)).toBe(false);
    expect(serverCallback).not.toHaveBeenCalled();
  });

  it('stops asking after three refusals on one request', async () => {
    setProxyAuthenticator(async () => ({ username: 'ann', password: 'wrong' }));
    const answer = createProxyLoginAnswerer();
    const info = { isProxy: true, scheme: 'basic', host: 'proxy.corp', port: 3128 };
    for (let i = 0; i < 3; i++) {
      const callback = vi.fn();
      answer(info, callback);
      await vi.waitFor(() => expect(callback).toHaveBeenCalledWith('ann', 'wrong'), {
        timeout: 10_000,
      });
    }
    const last = vi.fn();
    answer(info, last);
    expect(last).toHaveBeenCalledWith();
  });

  it("answers the window's proxy logins from app 'login', leaving server logins alone", async () => {
    setProxyAuthenticator(async () => ({ username: 'ann', password: 'pw' }));
    let listener: ((...args: unknown[]) => void) | undefined;
    answerWindowProxyLogins({ on: (_: string, l: never) => void (listener = l) } as never);
    const event = { preventDefault: vi.fn() };
    const callback = vi.fn();
    listener!(
      event,
      null,
      { url: 'https://a/' },
      { isProxy: true, scheme: 'basic', host: 'p', port: 1 },
      callback,
    );
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(callback).toHaveBeenCalledWith('ann', 'pw'), { timeout: 10_000 });
    const serverEvent = { preventDefault: vi.fn() };
    listener!(serverEvent, null, { url: 'https://a/' }, { isProxy: false }, vi.fn());
    expect(serverEvent.preventDefault).not.toHaveBeenCalled();
  });
});

describe("Chromium's proxy errors", () => {
  it('name the configured proxy instead of blaming the server', async () => {
    const session = { setProxy: vi.fn(async () => {}), closeAllConnections: vi.fn(async () => {}) };
    await applyProxySetting(session as never, {
      mode: 'manual',
      url: 'http://proxy.corp:3128',
      bypass: [],
    });
    const failing = withChromiumProxyFailures(async () => {
      throw new Error('net::ERR_PROXY_CONNECTION_FAILED');
    });
    const error = await failing('https://matrix.corp/_matrix/client/versions').catch((e) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(findProxyFailure(error)?.message).toBe(
      'the proxy http://proxy.corp:3128 could not be reached (ERR_PROXY_CONNECTION_FAILED)',
    );
    // A server's own failure is passed through untouched.
    const serverError = new Error('net::ERR_CONNECTION_REFUSED');
    const direct = withChromiumProxyFailures(async () => {
      throw serverError;
    });
    await expect(direct('https://matrix.corp/')).rejects.toBe(serverError);
  });
});
