import type { QrMatrix } from './matrix';

// A QR code as a PNG data URL: one code path for weapp (Image accepts base64 PNG) and H5, no
// canvas. Black-and-white at 1 bit per pixel; the zlib stream uses stored (uncompressed) blocks,
// which every PNG decoder reads, so no deflate implementation has to ship in the bundle.

/** Light modules around the symbol; the QR specification asks for four. */
export const QUIET_ZONE = 4;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i += 1) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    a = (a + bytes[i]) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function u32(value: number): number[] {
  return [(value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255];
}

function chunk(type: string, data: Uint8Array): number[] {
  const typed = new Uint8Array(4 + data.length);
  for (let i = 0; i < 4; i += 1) typed[i] = type.charCodeAt(i);
  typed.set(data, 4);
  return [...u32(data.length), ...typed, ...u32(crc32(typed))];
}

/** zlib stream of `raw` in stored blocks of at most 65,535 bytes. */
function zlibStored(raw: Uint8Array): Uint8Array {
  const out: number[] = [0x78, 0x01];
  for (let offset = 0; offset < raw.length || offset === 0; offset += 65535) {
    const length = Math.min(65535, raw.length - offset);
    const final = offset + length >= raw.length ? 1 : 0;
    out.push(final, length & 255, length >> 8, ~length & 255, (~length >> 8) & 255);
    for (let i = 0; i < length; i += 1) out.push(raw[offset + i]);
    if (final) break;
  }
  out.push(...u32(adler32(raw)));
  return Uint8Array.from(out);
}

/** The PNG bytes: `scale` pixels per module, dark modules black, with the quiet zone. */
export function qrPng(matrix: QrMatrix, scale: number): Uint8Array {
  const modules = matrix.size + QUIET_ZONE * 2;
  const width = modules * scale;
  const rowBytes = Math.ceil(width / 8);
  const raw = new Uint8Array((rowBytes + 1) * width);
  for (let y = 0; y < width; y += 1) {
    const row = Math.floor(y / scale) - QUIET_ZONE;
    const start = y * (rowBytes + 1);
    raw[start] = 0; // filter: none
    for (let x = 0; x < width; x += 1) {
      const col = Math.floor(x / scale) - QUIET_ZONE;
      const inside = row >= 0 && row < matrix.size && col >= 0 && col < matrix.size;
      // Grayscale 1-bit: 1 is white. Dark modules leave their bit at 0.
      if (!(inside && matrix.dark(row, col))) raw[start + 1 + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  const header = Uint8Array.from([...u32(width), ...u32(width), 1, 0, 0, 0, 0]);
  return Uint8Array.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ...chunk('IHDR', header),
    ...chunk('IDAT', zlibStored(raw)),
    ...chunk('IEND', new Uint8Array(0)),
  ]);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 without btoa (absent in the mini-program runtime). */
export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    out += BASE64[a >> 2] + BASE64[((a & 3) << 4) | (b >> 4)];
    out += i + 1 < bytes.length ? BASE64[((b & 15) << 2) | (c >> 6)] : '=';
    out += i + 2 < bytes.length ? BASE64[c & 63] : '=';
  }
  return out;
}

/** About 400 pixels wide: sharp on a phone screen once scaled, small as a data URL (~25 KB). */
export function qrDataUrl(matrix: QrMatrix, targetPixels = 400): string {
  const scale = Math.max(1, Math.round(targetPixels / (matrix.size + QUIET_ZONE * 2)));
  return `data:image/png;base64,${base64(qrPng(matrix, scale))}`;
}
