/**
 * Draws the app icon and writes it as real PNG files, with nothing but node:zlib (deflate and
 * CRC-32), so the icons can be regenerated anywhere without an image tool:
 *
 *   npx tsx build/make-icon.ts
 *
 * The mark is Matrix's square brackets around an arrow pointing right: a Matrix client that
 * follows where the login portal routes you. It is drawn from shapes in a unit square, so every
 * size is rendered sharp rather than scaled down from the large one.
 *
 * Output: build/icon.png (512x512, from which electron-builder makes the macOS .icns and the
 * Windows .ico) and build/icons/NxN.png, the sizes the Linux desktop entry and hicolor theme use.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];

const BACKGROUND: Rgba = [11, 122, 117, 255];
const MARK: Rgba = [255, 255, 255, 255];
const TRANSPARENT: Rgba = [0, 0, 0, 0];

/** Sizes for build/icons: the hicolor theme sizes a desktop entry's Icon= is looked up in. */
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
export const MAIN_ICON_SIZE = 512;

/** Samples per pixel edge: 4x4 supersampling gives smooth edges at every size. */
const SUPERSAMPLE = 4;

function inRect(x: number, y: number, left: number, top: number, right: number, bottom: number) {
  return x >= left && x <= right && y >= top && y <= bottom;
}

function inRoundedSquare(x: number, y: number, inset: number, radius: number): boolean {
  const lo = inset + radius;
  const hi = 1 - inset - radius;
  const cx = Math.min(Math.max(x, lo), hi);
  const cy = Math.min(Math.max(y, lo), hi);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/** Left half of a "[": the right one is its mirror image. */
function inBracket(x: number, y: number): boolean {
  return (
    inRect(x, y, 0.2, 0.22, 0.28, 0.78) ||
    inRect(x, y, 0.2, 0.22, 0.36, 0.3) ||
    inRect(x, y, 0.2, 0.7, 0.36, 0.78)
  );
}

function inArrow(x: number, y: number): boolean {
  const shaft = inRect(x, y, 0.36, 0.455, 0.56, 0.545);
  // Head: a triangle with its tip at (0.66, 0.5) and its base at x = 0.52, y 0.36..0.64.
  const head = x >= 0.52 && x <= 0.66 && Math.abs(y - 0.5) <= ((0.66 - x) / 0.14) * 0.14;
  return shaft || head;
}

/** The colour of the icon at a point of the unit square. */
export function iconColourAt(x: number, y: number): Rgba {
  if (!inRoundedSquare(x, y, 0.03, 0.2)) return TRANSPARENT;
  if (inBracket(x, y) || inBracket(1 - x, y) || inArrow(x, y)) return MARK;
  return BACKGROUND;
}

/** Renders the icon at `size` pixels square as straight (non-premultiplied) RGBA rows. */
export function renderIcon(size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const [cr, cg, cb, ca] = iconColourAt(
            (px + (sx + 0.5) / SUPERSAMPLE) / size,
            (py + (sy + 0.5) / SUPERSAMPLE) / size,
          );
          // Average colour weighted by alpha, so edges do not darken towards transparent black.
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const offset = (py * size + px) * 4;
      pixels[offset] = a ? Math.round(r / a) : 0;
      pixels[offset + 1] = a ? Math.round(g / a) : 0;
      pixels[offset + 2] = a ? Math.round(b / a) : 0;
      pixels[offset + 3] = Math.round(a / samples);
    }
  }
  return pixels;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes RGBA pixels as a PNG: 8-bit RGBA, no interlace, filter type 0 on every row. */
export function encodePng(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: truecolour with alpha
  header[10] = 0; // compression: deflate
  header[11] = 0; // filter method
  header[12] = 0; // interlace: none
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let row = 0; row < size; row++) {
    raw[row * (stride + 1)] = 0; // filter: none
    rgba.copy(raw, row * (stride + 1) + 1, row * stride, (row + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function writeIcon(path: string, size: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encodePng(size, renderIcon(size)));
  console.log(`wrote ${path} (${size}x${size})`);
}

function main(): void {
  const buildDir = dirname(fileURLToPath(import.meta.url));
  writeIcon(join(buildDir, 'icon.png'), MAIN_ICON_SIZE);
  for (const size of LINUX_ICON_SIZES) {
    writeIcon(join(buildDir, 'icons', `${size}x${size}.png`), size);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
