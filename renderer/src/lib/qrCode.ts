/**
 * A QR code as one SVG path (uqr encodes; we draw), so the window shows it without `{@html}` and
 * without any markup built from the server's text.
 */
import { encode } from 'uqr';

export interface QrDrawing {
  /** Width and height in modules, quiet zone included. */
  size: number;
  /** One 1×1 square per dark module. */
  path: string;
}

export function drawQrCode(text: string): QrDrawing {
  // ECC level M: still readable off a screen with glare, and small enough for long links.
  const { size, data } = encode(text, { ecc: 'M', border: 2 });
  const squares: string[] = [];
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) squares.push(`M${x} ${y}h1v1h-1z`);
    }),
  );
  return { size, path: squares.join('') };
}
