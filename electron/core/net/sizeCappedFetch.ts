/**
 * A fetch whose response bodies cannot grow without bound. matrix-js-sdk reads login answers,
 * /sync and error bodies whole (`res.json()`, `res.text()`), so a hostile or broken server could
 * make the main process buffer gigabytes. Each response gets a cap chosen by endpoint
 * (responseLimitFor): a larger declared Content-Length fails before anything is read, and a body
 * that turns out larger fails as soon as it crosses the cap, cancelling the download.
 *
 * The cap fails the body stream rather than the fetch call on purpose: the SDK wraps anything
 * fetch throws into a ConnectionError ("fetch failed"), whereas an error from reading the body
 * reaches the caller as the very ResponseTooLargeError thrown here, whose message names the
 * server, the cap and the endpoint.
 */
import { UserFacingError } from '../UserFacingError.js';

const KiB = 1024;
const MiB = 1024 * KiB;

export interface ResponseLimit {
  bytes: number;
  /** How the endpoint is named in the error message. */
  label: string;
}

/**
 * Caps for client-server endpoints, matched against the path after `/_matrix/client/<version>`.
 * /sync carries account data (and later rooms) in bulk, so it gets room; sign-in answers are a
 * few fields; one account-data event is small. Anything else gets DEFAULT_RESPONSE_BYTES. When
 * rooms, media or encryption arrive, give their bulk endpoints (/messages, /keys/query, media
 * downloads) a rule of their own here rather than raising the default.
 */
const CLIENT_API_LIMITS: { path: RegExp; bytes: number; label?: string }[] = [
  { path: /^\/sync$/, bytes: 32 * MiB },
  { path: /^\/(login|refresh|logout|logout\/all|account\/whoami)$/, bytes: 64 * KiB },
  {
    path: /^\/user\/[^/]+\/(rooms\/[^/]+\/)?account_data\/[^/]+$/,
    bytes: 1 * MiB,
    label: 'account data',
  },
];

export const DEFAULT_RESPONSE_BYTES = 4 * MiB;

/** The most a thumbnail (an avatar) may be: core/media/MediaThumbnails.ts reads it whole. */
export const THUMBNAIL_BYTES = 1 * MiB;
/** The most a downloaded file may be: core/media/MediaDownloads.ts streams it to disk. */
export const DOWNLOAD_BYTES = 100 * MiB;

/**
 * Media (core/media/): a thumbnail is a small picture; a file may be large, and is streamed to
 * disk by its reader, which applies the same cap. Authenticated media (`/_matrix/client/v1/media`)
 * and the legacy `/_matrix/media/v3` alike.
 */
const MEDIA_LIMITS: { path: RegExp; bytes: number; label: string }[] = [
  {
    path: /^\/_matrix\/(client\/v1\/media|media\/(v3|r0))\/thumbnail\//,
    bytes: THUMBNAIL_BYTES,
    label: 'a thumbnail',
  },
  {
    path: /^\/_matrix\/(client\/v1\/media|media\/(v3|r0))\/download\//,
    bytes: DOWNLOAD_BYTES,
    label: 'a file',
  },
];

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export class ResponseTooLargeError extends UserFacingError {
  constructor(host: string, limit: ResponseLimit) {
    super(
      'RESPONSE_TOO_LARGE',
      `${host} answered with more than ${formatBytes(limit.bytes)} for ${limit.label}.`,
    );
    this.name = 'ResponseTooLargeError';
  }
}

export function responseLimitFor(url: URL): ResponseLimit {
  for (const rule of MEDIA_LIMITS) {
    if (rule.path.test(url.pathname)) return { bytes: rule.bytes, label: rule.label };
  }
  const clientPath = /^\/_matrix\/client\/[^/]+(\/.+)$/.exec(url.pathname)?.[1];
  if (clientPath) {
    for (const rule of CLIENT_API_LIMITS) {
      if (rule.path.test(clientPath)) return { bytes: rule.bytes, label: rule.label ?? clientPath };
    }
  }
  const path = clientPath ?? url.pathname;
  return {
    bytes: DEFAULT_RESPONSE_BYTES,
    label: path.length > 80 ? `${path.slice(0, 77)}...` : path,
  };
}

export function sizeCappedFetch(
  fetch: typeof globalThis.fetch,
  limitFor: (url: URL) => ResponseLimit = responseLimitFor,
): typeof globalThis.fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const response = await fetch(input, init);
    if (response.body === null || NULL_BODY_STATUSES.has(response.status)) return response;
    if (response.status < 200 || response.status > 599) return response; // Response() refuses these
    const capped = new Response(cappedBody(response.body, response.headers, url, limitFor(url)), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    // A constructed Response has an empty url; the SDK puts it in its errors.
    Object.defineProperty(capped, 'url', { value: response.url });
    return capped;
  };
}

function cappedBody(
  body: ReadableStream<Uint8Array>,
  headers: Headers,
  url: URL,
  limit: ResponseLimit,
): ReadableStream<Uint8Array> {
  const tooLarge = () => new ResponseTooLargeError(url.host, limit);
  const declared = Number(headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit.bytes) {
    void body.cancel().catch(() => {});
    return new ReadableStream({ start: (controller) => controller.error(tooLarge()) });
  }
  let received = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        // Erroring the transform also cancels the network stream behind it.
        if (received > limit.bytes) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
}

export function formatBytes(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= KiB && bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes} bytes`;
}
