/**
 * Every link form of the spec's appendices "Matrix URI scheme" and "matrix.to navigation", plus
 * the garbage the OS may hand the app (a link is whatever another program put on the command line).
 */
import { describe, expect, it } from 'vitest';
import { parseMatrixLink } from '../../../electron/core/links/parseMatrixLink.js';

const user = (userId: string) => ({ kind: 'user', userId });
const alias = (a: string, eventId: string | null = null) => ({
  kind: 'roomAlias',
  alias: a,
  eventId,
});
const roomId = (id: string, eventId: string | null = null) => ({
  kind: 'roomId',
  roomId: id,
  eventId,
});

describe('matrix: URIs', () => {
  it.each([
    ['matrix:u/alice:example.org', user('@alice:example.org')],
    ['matrix:r/room:example.org', alias('#room:example.org')],
    ['matrix:roomid/abcdef:example.org', roomId('!abcdef:example.org')],
    ['matrix:r/room:example.org/e/event1', alias('#room:example.org', '$event1')],
    ['matrix:roomid/abcdef:example.org/e/event1', roomId('!abcdef:example.org', '$event1')],
    // Room version 12 room ids have no server part.
    ['matrix:roomid/Opaque_Hash-123', roomId('!Opaque_Hash-123')],
    // The long type names of MSC2312, still accepted.
    ['matrix:user/alice:example.org', user('@alice:example.org')],
    ['matrix:room/room:example.org', alias('#room:example.org')],
    ['matrix:roomid/abc:example.org/event/ev', roomId('!abc:example.org', '$ev')],
    // Percent-encoded identifiers.
    ['matrix:u/al%69ce:example.org', user('@alice:example.org')],
    ['matrix:r/somewhere%3Aexample.org', alias('#somewhere:example.org')],
    // Server names with a port, an IPv4 and an IPv6 literal.
    ['matrix:u/alice:example.org:8448', user('@alice:example.org:8448')],
    ['matrix:u/alice:1.2.3.4', user('@alice:1.2.3.4')],
    ['matrix:u/alice:[1234:5678::abcd]:443', user('@alice:[1234:5678::abcd]:443')],
    // The authority is reserved and ignored; so is the fragment.
    ['matrix://example.org/u/alice:example.org', user('@alice:example.org')],
    ['matrix:u/alice:example.org#anything', user('@alice:example.org')],
  ])('%s', (link, target) => {
    expect(parseMatrixLink(link)).toEqual({ target, via: [], action: null });
  });

  it('reads action=join and action=chat, and ignores other actions', () => {
    expect(parseMatrixLink('matrix:r/room:example.org?action=join')?.action).toBe('join');
    expect(parseMatrixLink('matrix:u/alice:example.org?action=chat')?.action).toBe('chat');
    expect(parseMatrixLink('matrix:u/alice:example.org?action=delete')).toEqual({
      target: user('@alice:example.org'),
      via: [],
      action: null,
    });
  });

  it('reads every via=, in order, dropping duplicates and values that are not server names', () => {
    expect(
      parseMatrixLink(
        'matrix:roomid/abc:example.org?action=join&via=a.example&via=b.example:8448&via=a.example&via=not%20a%20server',
      ),
    ).toEqual({
      target: roomId('!abc:example.org'),
      via: ['a.example', 'b.example:8448'],
      action: 'join',
    });
  });
});

describe('matrix.to links', () => {
  it.each([
    ['https://matrix.to/#/@alice:example.org', user('@alice:example.org')],
    ['https://matrix.to/#/#room:example.org', alias('#room:example.org')],
    ['https://matrix.to/#/%23room%3Aexample.org', alias('#room:example.org')],
    ['https://matrix.to/#/!abc:example.org', roomId('!abc:example.org')],
    ['https://matrix.to/#/!abc:example.org/$event1', roomId('!abc:example.org', '$event1')],
    ['https://matrix.to/#/%21abc%3Aexample.org/%24event1', roomId('!abc:example.org', '$event1')],
    ['https://matrix.to/#/#room:example.org/$event1', alias('#room:example.org', '$event1')],
    ['https://matrix.to/#/%40alice%3Aexample.org', user('@alice:example.org')],
  ])('%s', (link, target) => {
    expect(parseMatrixLink(link)).toEqual({ target, via: [], action: null });
  });

  it('reads via= from the query inside the fragment', () => {
    expect(
      parseMatrixLink('https://matrix.to/#/!abc:example.org/$ev?via=one.example&via=two.example'),
    ).toEqual({
      target: roomId('!abc:example.org', '$ev'),
      via: ['one.example', 'two.example'],
      action: null,
    });
  });
});

describe('garbage', () => {
  it.each([
    '',
    '   ',
    'matrix:',
    'matrix:u',
    'matrix:u/',
    'matrix:x/alice:example.org',
    'matrix:e/event1',
    'matrix:u/alice', // a user id needs its server
    'matrix:r/room', // so does an alias
    'matrix:u/alice:example.org/e/event1', // events belong to rooms
    'matrix:r/room:example.org/u/alice:example.org',
    'matrix:r/room:example.org/e/',
    'matrix:u/al%ZZice:example.org',
    'matrix:u/alice:exa mple.org',
    'matrix:u/alice%2Fbob:example.org',
    'matrix:u/alice:example.org/e/a/b',
    'matrix://example.org',
    `matrix:u/${'a'.repeat(300)}:example.org`,
    `matrix:u/alice:example.org?via=${'a'.repeat(5000)}`,
    'https://matrix.to/',
    'https://matrix.to/#/',
    'https://matrix.to/#/alice:example.org',
    'https://matrix.to/#/+group:example.org',
    'https://matrix.to/#/@alice:example.org/$event', // events belong to rooms
    'https://matrix.to/#/!abc:example.org/notanevent',
    'https://matrix.to/#/!abc:example.org/$a/$b',
    'https://matrix.to/path#/@alice:example.org',
    'https://matrix.to:8443/#/@alice:example.org',
    'https://user@matrix.to/#/@alice:example.org',
    'http://matrix.to/#/@alice:example.org',
    'https://matrix.to.evil.example/#/@alice:example.org',
    'https://evil.example/#/@alice:example.org',
    'https://app.element.io/#/room/#room:example.org',
    '@alice:example.org',
    '--inspect=9229',
    '/usr/bin/routed-matrix',
    'javascript:alert(1)',
  ])('%j is not a link', (link) => {
    expect(parseMatrixLink(link)).toBeNull();
  });
});
