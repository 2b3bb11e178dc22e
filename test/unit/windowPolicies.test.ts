/**
 * The window's pure decisions: where the app page lives and what counts as it, which links may
 * go to the browser (and as what), the Content-Security-Policy, and which files app:// may serve.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppAssetPath } from '../../electron/window/appAssetPath.js';
import { appLocation, isAppPageUrl } from '../../electron/window/appLocation.js';
import {
  buildContentSecurityPolicy,
  buildMetaContentSecurityPolicy,
  withContentSecurityPolicy,
} from '../../electron/window/cspPolicy.js';
import { contentSecurityPolicyMeta } from '../../vite.renderer.config.js';
import { externalUrl } from '../../electron/platform/externalUrl.js';

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

describe('URLs for the system browser', () => {
  it('hands out a plain https URL as the parser rebuilt it', () => {
    expect(externalUrl('https://matrix.org/docs?x=1#y', 'link')).toBe(
      'https://matrix.org/docs?x=1#y',
    );
    expect(externalUrl('https://matrix.org', 'link')).toBe('https://matrix.org/');
  });

  it('gives the OS the rebuilt URL, never the string it was given', () => {
    // Spaces, quotes and stray control characters come back percent-encoded or removed; a
    // Unicode host comes back in punycode; the default port is dropped.
    expect(externalUrl(' https://matrix.org:443/a b?q="x"#f g\n', 'link')).toBe(
      'https://matrix.org/a%20b?q=%22x%22#f%20g',
    );
    expect(externalUrl('https://bücher.example/', 'link')).toBe('https://xn--bcher-kva.example/');
    expect(externalUrl('HTTPS://Matrix.ORG/A', 'link')).toBe('https://matrix.org/A');
  });

  it.each([
    'http://example.org/',
    'http://127.0.0.1:8008/_matrix/client',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'app://routed-matrix/index.html',
    'smb://host/share',
    'ms-msdt:/id PCWDiagnostic',
    'mailto:someone@example.org',
    'https://user:secret@example.org/',
    'https://user@example.org/',
    'https:',
    'not a url',
    '',
  ])('keeps the link %j in the app', (url) => {
    expect(externalUrl(url, 'link')).toBeNull();
  });

  it('lets sign-in pages be http on this computer, and only there', () => {
    for (const url of [
      'http://127.0.0.1:8008/_matrix/client/v3/login/sso/redirect?redirectUrl=x',
      'http://localhost:8008/auth',
      'http://[::1]:8008/auth',
    ]) {
      expect(externalUrl(url, 'signIn'), url).toBe(url);
    }
    expect(externalUrl('https://sso.example.org/login?x=1', 'signIn')).toBe(
      'https://sso.example.org/login?x=1',
    );
  });

  it.each([
    'http://sso.example.org/login',
    'http://192.168.1.5:8008/login',
    'http://127.0.0.1.example.org/login',
    'http://user:pw@127.0.0.1:8008/login',
    'https://user:pw@sso.example.org/login',
    'file:///etc/passwd',
    'element://vector/webapp',
  ])('refuses the sign-in page %j', (url) => {
    expect(externalUrl(url, 'signIn')).toBeNull();
  });
});

describe('content security policy', () => {
  it('is the strict policy for the built app', () => {
    expect(buildContentSecurityPolicy(null)).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
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

describe('content security policy in the built page', () => {
  const indexHtml = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');

  it('is not written by hand in renderer/index.html', () => {
    expect(indexHtml).not.toMatch(/http-equiv=["']?Content-Security-Policy/i);
    expect(indexHtml).not.toContain("default-src 'none'");
  });

  it('is put first in <head> by the renderer build, from the one policy module', () => {
    const plugin = contentSecurityPolicyMeta();
    expect(plugin.apply).toBe('build');
    const transform = plugin.transformIndexHtml as (html: string) => unknown;
    expect(transform(indexHtml)).toEqual([
      {
        tag: 'meta',
        attrs: {
          'http-equiv': 'Content-Security-Policy',
          content: buildMetaContentSecurityPolicy(),
        },
        injectTo: 'head-prepend',
      },
    ]);
  });

  it("is the built app's header policy without what a <meta> cannot carry", () => {
    expect(buildMetaContentSecurityPolicy()).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
        "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'",
    );
    expect(`${buildMetaContentSecurityPolicy()}; frame-ancestors 'none'`).toBe(
      buildContentSecurityPolicy(null),
    );
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
