import { create } from 'qrcode/lib/core/qrcode';

// Only the encoder core of the `qrcode` package (~20 KB minified): its renderers are for Node and
// the DOM, and neither exists in a mini-program. The text goes in as bytes, because the core's
// own string path needs TextEncoder, which the mini-program runtime does not have.

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** True where a module is dark. */
  dark: (row: number, col: number) => boolean;
}

/** UTF-8 bytes of `text`, without TextEncoder. */
export function utf8Bytes(text: string): Uint8Array {
  const out: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) out.push(code);
    else if (code < 0x800) out.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else out.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return Uint8Array.from(out);
}

/** The QR symbol for `text` at error correction level M (what counter scanners read best). */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = create([{ data: utf8Bytes(text), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: (row, col) => Boolean(modules.get(row, col)) };
}
