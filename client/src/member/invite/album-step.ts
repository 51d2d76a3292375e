// The album permission's decision, apart from the WeChat calls (album.ts) so it can be tested.

export type AlbumStep = 'save' | 'authorize' | 'guide';

/** From the permission's state in getSetting: granted, never asked, or refused before. */
export function albumStep(granted: boolean | undefined): AlbumStep {
  if (granted === true) return 'save';
  if (granted === undefined) return 'authorize';
  return 'guide';
}

/** A failure of authorize or saveImageToPhotosAlbum that means "no permission" (not a cancel). */
export function isPermissionDenied(errMsg: string | undefined): boolean {
  return !!errMsg && /auth den|auth deny|authorize:fail|no permission|privacy/i.test(errMsg) && !/cancel/i.test(errMsg);
}
