/**
 * The image types the window may show from a server: what every Chromium decodes and nothing
 * that runs (no SVG, whose scripts and external references a blob: URL would still carry).
 * The declared content type must be one of them and the bytes must start as that type does, so
 * a server cannot pass HTML or SVG off as a picture.
 */
export type ShownImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

const SIGNATURES: Record<ShownImageType, (b: Uint8Array) => boolean> = {
  'image/png': (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': (b) => starts(b, [0xff, 0xd8, 0xff]),
  'image/gif': (b) => starts(b, [0x47, 0x49, 0x46, 0x38]),
  'image/webp': (b) =>
    starts(b, [0x52, 0x49, 0x46, 0x46]) && starts(b.subarray(8), [0x57, 0x45, 0x42, 0x50]),
};

/** The image type of a response, or null when it is not one the window shows. */
export function shownImageType(
  contentType: string | null,
  bytes: Uint8Array,
): ShownImageType | null {
  const declared = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!Object.hasOwn(SIGNATURES, declared)) return null;
  const type = declared as ShownImageType;
  return SIGNATURES[type](bytes) ? type : null;
}

function starts(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}
