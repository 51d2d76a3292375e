import { getCloud } from '../platform/cloud';
import { BusinessError } from '../platform/business-error';

// The WeChat services the profile calls: the phone-number exchange, the content check and a
// stored file's link. Never inside a transaction (a transaction may run twice, and the exchange
// costs the brand each time).

interface OpenApi {
  phonenumber: { getPhoneNumber(options: { code: string }): Promise<{ phoneInfo?: { phoneNumber?: string; purePhoneNumber?: string; countryCode?: string } }> };
  security: { msgSecCheck(options: { content: string; version: 2; scene: 1 | 2 | 3 | 4; openid: string }): Promise<{ result?: { suggest?: string; label?: number } }> };
}

function openapi(): OpenApi {
  return (getCloud() as unknown as { openapi: OpenApi }).openapi;
}

export interface ExchangedPhone {
  purePhoneNumber: string;
  countryCode: string;
}

/** The code of <button open-type="getPhoneNumber"> → the number; any failure is PHONE_CODE_INVALID (the member taps again for a new code). */
export async function exchangePhoneCode(code: string): Promise<ExchangedPhone> {
  let answer: Awaited<ReturnType<OpenApi['phonenumber']['getPhoneNumber']>>;
  try {
    answer = await openapi().phonenumber.getPhoneNumber({ code });
  } catch (error) {
    const errCode = (error as { errCode?: number }).errCode;
    // 40029 is an invalid or used code, the member's case; anything else is worth seeing in the logs.
    if (errCode !== 40029) console.warn('phonenumber.getPhoneNumber failed', errCode ?? error);
    throw new BusinessError('PHONE_CODE_INVALID');
  }
  const info = answer.phoneInfo;
  if (!info?.purePhoneNumber) throw new BusinessError('PHONE_CODE_INVALID');
  return { purePhoneNumber: info.purePhoneNumber, countryCode: info.countryCode ?? '86' };
}

/**
 * security.msgSecCheck (version 2, scene 1 = 资料: a profile field) on text the member chose:
 * true unless WeChat suggests anything but 'pass' ('risky', or 'review', which a nickname shown
 * to staff and in rankings does not wait for).
 */
export async function passesContentCheck(content: string, openid: string): Promise<boolean> {
  const answer = await openapi().security.msgSecCheck({ content, version: 2, scene: 1, openid });
  return answer.result?.suggest === 'pass';
}

/**
 * A displayable link for a stored file, or null if there is no such file. Avatars live in a folder
 * whose storage permission lets everyone read (README), so the link does not stop working.
 */
export async function fileLink(fileID: string): Promise<string | null> {
  const answer = (await getCloud().getTempFileURL({ fileList: [fileID] })) as { fileList?: { fileID: string; tempFileURL?: string; status?: number }[] };
  const file = answer.fileList?.[0];
  return file && file.status === 0 && file.tempFileURL ? file.tempFileURL : null;
}
