import { describe, expect, it } from 'vitest';
import {
  checkBaseUrl,
  isLoopbackHostname,
  parseServerInput,
} from '../../../electron/core/net/urlPolicy.js';

describe('checkBaseUrl', () => {
  it('accepts https and strips trailing slashes', () => {
    expect(checkBaseUrl('https://matrix.example.org/')).toEqual({
      ok: true,
      url: 'https://matrix.example.org',
    });
    expect(checkBaseUrl('https://example.org/matrix//')).toEqual({
      ok: true,
      url: 'https://example.org/matrix',
    });
  });

  it('allows http only to loopback hosts', () => {
    expect(checkBaseUrl('http://127.0.0.1:8008').ok).toBe(true);
    expect(checkBaseUrl('http://localhost:8008').ok).toBe(true);
    expect(checkBaseUrl('http://[::1]:8008').ok).toBe(true);
    const remote = checkBaseUrl('http://matrix.example.org');
    expect(remote).toMatchObject({
      ok: false,
      reason: expect.stringContaining('unencrypted http'),
    });
  });

  it('refuses a downgrade from https to http even on loopback', () => {
    const verdict = checkBaseUrl('http://127.0.0.1:8008', { from: 'https://portal.example.org' });
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining('downgrade') });
  });

  it.each([
    ['javascript:alert(1)', 'javascript'],
    ['file:///etc/passwd', 'file'],
    ['not a url', 'not a valid URL'],
    ['https://user:pw@example.org', 'user name or password'],
    ['https://example.org/?x=1', 'query'],
  ])('refuses %s', (raw, reason) => {
    expect(checkBaseUrl(raw)).toMatchObject({ ok: false, reason: expect.stringContaining(reason) });
  });

  it('refuses values that are not strings', () => {
    expect(checkBaseUrl(42).ok).toBe(false);
    expect(checkBaseUrl(null).ok).toBe(false);
    expect(checkBaseUrl({ base_url: 'https://x' }).ok).toBe(false);
  });
});

describe('isLoopbackHostname', () => {
  it('knows the loopback range and nothing else', () => {
    expect(isLoopbackHostname('127.4.5.6')).toBe(true);
    expect(isLoopbackHostname('[::1]')).toBe(true);
    expect(isLoopbackHostname('127.0.0.256')).toBe(false);
    expect(isLoopbackHostname('128.0.0.1')).toBe(false);
    expect(isLoopbackHostname('localhost.example.org')).toBe(false);
  });
});

describe('parseServerInput', () => {
  it('treats a bare name (with port) as a server name to discover', () => {
    expect(parseServerInput(' example.org ')).toEqual({ kind: 'name', name: 'example.org' });
    expect(parseServerInput('127.0.0.1:8448')).toEqual({ kind: 'name', name: '127.0.0.1:8448' });
  });

  it('uses a URL as typed', () => {
    expect(parseServerInput('https://matrix.example.org/')).toEqual({
      kind: 'url',
      url: 'https://matrix.example.org',
    });
  });

  it('rejects paths and unsafe schemes with a reason', () => {
    expect(parseServerInput('example.org/path').kind).toBe('invalid');
    expect(parseServerInput('ftp://example.org').kind).toBe('invalid');
  });
});
