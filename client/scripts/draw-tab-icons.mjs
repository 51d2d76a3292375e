// Draws the tab bar icons (81×81 PNG, WeChat's recommended size) from simple shapes, so the
// repository holds no binary of unknown origin. Run from the repository root after changing a
// shape or a colour: `node client/scripts/draw-tab-icons.mjs`. Output: client/src/assets/tab/.
import { writeFileSync, mkdirSync } from 'fs';
import path from 'path';
import { fileURLToPath } from 'url';
import { deflateSync } from 'zlib';

const SIZE = 81;
const SAMPLES = 4; // per axis: 16 samples per pixel for smooth edges
const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/assets/tab');
const COLORS = { normal: [0x8f, 0x94, 0x8f], active: [0x2f, 0x5d, 0x50] }; // textMuted, primary (theme.ts)

// --- shapes: each answers "is this point inside?" in a 0..81 coordinate space -------------------
const segment = (ax, ay, bx, by, width) => (x, y) => {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= width / 2;
};
const polyline = (points, width) => {
  const parts = points.slice(1).map((p, i) => segment(points[i][0], points[i][1], p[0], p[1], width));
  return (x, y) => parts.some((inside) => inside(x, y));
};
const ring = (cx, cy, r, width) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) <= width / 2;
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const squareRing = (x0, y0, size, width) => (x, y) => rect(x0, y0, x0 + size, y0 + size)(x, y) && !rect(x0 + width, y0 + width, x0 + size - width, y0 + size - width)(x, y);
const union = (...shapes) => (x, y) => shapes.some((inside) => inside(x, y));
const clipTop = (shape, maxY) => (x, y) => y <= maxY && shape(x, y);

const STROKE = 6;
const ICONS = {
  home: union(
    polyline([[14, 38], [40.5, 15], [67, 38]], STROKE),
    polyline([[22, 33], [22, 66], [59, 66], [59, 33]], STROKE),
    polyline([[35, 66], [35, 50], [46, 50], [46, 66]], STROKE),
  ),
  code: union(
    squareRing(13, 13, 22, 5), rect(20, 20, 28, 28),
    squareRing(46, 13, 22, 5), rect(53, 20, 61, 28),
    squareRing(13, 46, 22, 5), rect(20, 53, 28, 61),
    rect(46, 46, 53, 53), rect(61, 46, 68, 53), rect(53, 53, 61, 61), rect(46, 61, 53, 68), rect(61, 61, 68, 68),
  ),
  mine: union(ring(40.5, 28, 12, STROKE), clipTop(ring(40.5, 72, 26, STROKE), 68), polyline([[14.5, 68], [66.5, 68]], STROKE)),
};

// --- PNG ------------------------------------------------------------------------------------------
const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
};

function draw(shape, [r, g, b]) {
  const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
  for (let y = 0; y < SIZE; y += 1) {
    raw[y * (SIZE * 4 + 1)] = 0;
    for (let x = 0; x < SIZE; x += 1) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) if (shape(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES)) hits += 1;
      }
      const at = y * (SIZE * 4 + 1) + 1 + x * 4;
      raw[at] = r;
      raw[at + 1] = g;
      raw[at + 2] = b;
      raw[at + 3] = Math.round((hits * 255) / (SAMPLES * SAMPLES));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

mkdirSync(OUT, { recursive: true });
for (const [name, shape] of Object.entries(ICONS)) {
  writeFileSync(path.join(OUT, `${name}.png`), draw(shape, COLORS.normal));
  writeFileSync(path.join(OUT, `${name}-active.png`), draw(shape, COLORS.active));
}
console.log(`tab icons written to ${OUT}`);
