import Taro from '@tarojs/taro';
import { albumStep, isPermissionDenied } from './album-step';

// Saving the poster to the photo album (weapp). The album permission is asked for once; a member
// who refused it is guided to the settings page, since WeChat never asks a second time itself.

const SCOPE = 'scope.writePhotosAlbum';

export type SaveOutcome = 'saved' | 'denied' | 'cancelled' | 'failed';

async function guideToSettings(): Promise<boolean> {
  const answer = await Taro.showModal({
    title: '需要相册权限',
    content: '保存海报需要允许“添加到相册”。请在设置中打开“保存到相册”，然后回来再点一次保存。',
    confirmText: '去设置',
    cancelText: '暂不',
    confirmColor: '#2f5d50',
  });
  if (!answer.confirm) return false;
  const setting = await Taro.openSetting();
  return setting.authSetting?.[SCOPE] === true;
}

function errMsgOf(error: unknown): string {
  return String((error as { errMsg?: unknown } | null)?.errMsg ?? error ?? '');
}

/** Saves a local image file to the album, asking for the permission (or guiding to settings) as needed. */
export async function saveToAlbum(filePath: string): Promise<SaveOutcome> {
  const setting = await Taro.getSetting();
  const step = albumStep(setting.authSetting?.[SCOPE] as boolean | undefined);
  if (step === 'authorize') {
    try {
      await Taro.authorize({ scope: SCOPE });
    } catch {
      // Refused just now: the same guide as for a refusal earlier.
      if (!(await guideToSettings())) return 'denied';
    }
  } else if (step === 'guide' && !(await guideToSettings())) {
    return 'denied';
  }
  try {
    await Taro.saveImageToPhotosAlbum({ filePath });
    return 'saved';
  } catch (error) {
    const message = errMsgOf(error);
    if (/cancel/i.test(message)) return 'cancelled';
    if (isPermissionDenied(message)) return (await guideToSettings()) ? saveAgain(filePath) : 'denied';
    return 'failed';
  }
}

async function saveAgain(filePath: string): Promise<SaveOutcome> {
  try {
    await Taro.saveImageToPhotosAlbum({ filePath });
    return 'saved';
  } catch (error) {
    return /cancel/i.test(errMsgOf(error)) ? 'cancelled' : 'failed';
  }
}
