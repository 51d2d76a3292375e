import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { inBrandZone } from '../platform/time';

dayjs.extend(utc);

// Pure rules of the member's profile: what a nickname, an avatar's cloud path and a birthday
// must be. The handlers (./handlers.ts) turn a refusal into its error code.

export const NICKNAME_MAX = 20;

/**
 * Characters a nickname must not hold: C0/C1 control characters, line and paragraph separators,
 * and the bidirectional overrides and isolates that make text display in another order than it
 * is stored. (Zero-width joiners stay: emoji sequences use them.)
 */
const FORBIDDEN_IN_NICKNAME = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** The nickname as stored (trimmed), or null unless it is 1–20 characters with no control characters. */
export function cleanNickname(raw: string): string | null {
  const nickname = raw.trim();
  const length = Array.from(nickname).length;
  if (length < 1 || length > NICKNAME_MAX) return null;
  if (FORBIDDEN_IN_NICKNAME.test(nickname)) return null;
  return nickname;
}

const IMAGE_EXTENSIONS = /^.+\.(png|jpe?g|gif|webp)$/i;

/**
 * An avatar's fileID must name an image the caller uploaded under `avatars/<openid or member id>/`
 * (the client's upload path; a storage rule can then let each user write only there). Answers
 * whether `fileId` is such a file of the given owner.
 */
export function isOwnAvatarFileId(fileId: string, owners: readonly string[]): boolean {
  const match = /^cloud:\/\/[^/\s]+\/avatars\/([^/]+)\/(.+)$/.exec(fileId);
  if (!match) return false;
  const [, owner, rest] = match;
  if (!owners.includes(owner)) return false;
  const segments = rest.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..' || /[\s\\?#]/.test(segment))) return false;
  return IMAGE_EXTENSIONS.test(segments[segments.length - 1]);
}

/** The earliest birthday accepted: anything before is a typing error, not a member. */
export const EARLIEST_BIRTHDAY = '1900-01-01';

/**
 * Whether 'YYYY-MM-DD' is a real calendar day, not before 1900 and not after today in the brand's
 * time zone (someone born today may join; tomorrow is a mistake).
 */
export function isValidBirthday(day: string, now: Date, timeZone: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  // dayjs rolls 2026-02-30 over to 2026-03-02: a day that does not exist comes back different.
  const parsed = dayjs.utc(day);
  if (!parsed.isValid() || parsed.format('YYYY-MM-DD') !== day) return false;
  if (day < EARLIEST_BIRTHDAY) return false;
  return day <= inBrandZone(now, timeZone).format('YYYY-MM-DD');
}
