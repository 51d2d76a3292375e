import { auditRead } from '../audit/log';
import type { MemberRow, SearchMembersResult } from '../contract';
import { type BrandSettings, loadBrandSettings } from '../brand/settings';
import { ACCOUNTS, type AccountDoc, accountId } from '../ledger/accounts';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { BusinessError } from '../platform/business-error';
import { findDocs } from '../platform/documents';
import { tierView } from '../purchases/views';
import type { HandlerContext } from '../router/context';
import { effectiveTier } from '../tiers/member-tier';
import { decryptPhone, phoneLookupHash } from '../privacy/phone-crypto';
import { classifyQuery, decodeNicknameCursor, encodeNicknameCursor, escapeRegExp, maskNickname } from './mask';

/** Nickname matches per page: a prefix search pages through, it never lists everyone at once. */
export const SEARCH_PAGE = 20;

/** Analysts read personal fields masked; owners and managers in full. */
export function masksPersonalData(ctx: HandlerContext): boolean {
  return ctx.roles.operator?.role !== 'owner' && ctx.roles.operator?.role !== 'manager';
}

export function shownNickname(member: MemberDoc, masked: boolean): string {
  return masked ? maskNickname(member.nickname ?? '') : (member.nickname ?? '');
}

/** The verified phone: masked for analysts, decrypted for the roles that see personal data in full. */
export function shownPhone(member: MemberDoc, masked: boolean): string | null {
  if (!member.phoneCipher || !member.phoneMasked) return null;
  if (masked) return member.phoneMasked;
  try {
    return decryptPhone(member.phoneCipher);
  } catch (error) {
    // A key that is not the one the number was written with: the page still shows, masked.
    console.error(`phone of member ${member._id} cannot be decrypted (PHONE_ENCRYPTION_KEY changed?)`, error);
    return member.phoneMasked;
  }
}

export async function searchMembers(ctx: HandlerContext, input: { query: string; cursor?: string }): Promise<SearchMembersResult> {
  const masked = masksPersonalData(ctx);
  const { by, value } = classifyQuery(input.query);
  const members = ctx.db.collection(MEMBERS);
  let found: MemberDoc[];
  let nextCursor: string | null = null;
  if (by === 'memberNo') {
    found = await findDocs<MemberDoc>(members.where({ memberNo: value }).limit(1));
  } else if (by === 'phone') {
    // Exact only, by the number's keyed hash: a phone number finds its member, never a list to browse.
    found = await findDocs<MemberDoc>(members.where({ phoneHash: phoneLookupHash(value) }).limit(5));
  } else {
    if (Array.from(value).length > 20) throw new BusinessError('INVALID_INPUT', '昵称最多输入 20 个字', 'query');
    const _ = ctx.db.command;
    const prefix: Record<string, unknown> = { nickname: ctx.db.RegExp({ regexp: `^${escapeRegExp(value)}`, options: '' }) };
    let where: unknown = prefix;
    if (input.cursor) {
      const after = decodeNicknameCursor(input.cursor);
      if (!after) throw new BusinessError('INVALID_INPUT', undefined, 'cursor');
      where = _.and([prefix, _.or([{ nickname: _.gt(after.nickname) }, { nickname: after.nickname, _id: _.gt(after.id) }])]);
    }
    const batch = await findDocs<MemberDoc>(
      members
        .where(where as Record<string, unknown>)
        .orderBy('nickname', 'asc')
        .orderBy('_id', 'asc')
        .limit(SEARCH_PAGE + 1),
    );
    found = batch.slice(0, SEARCH_PAGE);
    const last = found[found.length - 1];
    if (batch.length > SEARCH_PAGE && last) nextCursor = encodeNicknameCursor(last.nickname, last._id);
  }
  const brand = found.length ? await loadBrandSettings(ctx.db) : null;
  const balances = await balancesOf(ctx, found.map((m) => m._id));
  // Unmasked personal data shown is a read of it: logged with the members shown, not the query
  // (which may be a phone number).
  if (!masked && found.length) await auditRead(ctx, { kind: 'member', id: found.length === 1 ? found[0]._id : 'search', label: found.map((m) => m.memberNo).join(',') });
  return {
    searchedBy: by,
    masked,
    nextCursor,
    items: found.map((member) => memberRow(member, brand!, balances, masked, ctx.now)),
  };
}

function memberRow(member: MemberDoc, brand: BrandSettings, balances: Map<string, number>, masked: boolean, now: Date): MemberRow {
  const of = (asset: 'points' | 'wallet_principal' | 'wallet_bonus') => balances.get(accountId(member._id, asset)) ?? 0;
  return {
    memberNo: member.memberNo,
    nickname: shownNickname(member, masked),
    phone: shownPhone(member, masked),
    tier: tierView(effectiveTier(member, brand, now)),
    points: of('points'),
    walletFen: of('wallet_principal') + of('wallet_bonus'),
    joinedAt: new Date(member.registeredAt).toISOString(),
  };
}

/** The points and wallet balances of a page of members, in one read. */
async function balancesOf(ctx: HandlerContext, memberIds: string[]): Promise<Map<string, number>> {
  if (memberIds.length === 0) return new Map();
  const ids = memberIds.flatMap((id) => [accountId(id, 'points'), accountId(id, 'wallet_principal'), accountId(id, 'wallet_bonus')]);
  const accounts = await findDocs<AccountDoc>(ctx.db.collection(ACCOUNTS).where({ _id: ctx.db.command.in(ids) }).field({ balance: true }).limit(ids.length));
  return new Map(accounts.map((a) => [a._id, a.balance]));
}
