import type { QrMatrix } from '../../components/qr-code/matrix';
import { brand, colors } from '../../theme';

// The invite poster, drawn the same way on weapp (canvas 2D) and H5 (the browser's canvas): both
// contexts speak the standard CanvasRenderingContext2D, so the layout lives here once. Sizes are
// poster units (600 × 960); the caller scales the context by the device pixel ratio.

export const POSTER_WIDTH = 600;
export const POSTER_HEIGHT = 960;
/** The code is drawn at this size: large enough to scan from another phone's screen. */
const CODE_SIZE = 260;
const CARD_TOP = 210;
const AVATAR_RADIUS = 60;

export interface PosterContent {
  brandName: string;
  nickname: string;
  title: string;
  text: string;
  /** Under the code: "长按识别小程序码" on weapp, "扫码加入会员" on H5. */
  codeCaption: string;
}

/** What the drawing uses; every image is optional so that a missing one still gives a poster. */
export interface PosterArt {
  /** Loaded from a local path (weapp) or a same-origin URL (H5); null → the brand mark. */
  avatar: CanvasImageSource | null;
  /** The mini-program code image (weapp). */
  code: CanvasImageSource | null;
  /** A QR symbol drawn module by module (H5: the H5 invite address). */
  qr: QrMatrix | null;
}

/** Splits `text` into at most `maxLines` lines no wider than `maxWidth`; the last cut line ends in "…". */
export function wrapText(measure: (text: string) => number, text: string, maxWidth: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  for (let i = 0; i < chars.length; i += 1) {
    const next = line + chars[i];
    if (measure(next) <= maxWidth || line === '') {
      line = next;
      continue;
    }
    if (lines.length === maxLines - 1) {
      // The last allowed line: cut it so that the ellipsis fits.
      let cut = line;
      while (cut.length > 0 && measure(`${cut}…`) > maxWidth) cut = cut.slice(0, -1);
      lines.push(`${cut}…`);
      return lines;
    }
    lines.push(line);
    line = chars[i];
  }
  if (line) lines.push(line);
  return lines;
}

const FONT = "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', sans-serif";

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

function drawAvatar(ctx: CanvasRenderingContext2D, avatar: CanvasImageSource | null, cx: number, cy: number): void {
  ctx.save();
  ctx.beginPath();
  ctx.arc(cx, cy, AVATAR_RADIUS + 6, 0, Math.PI * 2);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.beginPath();
  ctx.arc(cx, cy, AVATAR_RADIUS, 0, Math.PI * 2);
  ctx.clip();
  if (avatar) {
    ctx.drawImage(avatar, cx - AVATAR_RADIUS, cy - AVATAR_RADIUS, AVATAR_RADIUS * 2, AVATAR_RADIUS * 2);
  } else {
    // The brand mark: what a poster shows when the avatar is missing or too slow.
    ctx.fillStyle = colors.accent;
    ctx.fillRect(cx - AVATAR_RADIUS, cy - AVATAR_RADIUS, AVATAR_RADIUS * 2, AVATAR_RADIUS * 2);
    ctx.fillStyle = '#ffffff';
    ctx.font = `bold 56px ${FONT}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(brand.logoText, cx, cy + 2);
  }
  ctx.restore();
}

function drawQr(ctx: CanvasRenderingContext2D, qr: QrMatrix, x: number, y: number, size: number): void {
  // A quiet zone of two modules inside the white square is enough on a white card.
  const modules = qr.size + 4;
  const cell = size / modules;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x, y, size, size);
  ctx.fillStyle = '#000000';
  for (let row = 0; row < qr.size; row += 1) {
    for (let col = 0; col < qr.size; col += 1) {
      // Slightly overlapping squares leave no hairlines between modules when scaled.
      if (qr.dark(row, col)) ctx.fillRect(x + (col + 2) * cell, y + (row + 2) * cell, cell + 0.4, cell + 0.4);
    }
  }
}

/** Draws the whole poster onto a context already scaled to poster units. */
export function drawPoster(ctx: CanvasRenderingContext2D, content: PosterContent, art: PosterArt): void {
  const W = POSTER_WIDTH;
  ctx.fillStyle = colors.primary;
  ctx.fillRect(0, 0, W, POSTER_HEIGHT);
  // A soft band of the darker brand colour behind the heading.
  ctx.fillStyle = colors.primaryDark;
  ctx.beginPath();
  ctx.arc(W - 40, 40, 180, 0, Math.PI * 2);
  ctx.fill();

  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = '#ffffff';
  ctx.font = `bold 34px ${FONT}`;
  ctx.fillText(content.brandName, W / 2, 78);
  ctx.font = `22px ${FONT}`;
  ctx.fillStyle = colors.accentSoft;
  ctx.fillText(brand.tagline, W / 2, 116);

  ctx.fillStyle = '#ffffff';
  roundRect(ctx, 32, CARD_TOP, W - 64, POSTER_HEIGHT - CARD_TOP - 40, 28);
  ctx.fill();

  drawAvatar(ctx, art.avatar, W / 2, CARD_TOP);

  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = colors.text;
  ctx.font = `bold 30px ${FONT}`;
  const [nickname] = wrapText((t) => ctx.measureText(t).width, content.nickname, W - 160, 1);
  ctx.fillText(nickname ?? '', W / 2, CARD_TOP + AVATAR_RADIUS + 52);
  ctx.font = `22px ${FONT}`;
  ctx.fillStyle = colors.textSecondary;
  ctx.fillText(`邀请你加入${content.brandName}`, W / 2, CARD_TOP + AVATAR_RADIUS + 88);

  ctx.fillStyle = colors.accent;
  ctx.font = `bold 40px ${FONT}`;
  let y = CARD_TOP + AVATAR_RADIUS + 150;
  for (const line of wrapText((t) => ctx.measureText(t).width, content.title, W - 120, 1)) {
    ctx.fillText(line, W / 2, y);
    y += 48;
  }
  ctx.fillStyle = colors.textSecondary;
  ctx.font = `24px ${FONT}`;
  for (const line of wrapText((t) => ctx.measureText(t).width, content.text, W - 140, 2)) {
    ctx.fillText(line, W / 2, y);
    y += 36;
  }

  const codeX = (W - CODE_SIZE) / 2;
  const codeY = POSTER_HEIGHT - 40 - 60 - CODE_SIZE;
  if (art.code) {
    ctx.drawImage(art.code, codeX, codeY, CODE_SIZE, CODE_SIZE);
  } else if (art.qr) {
    drawQr(ctx, art.qr, codeX, codeY, CODE_SIZE);
  } else {
    ctx.strokeStyle = colors.border;
    ctx.lineWidth = 2;
    roundRect(ctx, codeX, codeY, CODE_SIZE, CODE_SIZE, 16);
    ctx.stroke();
    ctx.fillStyle = colors.textMuted;
    ctx.font = `22px ${FONT}`;
    ctx.fillText('小程序码暂不可用', W / 2, codeY + CODE_SIZE / 2);
  }
  ctx.fillStyle = colors.textMuted;
  ctx.font = `22px ${FONT}`;
  ctx.fillText(content.codeCaption, W / 2, POSTER_HEIGHT - 40 - 24);
}
