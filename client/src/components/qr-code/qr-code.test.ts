import { inflateSync } from 'zlib';
import QRCode from 'qrcode';
import { qrMatrix, utf8Bytes } from './matrix';
import { base64, qrDataUrl, qrPng, QUIET_ZONE } from './png';

const TOKEN = 'M1.hq83mFhO0a0SLYUGqG9m7xw.t5yq3e.5FQ0yU9GFfpJ9jK6cLsG2w';

/** A small PNG reader for what qrPng writes (1-bit grayscale, filter 0), checking every CRC. */
function readPng(bytes: Uint8Array): { width: number; height: number; dark: (x: number, y: number) => boolean } {
  const buf = Buffer.from(bytes);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    expect(buf.readUInt32BE(offset + 8 + length)).toBe(crc32(buf.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8)]).toEqual([1, 0, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = Math.ceil(width / 8) + 1;
  expect(raw.length).toBe(stride * height);
  return {
    width,
    height,
    dark: (x, y) => {
      expect(raw[y * stride]).toBe(0);
      return (raw[y * stride + 1 + (x >> 3)] & (0x80 >> (x & 7))) === 0;
    },
  };
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('the member code QR image', () => {
  it('encodes the same symbol as the qrcode package does from the string', () => {
    const ours = qrMatrix(TOKEN);
    const reference = QRCode.create(TOKEN, { errorCorrectionLevel: 'M' }).modules;
    expect(ours.size).toBe(reference.size);
    for (let row = 0; row < ours.size; row += 1) {
      for (let col = 0; col < ours.size; col += 1) expect(ours.dark(row, col)).toBe(Boolean(reference.get(row, col)));
    }
  });

  it('draws every module as a black or white square inside a quiet zone', () => {
    const matrix = qrMatrix(TOKEN);
    const scale = 3;
    const png = readPng(qrPng(matrix, scale));
    expect(png.width).toBe((matrix.size + QUIET_ZONE * 2) * scale);
    expect(png.height).toBe(png.width);
    const mismatches: string[] = [];
    for (let y = 0; y < png.height; y += 1) {
      for (let x = 0; x < png.width; x += 1) {
        const row = Math.floor(y / scale) - QUIET_ZONE;
        const col = Math.floor(x / scale) - QUIET_ZONE;
        const dark = row >= 0 && col >= 0 && row < matrix.size && col < matrix.size && matrix.dark(row, col);
        if (png.dark(x, y) !== dark) mismatches.push(`${x},${y}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('writes a valid zlib stream across several stored blocks', () => {
    const png = readPng(qrPng(qrMatrix(TOKEN), 20)); // 84 KB of raw rows: two stored blocks
    expect(png.width).toBeGreaterThan(800);
    expect(png.dark(0, 0)).toBe(false); // the quiet zone
    expect(png.dark(4 * 20, 4 * 20)).toBe(true); // the finder pattern's corner
  });

  it('base64 matches Node\'s for every tail length', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 100]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 11) & 255);
      expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('keeps non-ASCII text as UTF-8', () => {
    expect(Buffer.from(utf8Bytes('鹿角☕ a'))).toEqual(Buffer.from('鹿角☕ a', 'utf8'));
  });

  it('stays a small data URL', () => {
    const url = qrDataUrl(qrMatrix(TOKEN));
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    expect(url.length).toBeLessThan(40_000);
  });
});
