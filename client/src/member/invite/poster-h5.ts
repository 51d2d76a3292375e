import { qrMatrix } from '../../components/qr-code/matrix';
import { drawPoster, POSTER_HEIGHT, POSTER_WIDTH, type PosterContent } from './poster-draw';
import { AVATAR_TIMEOUT_MS, withTimeout } from './timeout';

// The H5 poster: the browser's canvas, with a QR code of the H5 invite address drawn module by
// module (the project's own encoder, no image to fetch). Answers a PNG data URL that the page
// shows as an image (long-press to save on a phone) and offers as a download.

function loadImage(url: string): Promise<CanvasImageSource> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    // Without CORS a foreign avatar would taint the canvas and toDataURL would throw.
    image.crossOrigin = 'anonymous';
    image.onload = () => resolve(image);
    image.onerror = reject;
    image.src = url;
  });
}

function render(content: PosterContent, avatar: CanvasImageSource | null, qrText: string | null): string {
  const canvas = document.createElement('canvas');
  const ratio = 2;
  canvas.width = POSTER_WIDTH * ratio;
  canvas.height = POSTER_HEIGHT * ratio;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2d unavailable');
  ctx.scale(ratio, ratio);
  drawPoster(ctx, content, { avatar, code: null, qr: qrText ? qrMatrix(qrText) : null });
  return canvas.toDataURL('image/png');
}

export async function drawH5Poster(content: PosterContent, avatarUrl: string | null, inviteUrl: string | null): Promise<string> {
  const avatar = avatarUrl ? await withTimeout(loadImage(avatarUrl), AVATAR_TIMEOUT_MS).catch(() => null) : null;
  try {
    return render(content, avatar, inviteUrl);
  } catch (error) {
    // A tainted canvas (an avatar served without CORS): the brand mark instead of the avatar.
    if (avatar) return render(content, null, inviteUrl);
    throw error;
  }
}

/** Saves the data URL as a file through a temporary link (desktop browsers; phones long-press the image). */
export function downloadDataUrl(dataUrl: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = dataUrl;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
}
