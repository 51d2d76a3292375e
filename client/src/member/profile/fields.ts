// The profile form's own checks, run before a call so that an obvious mistake is said at once.
// The server checks again (and in the cloud also runs WeChat's content check on the nickname).

/** WeChat nicknames are short; the server takes 1–20 characters (NICKNAME_INVALID otherwise). */
export const NICKNAME_MAX = 20;

// Control characters, zero-width and direction marks: invisible, and used to fake a name.
const HIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/;

export type NicknameCheck = { ok: true; nickname: string } | { ok: false; message: string };

/** Trims, then counts characters (not UTF-16 units: an emoji is one). */
export function checkNickname(raw: string): NicknameCheck {
  const nickname = raw.trim();
  const length = Array.from(nickname).length;
  if (length === 0) return { ok: false, message: '请填写昵称' };
  if (length > NICKNAME_MAX) return { ok: false, message: `昵称最多 ${NICKNAME_MAX} 个字` };
  if (HIDDEN_CHARACTERS.test(nickname)) return { ok: false, message: '昵称不能包含特殊字符' };
  return { ok: true, nickname };
}

/**
 * What to send when the nickname field loses focus: nothing when the text is unchanged (a blur
 * after a glance must not call the server), else the check's outcome.
 */
export function nicknameChange(raw: string, current: string): NicknameCheck | null {
  if (raw.trim() === current.trim()) return null;
  return checkNickname(raw);
}

/** The date picker's range: nobody is born before 1900 or after today (the brand's day). */
export function birthdayRange(todayInBrandZone: string): { start: string; end: string } {
  return { start: '1900-01-01', end: todayInBrandZone };
}

/** "1990-05-20" → "5月20日" (the birthday benefits care about the day, the year is kept too). */
export function birthdayMonthDay(birthday: string): string {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(birthday);
  if (!match) return birthday;
  return `${Number(match[1])}月${Number(match[2])}日`;
}

/** A mainland mobile number: 11 digits starting with 1 (spaces, dashes and +86 removed). */
export function normalizeMobile(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '').replace(/^\+?86(?=\d{11}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/**
 * H5 only: the code the local fake of phonenumber.getPhoneNumber answers with this number
 * (in WeChat the code comes from <button open-type="getPhoneNumber">).
 */
export function localPhoneCode(mobile: string): string {
  return `local-phone:${mobile}`;
}

/** 138****8000, as the server masks it (for the local picker's echo only). */
export function maskMobile(mobile: string): string {
  return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}
