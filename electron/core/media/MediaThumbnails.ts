/**
 * Thumbnails (avatars) for the window, fetched in main (mediaRequest.ts) and handed over as
 * bytes: the window never gets a media URL it would need the token for. Each answer is checked
 * (at most THUMBNAIL_BYTES, a PNG, JPEG, GIF or WebP by type and by its first bytes) and kept in
 * a bounded in-memory cache per mxc URI and size, so a room list redrawn does not ask again.
 */
import type { MatrixClient } from 'matrix-js-sdk';
import { UserFacingError } from '../UserFacingError.js';
import { hostOf } from '../net/hostOf.js';
import { THUMBNAIL_BYTES } from '../net/sizeCappedFetch.js';
import { shownImageType, type ShownImageType } from './imageType.js';
import { fetchMedia, mediaUrl, readBounded } from './mediaRequest.js';
import { BoundedCache } from './BoundedCache.js';
import { parseMxcUri, type MxcUri } from './mxcUri.js';

export interface Thumbnail {
  contentType: ShownImageType;
  /** The image, base64: the bridge carries JSON, and Electron IPC carries strings as well. */
  dataBase64: string;
}

/**
 * Thumbnails asked of the server at once: a room list of hundreds of rooms asks for all its
 * pictures together, which would otherwise be hundreds of parallel requests (and a 429).
 */
const PARALLEL_REQUESTS = 6;

export class MediaThumbnails {
  private readonly cache = new BoundedCache<Thumbnail>(500, 32 * 1024 * 1024);
  private readonly inFlight = new Map<string, Promise<Thumbnail>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly client: MatrixClient) {}

  thumbnail(mxcText: string, width: number, height: number): Promise<Thumbnail> {
    const mxc = parseMxcUri(mxcText);
    if (!mxc) throw new UserFacingError('INVALID_MXC', 'That picture has no valid address.');
    const key = `${mxcText} ${width}x${height}`;
    const cached = this.cache.get(key);
    if (cached) return Promise.resolve(cached);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const fetching = this.inTurn(() => this.fetch(mxc, mxcText, width, height, key)).finally(() =>
      this.inFlight.delete(key),
    );
    this.inFlight.set(key, fetching);
    return fetching;
  }

  /** Runs `work` when one of the PARALLEL_REQUESTS slots is free; a finished one hands its slot on. */
  private async inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= PARALLEL_REQUESTS) {
      await new Promise<void>((resume) => this.waiting.push(resume));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Fetches and checks one thumbnail, and caches it under `key` (thumbnail()'s). */
  private async fetch(
    mxc: MxcUri,
    mxcText: string,
    width: number,
    height: number,
    key: string,
  ): Promise<Thumbnail> {
    const server = this.client.getHomeserverUrl();
    const action = `the picture ${mxcText}`;
    const authenticated = await this.client.isVersionSupported('v1.11').catch(() => false);
    const url = mediaUrl(server, mxc, { kind: 'thumbnail', width, height }, authenticated);
    const response = await fetchMedia(this.client, url, authenticated, `loading ${action}`);
    const bytes = await readBounded(response, THUMBNAIL_BYTES, server, action);
    const contentType = shownImageType(response.headers.get('content-type'), bytes);
    if (!contentType) {
      throw new UserFacingError(
        'MEDIA_NOT_AN_IMAGE',
        `${hostOf(server)} sent something other than a PNG, JPEG, GIF or WebP image for ${action}.`,
      );
    }
    const thumbnail: Thumbnail = {
      contentType,
      dataBase64: Buffer.from(bytes).toString('base64'),
    };
    this.cache.set(key, thumbnail, bytes.byteLength);
    return thumbnail;
  }
}
