import type { LeaderboardRow } from '../contract';
import { loadBrandSettings } from '../brand/settings';
import { requireMember } from '../members/lookup';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { inBrandZone } from '../platform/time';
import { masksPersonalData } from '../admin-members/search';
import type { HandlerContext } from '../router/context';
import { REWARDS } from './collections';
import { maskedName } from './my-invites';
import { docsByIds } from './review';

// The KOC leaderboard: inviters ranked by qualified invites in a brand-zone month (the month the
// invitee qualified, kept on the inviter's reward). A qualification refunded since (cancelled,
// clawed back) or rejected by an operator does not count; a capped one does (the friend did
// qualify, the inviter only went unpaid). Ties: whoever reached the count first ranks higher.

export const LEADERBOARD_SIZE = 50;
const NOT_COUNTED = ['cancelled', 'clawed_back', 'rejected'];

export interface InviterCount {
  memberId: string;
  qualified: number;
  /** When the inviter's last counted invitee of the month qualified. */
  reachedAt: Date;
}

/** Order of the board: more qualified first, then who got there first, then member id. Pure. */
export function rankInviters(counts: InviterCount[]): InviterCount[] {
  return [...counts].sort((a, b) => b.qualified - a.qualified || new Date(a.reachedAt).getTime() - new Date(b.reachedAt).getTime() || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
}

async function monthCounts(ctx: HandlerContext, month: string): Promise<InviterCount[]> {
  const _ = ctx.db.command;
  const $ = _.aggregate;
  const { list } = (await ctx.db
    .collection(REWARDS)
    .aggregate()
    .match({ role: 'inviter', month, status: _.nin(NOT_COUNTED) })
    .group({ _id: '$memberId', qualified: $.sum(1), reachedAt: $.max('$createdAt') })
    .limit(10_000)
    .end()) as { list: { _id: string; qualified: number; reachedAt: Date }[] };
  return rankInviters(list.map((g) => ({ memberId: g._id, qualified: g.qualified, reachedAt: g.reachedAt })));
}

async function board(ctx: HandlerContext, month: string | undefined, meId: string | null, withMemberNo = false) {
  const { timeZone } = await loadBrandSettings(ctx.db, ctx.now);
  const shown = month ?? inBrandZone(ctx.now, timeZone).format('YYYY-MM');
  const ranked = await monthCounts(ctx, shown);
  const top = ranked.slice(0, LEADERBOARD_SIZE);
  const myIndex = meId ? ranked.findIndex((r) => r.memberId === meId) : -1;
  const members = await docsByIds<MemberDoc>(ctx, MEMBERS, [...top.map((r) => r.memberId), ...(myIndex >= 0 ? [meId!] : [])]);
  const row = (count: InviterCount, index: number): LeaderboardRow => {
    const member = members.get(count.memberId);
    const row: LeaderboardRow = { rank: index + 1, name: maskedName(member), qualified: count.qualified, koc: member?.koc === true, me: count.memberId === meId };
    // Only for operators who may act on the member (mark KOC); never a deleted member's.
    return withMemberNo && member && !member.deletedAt ? { ...row, memberNo: member.memberNo } : row;
  };
  return { month: shown, rows: top.map(row), mine: myIndex >= 0 ? row(ranked[myIndex], myIndex) : null };
}

export async function kocLeaderboard(ctx: HandlerContext, input: { month?: string }) {
  const me = await requireMember(ctx);
  return board(ctx, input.month, me._id);
}

/**
 * The board for the console. Owners and managers get each row's member number too (so 标记KOC can
 * act on a row); analysts, who read personal data masked (admin-members masksPersonalData), the
 * masked names only.
 */
export async function adminKocLeaderboard(ctx: HandlerContext, input: { month?: string }) {
  const { month, rows } = await board(ctx, input.month, null, !masksPersonalData(ctx));
  return { month, rows };
}
