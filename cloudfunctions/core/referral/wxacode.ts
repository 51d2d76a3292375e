import { getCloud } from '../platform/cloud';
import type { HandlerContext } from '../router/context';
import { HOME_PAGE, sceneFor } from './codes';
import { INVITE_CODES, type InviteCodeDoc } from './collections';

// The mini-program code of an invite code: wxacode.getUnlimited (rate-limited, 5,000 a minute;
// each call costs) with scene `i=<code>` and page pages/index/index, stored once in cloud storage
// at `invite-codes/<code>.png`; its fileID is cached on the invite_codes document. A cached file
// that is gone (deleted from storage) is drawn again. Any failure answers null: the page still
// shows, without its code (the poster says so), and the next visit tries again.

interface WxacodeApi {
  wxacode: { getUnlimited(options: { scene: string; page: string; checkPath: boolean; envVersion: string; width: number }): Promise<{ buffer: Buffer; contentType?: string }> };
}

export const wxacodePath = (code: string) => `invite-codes/${code}.png`;

async function linkOf(fileID: string): Promise<string | null> {
  const answer = (await getCloud().getTempFileURL({ fileList: [fileID] })) as { fileList?: { tempFileURL?: string; status?: number; code?: string }[] };
  const file = answer.fileList?.[0];
  return file?.tempFileURL ? file.tempFileURL : null;
}

export async function wxacodeUrl(ctx: HandlerContext, code: InviteCodeDoc): Promise<string | null> {
  try {
    if (code.wxacodeFileId) {
      const cached = await linkOf(code.wxacodeFileId);
      if (cached) return cached;
    }
    const openapi = (getCloud() as unknown as { openapi: WxacodeApi }).openapi;
    const image = await openapi.wxacode.getUnlimited({
      scene: sceneFor(code._id),
      page: HOME_PAGE,
      // An unpublished page fails the check; trial and develop builds set WXACODE_ENV_VERSION.
      checkPath: process.env.WXACODE_ENV_VERSION ? false : true,
      envVersion: process.env.WXACODE_ENV_VERSION ?? 'release',
      width: 430,
    });
    const { fileID } = (await getCloud().uploadFile({ cloudPath: wxacodePath(code._id), fileContent: image.buffer })) as { fileID: string };
    await ctx.db.collection(INVITE_CODES).doc(code._id).update({ data: { wxacodeFileId: fileID } });
    return await linkOf(fileID);
  } catch (error) {
    console.warn(`wxacode for ${code._id} unavailable`, (error as { errCode?: number }).errCode ?? error);
    return null;
  }
}
