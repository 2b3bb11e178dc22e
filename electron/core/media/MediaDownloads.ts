/**
 * "Download <name>" on a file or image of the timeline: main finds the event (the window names
 * it by room and event ID: it never holds the media URL, nor an encrypted file's key), asks the
 * platform where to save it, and streams the file there: at most DOWNLOAD_BYTES, decrypted on
 * the way when it was sent encrypted, into `<path>.part`, renamed into place only once complete
 * and (when encrypted) its hash checked. A refused or failed download leaves no file behind.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { MatrixClient } from 'matrix-js-sdk';
import type { Platform } from '../platform.js';
import { UserFacingError } from '../UserFacingError.js';
import { hostOf } from '../net/hostOf.js';
import { DOWNLOAD_BYTES, formatBytes } from '../net/sizeCappedFetch.js';
import { AttachmentDecryption, parseEncryptedFile } from './encryptedAttachment.js';
import { fetchMedia, mediaUrl } from './mediaRequest.js';
import { parseMxcUri } from './mxcUri.js';

/** Progress is told every this many bytes (and at the end), not for every network chunk. */
const PROGRESS_STEP = 256 * 1024;

const FILE_MSGTYPES = new Set(['m.file', 'm.image', 'm.video', 'm.audio']);

export interface DownloadResult {
  /** Where the file was saved; null when the user cancelled the save dialog. */
  savedTo: string | null;
  name: string;
  bytes: number;
}

export interface DownloadProgress {
  roomId: string;
  eventId: string;
  received: number;
  /** The size the event announced, when it did. */
  total: number | null;
}

export class MediaDownloads {
  constructor(
    private readonly client: MatrixClient,
    private readonly platform: Pick<Platform, 'chooseSavePath'>,
    private readonly onProgress: (progress: DownloadProgress) => void = () => {},
  ) {}

  async download(roomId: string, eventId: string): Promise<DownloadResult> {
    const server = this.client.getHomeserverUrl();
    const event = this.client.getRoom(roomId)?.findEventById(eventId);
    if (!event) throw new UserFacingError('EVENT_UNKNOWN', 'That message is not loaded any more.');
    // The decrypted content, for an encrypted event: the `file` object and its key are in it.
    const content = event.getContent();
    const msgtype = event.getType() === 'm.sticker' ? 'm.image' : content.msgtype;
    if (!FILE_MSGTYPES.has(String(msgtype))) {
      throw new UserFacingError('NOT_A_FILE', 'That message has no file to download.');
    }
    const encrypted = content.file === undefined ? null : parseEncryptedFile(content.file);
    if (content.file !== undefined && !encrypted) {
      throw new UserFacingError(
        'BAD_ENCRYPTED_FILE',
        'That file was sent encrypted, but its key, IV or hash is missing or malformed, so it cannot be decrypted.',
      );
    }
    const mxc = parseMxcUri(encrypted?.url ?? content.url);
    if (!mxc) throw new UserFacingError('INVALID_MXC', 'That file has no valid address.');
    const name = saveName(content.filename, content.body);
    const info = (content.info ?? {}) as Record<string, unknown>;
    const total = typeof info.size === 'number' && info.size >= 0 ? info.size : null;

    if (!this.platform.chooseSavePath) {
      throw new UserFacingError('CANNOT_SAVE', 'Saving files is not possible here.');
    }
    const path = await this.platform.chooseSavePath(name);
    if (path === null) return { savedTo: null, name, bytes: 0 };

    const action = `downloading ${name}`;
    const authenticated = await this.client.isVersionSupported('v1.11').catch(() => false);
    const url = mediaUrl(server, mxc, { kind: 'download' }, authenticated);
    const abort = new AbortController();
    const response = await fetchMedia(this.client, url, authenticated, action, abort.signal);
    const tooLarge = () =>
      new UserFacingError(
        'RESPONSE_TOO_LARGE',
        `${hostOf(server)} sent more than ${formatBytes(DOWNLOAD_BYTES)} for ${name}; the download was stopped.`,
      );
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > DOWNLOAD_BYTES) {
      abort.abort();
      throw tooLarge();
    }

    const partial = `${path}.part`;
    const out = createWriteStream(partial, { flags: 'w', mode: 0o600 });
    let streamError: Error | null = null;
    out.on('error', (error) => (streamError ??= error));
    const decryption = encrypted ? new AttachmentDecryption(encrypted) : null;
    let received = 0;
    let reported = 0;
    const report = () => {
      reported = received;
      this.onProgress({ roomId, eventId, received, total });
    };
    try {
      const reader = response.body?.getReader();
      for (;;) {
        const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
        if (chunk.done) break;
        received += chunk.value.byteLength;
        if (received > DOWNLOAD_BYTES) {
          abort.abort();
          throw tooLarge();
        }
        await write(out, decryption ? decryption.update(chunk.value) : chunk.value);
        if (received - reported >= PROGRESS_STEP) report();
      }
      if (received !== reported) report();
      if (decryption) {
        const { rest, hashMatches } = decryption.finish();
        if (!hashMatches) {
          throw new UserFacingError(
            'FILE_HASH_MISMATCH',
            `${hostOf(server)} sent a file for ${name} that is not the one that was sent ` +
              '(its SHA-256 does not match the encrypted event), so it was not saved.',
          );
        }
        await write(out, rest);
      }
      out.end();
      await once(out, 'close');
      if (streamError) throw streamError;
      await rename(partial, path);
    } catch (error) {
      out.destroy();
      await rm(partial, { force: true });
      if (error instanceof UserFacingError) throw error;
      throw new UserFacingError(
        'DOWNLOAD_FAILED',
        `${action} from ${hostOf(server)} failed: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`,
      );
    }
    return { savedTo: path, name, bytes: received };
  }
}

async function write(out: ReturnType<typeof createWriteStream>, bytes: Uint8Array): Promise<void> {
  if (bytes.byteLength === 0) return;
  if (!out.write(bytes)) await once(out, 'drain');
}

/**
 * A file name to suggest: the event's filename or body, reduced to a plain name (no directory,
 * no control characters, not hidden), since it comes from whoever sent the file.
 */
export function saveName(filename: unknown, body: unknown): string {
  const raw =
    typeof filename === 'string' && filename ? filename : typeof body === 'string' ? body : '';
  const base = raw.split(/[/\\]/).pop() ?? '';
  const clean = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  return clean.slice(0, 200) || 'download';
}
