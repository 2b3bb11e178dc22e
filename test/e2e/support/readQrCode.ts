/**
 * Reads a QR code off the screen as a phone's camera would: a screenshot of the element, decoded
 * by jsQR from its pixels. Null when no code can be read from what is drawn.
 */
import type { Locator } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

export async function readQrCode(element: Locator): Promise<string | null> {
  const image = PNG.sync.read(await element.screenshot());
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  return jsQR(pixels, image.width, image.height)?.data ?? null;
}
