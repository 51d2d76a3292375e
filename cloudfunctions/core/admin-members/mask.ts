// Pure rules of the member console: how a query is read, and what an analyst sees of a member.

import type { MemberSearchKey } from '../contract';

/** A nickname as an analyst sees it: its first character (as people count them) and '*'. */
export function maskNickname(nickname: string): string {
  const first = Array.from(nickname)[0];
  return first === undefined ? '' : `${first}*`;
}

/** 13800138000 → 138****8000; anything too short to keep 7 digits hidden shows only '****'. */
export function maskPhone(phone: string): string {
  return phone.length >= 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/**
 * How a search box query is read: ten digits are a member number, 1 and ten more digits a
 * mainland mobile number (exact match only), anything else the start of a nickname.
 */
export function classifyQuery(raw: string): { by: MemberSearchKey; value: string } {
  const query = raw.trim();
  const compact = query.replace(/[\s-]/g, '');
  if (/^\d{10}$/.test(compact)) return { by: 'memberNo', value: compact };
  const phone = compact.replace(/^\+?86/, '');
  if (/^1\d{10}$/.test(phone)) return { by: 'phone', value: phone };
  return { by: 'nickname', value: query };
}

/** Escapes a literal for use in a regular expression (a nickname prefix). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A nickname page's cursor: the last row's nickname and id, base64url. */
export function encodeNicknameCursor(nickname: string, id: string): string {
  return Buffer.from(JSON.stringify([nickname, id]), 'utf8').toString('base64url');
}

export function decodeNicknameCursor(cursor: string): { nickname: string; id: string } | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') return { nickname: value[0], id: value[1] };
  } catch {
    // fall through: a cursor we did not hand out
  }
  return null;
}
