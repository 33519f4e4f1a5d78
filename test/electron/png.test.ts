// The PNG encoder behind the tray and app icons: a malformed file would give Electron an empty image and
// an invisible tray icon, so check the structure, every chunk's CRC and the pixel data.
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { drawBadge, encodePng } from '../../main/electron/png';

function chunks(png: Buffer): { type: string; data: Buffer; crcOk: boolean }[] {
  const out = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    const crcOk = png.readUInt32BE(at + 8 + length) === crc32(png.subarray(at + 4, at + 8 + length));
    out.push({ type, data, crcOk });
    at += 12 + length;
  }
  return out;
}

describe('encodePng', () => {
  it('writes a valid RGBA PNG whose pixels read back', () => {
    const rgba = drawBadge(16, [34, 139, 34]);
    const png = encodePng(16, 16, rgba);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const parts = chunks(png);
    expect(parts.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(parts.every((c) => c.crcOk)).toBe(true);
    expect(png.readUInt32BE(png.length - 4)).toBe(0xae426082); // the IEND CRC every PNG ends with
    const ihdr = parts[0]?.data as Buffer;
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9]]).toEqual([16, 16, 8, 6]);
    const raw = inflateSync(parts[1]?.data as Buffer);
    expect(raw.length).toBe(16 * (16 * 4 + 1));
    const centre = 8 * (16 * 4 + 1) + 1 + 8 * 4;
    expect([...raw.subarray(centre, centre + 4)]).toEqual([34, 139, 34, 255]);
    expect(raw[1 + 3]).toBe(0); // a corner pixel is transparent
  });

  it('refuses a buffer of the wrong size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow(/expected 16 bytes/);
  });
});
