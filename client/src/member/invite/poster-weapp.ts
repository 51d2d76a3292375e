import Taro from '@tarojs/taro';
import { drawPoster, POSTER_HEIGHT, POSTER_WIDTH, type PosterContent } from './poster-draw';
import { AVATAR_TIMEOUT_MS, withTimeout } from './timeout';

// The weapp poster: canvas 2D (<Canvas type='2d'>). Canvas 2D draws only local files, so the
// avatar and the mini-program code are downloaded first. A slow or failing avatar gives way to
// the brand mark after AVATAR_TIMEOUT_MS, so a poster always appears.

const CODE_TIMEOUT_MS = 10_000;

type CanvasNode = Taro.Canvas & { width: number; height: number };

function canvasNode(selector: string): Promise<CanvasNode> {
  return new Promise((resolve, reject) => {
    Taro.createSelectorQuery()
      .select(selector)
      .fields({ node: true, size: true })
      .exec((res: Array<{ node?: CanvasNode } | null>) => {
        const node = res?.[0]?.node;
        if (node) resolve(node);
        else reject(new Error('poster canvas not found'));
      });
  });
}

/** A local path for a remote image: cloud fileIDs through cloud storage, web links through downloadFile. */
async function localPath(url: string): Promise<string> {
  if (url.startsWith('cloud://')) {
    const { tempFilePath } = await Taro.cloud.downloadFile({ fileID: url });
    return tempFilePath;
  }
  if (/^https?:\/\//.test(url)) {
    const result = await Taro.downloadFile({ url });
    if (result.statusCode !== 200) throw new Error(`download ${result.statusCode}`);
    return result.tempFilePath;
  }
  return url; // already local (wxfile://, http://tmp/)
}

function loadImage(canvas: CanvasNode, path: string): Promise<CanvasImageSource> {
  return new Promise((resolve, reject) => {
    const image = canvas.createImage() as unknown as { src: string; onload: () => void; onerror: (e: unknown) => void };
    image.onload = () => resolve(image as unknown as CanvasImageSource);
    image.onerror = reject;
    image.src = path;
  });
}

async function imageOrNull(canvas: CanvasNode, url: string | null, timeoutMs: number): Promise<CanvasImageSource | null> {
  if (!url) return null;
  return withTimeout(
    localPath(url).then((path) => loadImage(canvas, path)),
    timeoutMs,
  ).catch(() => null);
}

/** Draws the poster on the page's canvas and answers a temp file path of the PNG. */
export async function drawWeappPoster(
  selector: string,
  content: PosterContent,
  images: { avatarUrl: string | null; wxacodeUrl: string | null },
): Promise<string> {
  const canvas = await canvasNode(selector);
  // Two device pixels per poster unit is sharp on any phone and keeps the file small.
  const ratio = Math.min(2, Taro.getWindowInfo?.().pixelRatio ?? 2);
  canvas.width = POSTER_WIDTH * ratio;
  canvas.height = POSTER_HEIGHT * ratio;
  const ctx = canvas.getContext('2d') as unknown as CanvasRenderingContext2D;
  ctx.scale(ratio, ratio);
  const [avatar, code] = await Promise.all([
    imageOrNull(canvas, images.avatarUrl, AVATAR_TIMEOUT_MS),
    imageOrNull(canvas, images.wxacodeUrl, CODE_TIMEOUT_MS),
  ]);
  drawPoster(ctx, content, { avatar, code, qr: null });
  const { tempFilePath } = await Taro.canvasToTempFilePath({
    canvas: canvas as unknown as Taro.Canvas,
    fileType: 'png',
    destWidth: POSTER_WIDTH * 2,
    destHeight: POSTER_HEIGHT * 2,
  } as Taro.canvasToTempFilePath.Option);
  return tempFilePath;
}
