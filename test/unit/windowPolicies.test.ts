/**
 * The window's pure decisions: where the app page lives and what counts as it, which links may
 * go to the browser, the Content-Security-Policy, and which files app:// may serve.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppAssetPath } from '../../electron/window/appAssetPath.js';
import { appLocation, isAppPageUrl } from '../../electron/window/appLocation.js';
import {
  buildContentSecurityPolicy,
  withContentSecurityPolicy,
} from '../../electron/window/cspPolicy.js';
import { isLinkForSystemBrowser } from '../../electron/window/linkPolicy.js';

describe('app location', () => {
  it('serves the built app from app://routed-matrix', () => {
    const location = appLocation(undefined);
    expect(location.entryUrl).toBe('app://routed-matrix/index.html');
    expect(location.devServerOrigin).toBeNull();
    expect(isAppPageUrl('app://routed-matrix/index.html', location)).toBe(true);
    expect(isAppPageUrl('app://routed-matrix/index.html#/settings', location)).toBe(true);
  });

  it('uses the dev server under npm start', () => {
    const location = appLocation('http://localhost:5173');
    expect(location.entryUrl).toBe('http://localhost:5173/');
    expect(location.devServerOrigin).toBe('http://localhost:5173');
    expect(isAppPageUrl('http://localhost:5173/', location)).toBe(true);
    expect(isAppPageUrl('app://routed-matrix/index.html', location)).toBe(false);
  });

  it.each([
    'file:///work/main/.vite/renderer/main_window/index.html',
    'app://other/index.html',
    'https://routed-matrix/index.html',
    'app://user:pass@routed-matrix/index.html',
    'about:blank',
    'not a url',
  ])('does not take %s for the built app page', (url) => {
    expect(isAppPageUrl(url, appLocation(undefined))).toBe(false);
  });

  it.each(['http://localhost:5174/', 'http://127.0.0.1:5173/', 'https://localhost:5173/'])(
    'does not take %s for the dev server page on another port, host or scheme',
    (url) => {
      expect(isAppPageUrl(url, appLocation('http://localhost:5173'))).toBe(false);
    },
  );

  it('refuses a dev server that is not plain http on loopback', () => {
    expect(() => appLocation('http://192.168.1.5:5173')).toThrow(/loopback/);
    expect(() => appLocation('https://example.org')).toThrow(/loopback/);
  });
});

describe('links for the system browser', () => {
  it('lets plain https links through', () => {
    expect(isLinkForSystemBrowser('https://matrix.org/docs?x=1#y')).toBe(true);
  });

  it.each([
    'http://example.org/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'app://routed-matrix/index.html',
    'smb://host/share',
    'https://user:secret@example.org/',
    'https:',
    '',
  ])('drops %j', (url) => {
    expect(isLinkForSystemBrowser(url)).toBe(false);
  });
});

describe('content security policy', () => {
  it('is the strict policy for the built app', () => {
    expect(buildContentSecurityPolicy(null)).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; " +
        "frame-ancestors 'none'",
    );
  });

  it('never allows inline or eval script, in development either', () => {
    for (const policy of [
      buildContentSecurityPolicy(null),
      buildContentSecurityPolicy('http://localhost:5173'),
    ]) {
      const scriptSrc = policy.split('; ').find((d) => d.startsWith('script-src'));
      expect(scriptSrc).toBe("script-src 'self'");
      expect(policy).not.toMatch(/unsafe-eval|wasm-unsafe-eval/);
    }
  });

  it('adds only the dev server socket and inline styles in development', () => {
    const dev = buildContentSecurityPolicy('http://localhost:5173');
    expect(dev).toContain("connect-src 'self' http://localhost:5173 ws://localhost:5173");
    expect(dev).toContain("style-src 'self' 'unsafe-inline'");
    expect(buildContentSecurityPolicy(null)).not.toContain('localhost');
  });

  it("replaces any policy a response carried, whatever its header's case", () => {
    const headers = withContentSecurityPolicy(
      {
        'content-security-policy': ["default-src *; script-src 'unsafe-inline'"],
        'Content-Type': ['text/html'],
      },
      "default-src 'none'",
    );
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': ["default-src 'none'"],
    });
    expect(withContentSecurityPolicy(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});

describe('app:// file resolution', () => {
  const root = path.resolve('/srv/app/.vite/renderer/main_window');

  it('maps the app origin onto the renderer build', () => {
    expect(resolveAppAssetPath('app://routed-matrix/index.html', root)).toBe(
      path.join(root, 'index.html'),
    );
    expect(resolveAppAssetPath('app://routed-matrix/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppAssetPath('app://routed-matrix/assets/index-abc.js?v=1#x', root)).toBe(
      path.join(root, 'assets', 'index-abc.js'),
    );
    expect(resolveAppAssetPath('app://routed-matrix/assets/a%20b.css', root)).toBe(
      path.join(root, 'assets', 'a b.css'),
    );
  });

  it.each([
    ['app://routed-matrix/../../../etc/passwd', 'etc/passwd'],
    ['app://routed-matrix/%2e%2e/%2e%2e/secret', 'secret'],
    ['app://routed-matrix/assets/./../../index.html', 'index.html'],
  ])('keeps dot segments the URL parser resolves inside the build: %s', (url, inside) => {
    expect(resolveAppAssetPath(url, root)).toBe(path.join(root, inside));
  });

  it.each([
    'app://routed-matrix/assets/..%2f..%2f..%2fsecret',
    'app://routed-matrix/..%2f..%2fmain_window-sibling/x',
    'app://routed-matrix/..%5c..%5csecret',
    'app://routed-matrix/assets%00.js',
    'app://routed-matrix/%E0%A4%A',
    'app://other-host/index.html',
    'file:///srv/app/.vite/renderer/main_window/index.html',
    'not a url',
  ])('serves nothing for %s', (url) => {
    expect(resolveAppAssetPath(url, root)).toBeNull();
  });
});
