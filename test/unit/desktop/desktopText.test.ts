/** The notice a link from the OS shows, for each kind of target. */
import { describe, expect, it } from 'vitest';
import { parseMatrixLink } from '../../../electron/core/links/parseMatrixLink.js';
import { openedLinkNotice, updateReadyNotice } from '../../../renderer/src/lib/desktopText.js';

const opened = (text: string) => {
  const link = parseMatrixLink(text);
  if (link === null) throw new Error(`not a link: ${text}`);
  return { text, link };
};

describe('desktop notices', () => {
  it('names the room or person the link points at, and says it cannot be opened yet', () => {
    expect(openedLinkNotice(opened('matrix:r/room:example.org'))).toBe(
      'Opened link to #room:example.org — rooms are not available in this version yet.',
    );
    expect(openedLinkNotice(opened('https://matrix.to/#/!abc:example.org/$ev'))).toBe(
      'Opened link to a message in !abc:example.org — rooms are not available in this version yet.',
    );
    expect(openedLinkNotice(opened('matrix:u/alice:example.org?action=chat'))).toBe(
      'Opened link to @alice:example.org — chats are not available in this version yet.',
    );
  });

  it('says which version is ready and that quitting installs it too', () => {
    expect(updateReadyNotice('1.4.0')).toMatch(/^Version 1\.4\.0 is downloaded\. .*quit/);
  });
});
