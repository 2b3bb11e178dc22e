import { describe, expect, it } from 'vitest';
import { shownImageType } from '../../../electron/core/media/imageType.js';
import { saveName } from '../../../electron/core/media/MediaDownloads.js';
import type { MatrixClient } from 'matrix-js-sdk';
import { BoundedCache } from '../../../electron/core/media/BoundedCache.js';
import { MediaThumbnails } from '../../../electron/core/media/MediaThumbnails.js';

describe('BoundedCache', () => {
  it('forgets the least recently used entry beyond its count', () => {
    const cache = new BoundedCache<string>(2, 1000);
    cache.set('a', 'A', 1);
    cache.set('b', 'B', 1);
    expect(cache.get('a')).toBe('A'); // a is now more recent than b
    cache.set('c', 'C', 1);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
    expect(cache.size).toBe(2);
  });

  it('keeps its byte total under the bound, and does not keep what alone exceeds it', () => {
    const cache = new BoundedCache<string>(100, 10);
    for (let i = 0; i < 20; i++) cache.set(`k${i}`, 'v', 3);
    expect(cache.bytes).toBeLessThanOrEqual(10);
    expect(cache.size).toBe(3);
    expect(cache.get('k19')).toBe('v');
    cache.set('big', 'v', 11);
    expect(cache.get('big')).toBeUndefined();
    expect(cache.bytes).toBeLessThanOrEqual(10);
  });
});

describe('shownImageType', () => {
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
  const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]);
  const gif = new TextEncoder().encode('GIF89a');
  const webp = new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 ');

  it('accepts the four image types when the bytes agree with the declared type', () => {
    expect(shownImageType('image/png', png)).toBe('image/png');
    expect(shownImageType('IMAGE/JPEG; charset=binary', jpeg)).toBe('image/jpeg');
    expect(shownImageType('image/gif', gif)).toBe('image/gif');
    expect(shownImageType('image/webp', webp)).toBe('image/webp');
  });

  it('refuses SVG, HTML, a missing type, and bytes that are not what the type says', () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(shownImageType('image/svg+xml', svg)).toBeNull();
    expect(shownImageType('text/html', png)).toBeNull();
    expect(shownImageType(null, png)).toBeNull();
    expect(shownImageType('image/png', jpeg)).toBeNull();
    expect(shownImageType('image/png', svg)).toBeNull();
  });
});

describe('saveName', () => {
  it.each([
    ['report.pdf', undefined, 'report.pdf'],
    [undefined, 'photo.jpg', 'photo.jpg'],
    ['../../.bashrc', 'x', 'bashrc'],
    ['C:\\Windows\\evil.exe', 'x', 'evil.exe'],
    ['a\u0000b<c>:d|e?.txt', 'x', 'a_b_c__d_e_.txt'],
    ['...', '', 'download'],
    [42, null, 'download'],
  ])('%s / %s → %s', (filename, body, expected) => {
    expect(saveName(filename, body)).toBe(expected);
  });
});

describe('MediaThumbnails', () => {
  it('asks the server for at most 6 thumbnails at once, and each one once', async () => {
    let open = 0;
    let most = 0;
    let requests = 0;
    const answers: (() => void)[] = [];
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const client = {
      getHomeserverUrl: () => 'https://hs.example.org',
      getAccessToken: () => 'token',
      isVersionSupported: async () => true,
      whoami: async () => ({}),
      http: {
        fetch: async () => {
          requests++;
          open++;
          most = Math.max(most, open);
          await new Promise<void>((answer) => answers.push(answer));
          open--;
          return new Response(png, { headers: { 'content-type': 'image/png' } });
        },
      },
    } as unknown as MatrixClient;
    const thumbnails = new MediaThumbnails(client);
    const asked = Array.from({ length: 20 }, (_, i) =>
      thumbnails.thumbnail(`mxc://example.org/m${i % 10}`, 96, 96),
    );
    // Answer whatever is waiting until everything is answered.
    const all = Promise.all(asked);
    let done = false;
    void all.then(() => (done = true));
    while (!done) {
      await new Promise((tick) => setTimeout(tick, 0));
      answers.splice(0).forEach((answer) => answer());
    }
    const results = await all;
    expect(results.every((r) => r.contentType === 'image/png')).toBe(true);
    expect(most).toBe(6);
    // Twenty asks for ten pictures: ten requests (the same picture shares one request).
    expect(requests).toBe(10);
  });
});
