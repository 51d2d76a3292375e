import type { InviteStatus, InviteSummary, InviteView, RewardStatus } from '../contract';
import { maskNickname } from '../admin-members/mask';
import { requireMember } from '../members/lookup';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { BusinessError } from '../platform/business-error';
import { findDocs } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { INVITE_VISITS, type InviteVisitDoc, REWARDS, type RewardDoc } from './collections';
import { docsByIds } from './review';

// 我的邀请: the caller's invitees, newest binding first, each with what became of the inviter's
// reward, and the summary counts (also shown on the invite page).

/** What the member reads of a reward's status: approved but not yet paid is still 'pending' to them. */
export function inviteStatus(reward: Pick<RewardDoc, 'status'> | null | undefined): InviteStatus {
  if (!reward) return 'registered';
  const shown: Record<RewardStatus, InviteStatus> = {
    pending: 'pending',
    approved: 'pending',
    flagged: 'flagged',
    paid: 'rewarded',
    cancelled: 'cancelled',
    clawed_back: 'clawed_back',
    rejected: 'rejected',
    capped: 'capped',
  };
  return shown[reward.status];
}

/** A nickname as other members see it: its first character and '*', '微信用户' when there is none. */
export function maskedName(member: Pick<MemberDoc, 'nickname' | 'deletedAt'> | null | undefined): string {
  if (!member || member.deletedAt) return '微信用户';
  return maskNickname(member.nickname ?? '') || '微信用户';
}

async function countOf(query: { count(): unknown }): Promise<number> {
  const { total } = (await query.count()) as { total: number };
  return total;
}

/** The invite page's and 我的邀请's counts for one inviter. */
export async function inviteSummary(ctx: HandlerContext, memberId: string): Promise<InviteSummary> {
  const _ = ctx.db.command;
  const members = ctx.db.collection(MEMBERS);
  const [opened, registered, qualified, grouped] = await Promise.all([
    countOf(ctx.db.collection(INVITE_VISITS).where({ source: 'member', sourceId: memberId })),
    countOf(members.where({ 'referral.inviterId': memberId })),
    countOf(members.where({ 'referral.inviterId': memberId, 'referral.qualifiedAt': _.neq(null) })),
    ctx.db
      .collection(REWARDS)
      .aggregate()
      .match({ memberId, role: 'inviter' })
      .group({ _id: '$status', n: _.aggregate.sum(1), points: _.aggregate.sum('$points') })
      .limit(20)
      .end() as Promise<{ list: { _id: RewardStatus; n: number; points: number }[] }>,
  ]);
  const of = (status: RewardStatus) => grouped.list.find((g) => g._id === status) ?? { n: 0, points: 0 };
  return {
    opened,
    registered,
    qualified,
    rewarded: of('paid').n,
    pending: of('pending').n + of('approved').n,
    flagged: of('flagged').n,
    // Clawed-back rewards were paid and taken back: they count nothing.
    pointsEarned: of('paid').points,
  };
}

const iso = (at: Date | string | null | undefined) => (at ? new Date(at).toISOString() : null);

/** Newest binding first; the cursor is the last row's binding time and member id. */
export async function myInvites(ctx: HandlerContext, input: { cursor?: string; limit: number }): Promise<{ summary: InviteSummary; items: InviteView[]; nextCursor: string | null }> {
  const me = await requireMember(ctx);
  const _ = ctx.db.command;
  let where: Record<string, unknown> = { 'referral.inviterId': me._id };
  if (input.cursor) {
    const [ms, id] = input.cursor.split('|');
    const at = new Date(Number(ms));
    if (Number.isNaN(at.getTime())) throw new BusinessError('INVALID_INPUT', undefined, 'cursor');
    where = _.and([where, _.or([{ 'referral.boundAt': _.lt(at) }, { 'referral.boundAt': at, _id: _.lt(id) }])]) as unknown as Record<string, unknown>;
  }
  const found = await findDocs<MemberDoc>(ctx.db.collection(MEMBERS).where(where).orderBy('referral.boundAt', 'desc').orderBy('_id', 'desc').limit(input.limit + 1));
  const page = found.slice(0, input.limit);
  const rewards = await docsByIds<RewardDoc>(ctx, REWARDS, page.map((m) => `${m.referral!.campaignId}:${m._id}:inviter`));
  const visits = await docsByIds<InviteVisitDoc>(ctx, INVITE_VISITS, page.filter((m) => m.openid).map((m) => `${m.openid}:${m.referral!.code}`));
  const summary = await inviteSummary(ctx, me._id);
  const items = page.map((invitee): InviteView => {
    const referral = invitee.referral!;
    const reward = rewards.get(`${referral.campaignId}:${invitee._id}:inviter`);
    const visit = invitee.openid ? visits.get(`${invitee.openid}:${referral.code}`) : undefined;
    return {
      name: maskedName(invitee),
      openedAt: iso(visit?.firstOpenAt ?? referral.boundAt)!,
      registeredAt: iso(referral.boundAt)!,
      qualifiedAt: iso(referral.qualifiedAt),
      status: inviteStatus(reward),
      points: reward?.points ?? 0,
      holdUntil: reward && (reward.status === 'pending' || reward.status === 'approved') ? iso(reward.holdUntil) : null,
      paidAt: iso(reward?.paidAt),
    };
  });
  const last = page[page.length - 1];
  return { summary, items, nextCursor: found.length > input.limit && last ? `${new Date(last.referral!.boundAt).getTime()}|${last._id}` : null };
}
