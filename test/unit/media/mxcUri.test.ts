import { describe, expect, it } from 'vitest';
import { parseMxcUri } from '../../../electron/core/media/mxcUri.js';

describe('parseMxcUri', () => {
  it.each([
    ['mxc://example.org/abcDEF123_-', 'example.org', 'abcDEF123_-'],
    ['mxc://matrix.example.org:8448/x', 'matrix.example.org:8448', 'x'],
    ['mxc://127.0.0.1:8008/media', '127.0.0.1:8008', 'media'],
    ['mxc://[::1]:8448/media', '[::1]:8448', 'media'],
    ['mxc://[2001:db8::1]/media', '[2001:db8::1]', 'media'],
  ])('accepts %s', (uri, serverName, mediaId) => {
    expect(parseMxcUri(uri)).toEqual({ serverName, mediaId });
  });

  it.each([
    ['a path in the media ID', 'mxc://example.org/../../_matrix/client/v3/account'],
    ['a second segment', 'mxc://example.org/abc/def'],
    ['a query', 'mxc://example.org/abc?x=1'],
    ['a fragment', 'mxc://example.org/abc#x'],
    ['an encoded slash', 'mxc://example.org/a%2Fb'],
    ['user info', 'mxc://user@example.org/abc'],
    ['a dot-only host', 'mxc://../abc'],
    ['an empty label', 'mxc://example..org/abc'],
    ['a port out of range', 'mxc://example.org:70000/abc'],
    ['a port of 0', 'mxc://example.org:0/abc'],
    ['no media ID', 'mxc://example.org/'],
    ['another scheme', 'https://example.org/abc'],
    ['upper-case scheme', 'MXC://example.org/abc'],
    ['spaces', 'mxc://example.org/ab c'],
    ['a newline', 'mxc://example.org/abc\n'],
    ['an unbracketed IPv6', 'mxc://::1/abc'],
    ['not a string', 42],
    ['a huge string', `mxc://example.org/${'a'.repeat(1000)}`],
  ])('refuses %s', (_what, uri) => {
    expect(parseMxcUri(uri)).toBeNull();
  });
});
