/**
 * Links from the OS: found on a command line among Electron's and Chromium's own arguments, and
 * kept as the window's notice (asked for when the page loads, and sent as an event).
 */
import { describe, expect, it } from 'vitest';
import { DesktopNotices } from '../../../electron/desktop/DesktopNotices.js';
import { linkFromArguments } from '../../../electron/desktop/linkArguments.js';

describe('linkFromArguments', () => {
  it('finds the link among the executable, switches and the app path', () => {
    expect(
      linkFromArguments([
        '/opt/Routed Matrix/routed-matrix',
        '--no-sandbox',
        '--allow-file-access-from-files',
        '.',
        'matrix:r/room:example.org?action=join',
      ]),
    ).toEqual({
      text: 'matrix:r/room:example.org?action=join',
      link: {
        target: { kind: 'roomAlias', alias: '#room:example.org', eventId: null },
        via: [],
        action: 'join',
      },
    });
  });

  it('takes a matrix.to link as well, and the last link when there are several', () => {
    expect(
      linkFromArguments([
        'app',
        'matrix:u/bob:example.org',
        'https://matrix.to/#/@alice:example.org',
      ])?.link.target,
    ).toEqual({ kind: 'user', userId: '@alice:example.org' });
  });

  it('finds nothing in an ordinary start', () => {
    expect(linkFromArguments(['/usr/bin/routed-matrix', '--config', '/etc/x.json'])).toBeNull();
    expect(linkFromArguments([])).toBeNull();
    expect(linkFromArguments(['app', 'https://evil.example/#/@alice:example.org'])).toBeNull();
  });
});

describe('DesktopNotices', () => {
  it('starts empty, keeps the opened link and the ready update, and tells listeners', () => {
    const notices = new DesktopNotices();
    const heard: unknown[] = [];
    const stop = notices.onEvent((event, payload) => heard.push([event, payload]));
    expect(notices.state).toEqual({ openedLink: null, updateReady: null });

    const opened = linkFromArguments(['app', 'matrix:roomid/abc:example.org/e/ev'])!;
    notices.linkOpened(opened.text, opened.link);
    notices.updateReady('2.0.0');
    const state = {
      openedLink: { text: 'matrix:roomid/abc:example.org/e/ev', link: opened.link },
      updateReady: { version: '2.0.0' },
    };
    expect(notices.state).toEqual(state);
    expect(heard.at(-1)).toEqual(['desktop', state]);
    expect(heard).toHaveLength(2);

    stop();
    notices.updateReady('2.0.1');
    expect(heard).toHaveLength(2);
  });
});
