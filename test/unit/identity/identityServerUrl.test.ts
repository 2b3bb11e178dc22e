import { describe, expect, it } from 'vitest';
import {
  checkIdentityServerUrl,
  isLoopbackHost,
  parseIdentityServerUrl,
  userInputToUrl,
} from '../../../electron/core/identity/identityServerUrl.js';

describe('parseIdentityServerUrl', () => {
  it.each([
    ['https://vector.im', 'https://vector.im'],
    ['https://vector.im/', 'https://vector.im'],
    ['https://vector.im///', 'https://vector.im'],
    ['https://ID.Example.ORG:443/', 'https://id.example.org'],
    ['https://id.example.org:8443/is/', 'https://id.example.org:8443/is'],
    ['  https://vector.im  ', 'https://vector.im'],
    ['http://localhost:8090/', 'http://localhost:8090'],
    ['http://127.0.0.1:8090', 'http://127.0.0.1:8090'],
    ['http://127.45.6.7', 'http://127.45.6.7'],
    ['http://[::1]:8090/', 'http://[::1]:8090'],
    ['http://127.1/', 'http://127.0.0.1'],
  ])('accepts %s as %s', (input, expected) => {
    expect(parseIdentityServerUrl(input)).toBe(expected);
  });

  it.each([
    [undefined],
    [null],
    [42],
    [{}],
    [''],
    ['   '],
    ['vector.im'],
    ['javascript:alert(1)'],
    ['file:///etc/passwd'],
    ['ftp://vector.im'],
    ['data:text/plain,hi'],
    ['http://vector.im'],
    ['http://192.168.1.10'],
    ['http://[::ffff:127.0.0.1]'],
    ['http://localhost.evil.example'],
    ['https://user:pass@vector.im'],
    ['https://user@vector.im'],
    ['https://vector.im/?next=x'],
    ['https://vector.im/#frag'],
    ['not a url'],
    ['https://' + 'a'.repeat(3000) + '.org'],
  ])('rejects %j', (input) => {
    expect(parseIdentityServerUrl(input)).toBeNull();
  });

  it('explains why a URL is rejected', () => {
    expect(checkIdentityServerUrl('http://vector.im')).toEqual({
      ok: false,
      reason: expect.stringContaining('unencrypted http'),
    });
    expect(checkIdentityServerUrl('javascript:alert(1)')).toEqual({
      ok: false,
      reason: expect.stringContaining('javascript:'),
    });
  });
});

describe('userInputToUrl', () => {
  it.each([
    ['vector.im', 'https://vector.im'],
    ['  vector.im  ', 'https://vector.im'],
    ['id.example.org:8443', 'https://id.example.org:8443'],
    ['localhost:8090', 'https://localhost:8090'],
    ['https://vector.im', 'https://vector.im'],
    ['http://127.0.0.1:1234', 'http://127.0.0.1:1234'],
    // Other schemes are kept so the check rejects them by name.
    ['javascript:alert(1)', 'javascript:alert(1)'],
    ['file:///etc/passwd', 'file:///etc/passwd'],
  ])('turns %j into %j', (input, expected) => {
    expect(userInputToUrl(input)).toBe(expected);
  });
});

describe('isLoopbackHost', () => {
  it.each(['localhost', '127.0.0.1', '127.255.255.254', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each([
    '128.0.0.1',
    '127.0.0',
    '127.0.0.1.example',
    'example.org',
    '::1',
    '[::2]',
    '127.0.0.256',
  ])('%s is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
