/**
 * electron/platform/electronProxy.ts against a mocked 'electron' session and app: the setting
 * becomes Chromium's ProxyConfig, and proxy (never server) logins are answered once from the
 * stored credentials.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ default: {} }));

const {
  answerWindowProxyLogins,
  applyProxySetting,
  createProxyLoginAnswerer,
  setProxyCredentialLookup,
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

  it('answers a proxy challenge once with the stored credentials, then cancels', () => {
    setProxyCredentialLookup(({ host, port }) =>
      host === 'proxy.corp' && port === 3128 ? { username: 'ann', password: 'pw' } : null,
    );
    const answer = createProxyLoginAnswerer();
    const callback = vi.fn();
    const info = { isProxy: true, scheme: 'basic', host: 'proxy.corp', port: 3128 };
    expect(answer(info, callback)).toBe(true);
    expect(callback).toHaveBeenLastCalledWith('ann', 'pw');
    // Chromium asks again on the same request: the credentials were refused.
    expect(answer(info, callback)).toBe(true);
    expect(callback).toHaveBeenLastCalledWith();
    // A server's own 401 is not a proxy's business.
    const serverCallback = vi.fn();
    expect(createProxyLoginAnswerer()({ ...info, isProxy: false }, serverCallback)).toBe(false);
    expect(serverCallback).not.toHaveBeenCalled();
  });

  it("answers the window's proxy logins from app 'login', leaving server logins alone", () => {
    setProxyCredentialLookup(() => ({ username: 'ann', password: 'pw' }));
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
    expect(callback).toHaveBeenCalledWith('ann', 'pw');
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
