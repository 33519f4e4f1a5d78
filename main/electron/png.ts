// A tiny PNG encoder (RGBA, no filtering) so the tray icons and build/ icons are drawn by code: no binary
// assets to keep in sync, and the packaged app carries them inside out/main.
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encode `rgba` (width * height * 4 bytes, row-major) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error(`encodePng: expected ${width * height * 4} bytes, got ${rgba.length}`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export type Rgb = readonly [number, number, number];

/**
 * The Floorwatch mark: a filled disc in `fill` with a lighter ring, anti-aliased, on transparency.
 * `dot` adds a small white centre (used by the app icon so it reads at large sizes).
 */
export function drawBadge(size: number, fill: Rgb, options: { dot?: boolean } = {}): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  const c = (size - 1) / 2;
  const r = size / 2 - 0.5;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      const alpha = Math.max(0, Math.min(1, r - d + 0.5));
      if (alpha === 0) continue;
      const ring = d > r * 0.78;
      const centre = options.dot === true && d < r * 0.3;
      const [cr, cg, cb] = centre ? [255, 255, 255] : ring ? fill.map((v) => Math.min(255, v + 60)) : fill;
      const i = (y * size + x) * 4;
      rgba[i] = cr ?? 0;
      rgba[i + 1] = cg ?? 0;
      rgba[i + 2] = cb ?? 0;
      rgba[i + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}
