import { describe, expect, it } from 'vitest';
import { sanitiseFormattedBody } from '../../../electron/core/rooms/richText.js';
import { stripReplyFallback } from '../../../electron/core/rooms/timelineItem.js';

describe('formatted bodies become allow-listed nodes', () => {
  it('keeps allowed tags and drops every attribute but a checked href', () => {
    expect(
      sanitiseFormattedBody(
        '<p style="color:red" onclick="x()"><strong>Hi</strong> <a href="https://matrix.org" target="_top">there</a></p>',
      ),
    ).toEqual([
      {
        tag: 'p',
        children: [
          { tag: 'strong', children: ['Hi'] },
          ' ',
          { tag: 'a', href: 'https://matrix.org/', children: ['there'] },
        ],
      },
    ]);
  });

  it('drops script, style and the reply fallback with their content, and unknown tags but not their text', () => {
    expect(
      sanitiseFormattedBody(
        '<mx-reply><blockquote>old</blockquote></mx-reply><script>alert(1)</script><style>*{}</style><marquee>new</marquee><img src=x onerror=alert(1)>',
      ),
    ).toEqual(['new']);
  });

  it('refuses javascript:, data: and relative links, keeping the text', () => {
    for (const href of [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'data:text/html,x',
      '/local',
    ]) {
      expect(sanitiseFormattedBody(`<a href="${href}">t</a>`)).toEqual([
        { tag: 'a', children: ['t'] },
      ]);
    }
  });

  it('decodes entities into text, so markup in them stays text', () => {
    expect(sanitiseFormattedBody('&lt;b&gt;not bold&lt;/b&gt; &amp; &#x1F600;')).toEqual([
      '<b>not bold</b> & 😀',
    ]);
  });

  it('survives unclosed and misnested tags, and bounds depth', () => {
    expect(sanitiseFormattedBody('<b><i>x</b>y')).toEqual([
      { tag: 'b', children: [{ tag: 'i', children: ['x'] }] },
      'y',
    ]);
    const deep = sanitiseFormattedBody('<b>'.repeat(10_000) + 'x');
    expect(JSON.stringify(deep).length).toBeLessThan(2_000);
  });

  it('strips the plain-text reply fallback', () => {
    expect(stripReplyFallback('> <@bob:x> original\n> more\n\nmy answer')).toBe('my answer');
    expect(stripReplyFallback('no quote')).toBe('no quote');
  });
});
