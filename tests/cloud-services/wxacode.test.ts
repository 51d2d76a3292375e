import QRCode from 'qrcode';
import { type Harness, startHarness } from './harness';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('openapi.wxacode.getUnlimited through wx-server-sdk', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('answers a real QR code PNG of the asked width, encoding page?scene=', async () => {
    const result = await h.cloud.openapi.wxacode.getUnlimited({
      scene: 'r=AB12cd34',
      page: 'pages/referral/index',
      width: 300,
      checkPath: false,
      envVersion: 'develop',
    });
    expect(result).toEqual({
      buffer: expect.any(Buffer),
      contentType: 'image/png',
      errCode: 0,
      errMsg: 'openapi.wxacode.getUnlimited:ok',
    });
    expect(pngSize(result.buffer)).toEqual({ width: 300, height: 300 });
    // Same text, same options → the same image: the code holds exactly page?scene=<encoded scene>.
    const expected = await QRCode.toBuffer('pages/referral/index?scene=r%3DAB12cd34', {
      type: 'png',
      width: 300,
      margin: 2,
      errorCorrectionLevel: 'M',
      color: { dark: '#000000ff', light: '#ffffffff' },
      rendererOpts: { filterType: 0 } as { deflateLevel?: number },
    });
    expect(result.buffer.equals(expected)).toBe(true);
  });

  it('defaults to a 430 px code and clamps widths to 280..1280', async () => {
    const plain = await h.cloud.openapi.wxacode.getUnlimited({ scene: 'x' });
    expect(pngSize(plain.buffer).width).toBe(430);
    const small = await h.cloud.openapi.wxacode.getUnlimited({ scene: 'x', width: 100 });
    expect(pngSize(small.buffer).width).toBe(280);
  });

  it('accepts a scene of exactly 32 characters', async () => {
    const result = await h.cloud.openapi.wxacode.getUnlimited({ scene: 'a'.repeat(32) });
    expect(result.errCode).toBe(0);
  });

  it.each([
    ['33 characters', 'a'.repeat(33)],
    ['empty', ''],
    ['Chinese characters', '会员卡'],
  ])('refuses a scene that is %s with errCode 40169, as WeChat does', async (_label, scene) => {
    await expect(h.cloud.openapi.wxacode.getUnlimited({ scene, page: 'pages/index/index' })).rejects.toMatchObject({
      errCode: 40169,
      errMsg: expect.stringMatching(/^openapi\.wxacode\.getUnlimited:fail invalid length for scene/),
    });
  });

  it('answers an unknown open API with an error rather than reaching the network', async () => {
    await expect(h.cloud.openapi.wxacode.createQRCode({ path: 'pages/index/index' })).rejects.toMatchObject({
      errCode: 48001,
    });
  });
});
