import QRCode from 'qrcode';

// pngjs ships no types; only its synchronous reader is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PNG } = require('pngjs') as { PNG: { sync: { read(png: Buffer): { width: number; height: number; data: Buffer } } } };

// Reading a QR code off a screenshot or a drawn image, for the browser journeys: the modules are
// sampled from the PNG, then matched against what an independent encoder (the qrcode package)
// makes of a text at every error-correction level and mask. A match means the image holds
// exactly that text, as a scanner would read it (modules sampled at their centres, no guessing).

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A PNG from a `data:image/png;base64,…` URL. */
export function pngOfDataUrl(dataUrl: string): Buffer {
  const match = /^data:image\/png;base64,(.+)$/.exec(dataUrl);
  if (!match) throw new Error(`not a PNG data URL: ${dataUrl.slice(0, 40)}…`);
  return Buffer.from(match[1], 'base64');
}

/**
 * The symbol's modules (true = dark) in `png`, looking only inside `within` (pixels; the whole
 * image by default, which must then hold nothing dark but the code). The symbol's extent is the
 * box of its dark pixels (the three finder patterns reach three of its edges); a module's size
 * is the top-left finder's width over 7.
 */
export function readModules(png: Buffer, within?: Box): boolean[][] {
  const image = PNG.sync.read(png);
  const area = within ?? { x: 0, y: 0, width: image.width, height: image.height };
  const dark = (x: number, y: number) => {
    const at = (Math.round(y) * image.width + Math.round(x)) * 4;
    const [r, g, b] = [image.data[at], image.data[at + 1], image.data[at + 2]];
    return 0.299 * r + 0.587 * g + 0.114 * b < 128;
  };
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (let y = area.y; y < area.y + area.height; y++) {
    for (let x = area.x; x < area.x + area.width; x++) {
      if (!dark(x, y)) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  if (!Number.isFinite(left)) throw new Error('no dark pixels: no code here');
  // The finder's top row: dark from `left` for 7 modules.
  let run = 0;
  while (dark(left + run, top + 1) && left + run <= right) run++;
  const module = run / 7;
  const size = Math.round((right - left + 1) / module);
  const cell = (right - left + 1) / size;
  const rows: boolean[][] = [];
  for (let row = 0; row < size; row++) {
    const line: boolean[] = [];
    for (let col = 0; col < size; col++) line.push(dark(left + (col + 0.5) * cell, top + (row + 0.5) * cell));
    rows.push(line);
  }
  return rows;
}

/** Whether `modules` are exactly a QR symbol of `text` (any error-correction level, any mask). */
export function encodes(modules: boolean[][], text: string): boolean {
  return [encodingsOf(text, 'auto'), encodingsOf(text, 'byte')].some((segments) => matchesAny(modules, segments));
}

/** The text as the package segments it by itself (mixed modes), or as one byte segment (what the app's encoder writes). */
function encodingsOf(text: string, how: 'auto' | 'byte'): string | QRCode.QRCodeSegment[] {
  return how === 'auto' ? text : [{ data: Buffer.from(text, 'utf8'), mode: 'byte' }];
}

function matchesAny(modules: boolean[][], segments: string | QRCode.QRCodeSegment[]): boolean {
  for (const level of ['L', 'M', 'Q', 'H'] as const) {
    for (let mask = 0; mask < 8; mask++) {
      const symbol = QRCode.create(segments, { errorCorrectionLevel: level, maskPattern: mask as QRCode.QRCodeMaskPattern }).modules;
      if (symbol.size !== modules.length) continue;
      let same = true;
      for (let row = 0; row < symbol.size && same; row++) {
        for (let col = 0; col < symbol.size && same; col++) same = Boolean(symbol.get(row, col)) === modules[row][col];
      }
      if (same) return true;
    }
  }
  return false;
}
