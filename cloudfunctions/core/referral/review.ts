import type { RewardStatus, RewardView } from '../contract';
import { masksPersonalData, shownNickname } from '../admin-members/search';
import { appendAudit } from '../audit/log';
import { idempotentThenCallOut } from '../ledger/idempotency';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { BusinessError } from '../platform/business-error';
import { type Tx, findDocs, getDocById, txGet } from '../platform/documents';
import { afterCursor, nextCursor } from '../platform/paging';
import type { HandlerContext } from '../router/context';
import { CAMPAIGNS, type CampaignDoc, REWARDS, type RewardDoc } from './collections';
import { payReward } from './pay-reward';

// The operators' side of referral rewards: the list (every status, newest first) and the review
// of a flagged reward (approve → paid now, reject → closed), audited.

const iso = (at: Date | string | null | undefined) => (at ? new Date(at).toISOString() : null);

async function byIds<T extends { _id: string }>(ctx: HandlerContext, collection: string, ids: string[]): Promise<Map<string, T>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, T>();
  const _ = ctx.db.command;
  for (let i = 0; i < unique.length; i += 100) {
    const docs = await findDocs<T>(ctx.db.collection(collection).where({ _id: _.in(unique.slice(i, i + 100)) }).limit(100));
    for (const doc of docs) found.set(doc._id, doc);
  }
  return found;
}

export { byIds as docsByIds };

/** Rewards as an operator reads them: names masked for analysts (as on the member pages). */
export async function rewardViews(ctx: HandlerContext, rewards: RewardDoc[]): Promise<RewardView[]> {
  const masked = masksPersonalData(ctx);
  const members = await byIds<MemberDoc>(ctx, MEMBERS, rewards.flatMap((r) => [r.memberId, r.inviteeId]));
  const campaigns = await byIds<CampaignDoc>(ctx, CAMPAIGNS, rewards.map((r) => r.campaignId));
  const person = (id: string) => {
    const member = members.get(id);
    return { memberNo: member?.memberNo ?? '', name: member ? shownNickname(member, masked) : '' };
  };
  return rewards.map((reward) => ({
    rewardId: reward._id,
    role: reward.role,
    campaignId: reward.campaignId,
    campaignName: campaigns.get(reward.campaignId)?.name ?? '',
    beneficiary: person(reward.memberId),
    invitee: person(reward.inviteeId),
    status: reward.status,
    points: reward.points,
    couponTemplateId: reward.couponTemplateId,
    qualifiedBy: reward.qualifiedBy,
    riskRank: reward.riskRank,
    holdUntil: iso(reward.holdUntil),
    createdAt: iso(reward.createdAt)!,
    decidedAt: iso(reward.decidedAt),
    note: reward.note,
  }));
}

export async function referralRewards(ctx: HandlerContext, input: { status?: RewardStatus; cursor?: string; limit: number }): Promise<{ rewards: RewardView[]; nextCursor: string | null }> {
  const _ = ctx.db.command;
  const where = input.status ? { status: input.status } : {};
  const found = await findDocs<RewardDoc>(
    ctx.db.collection(REWARDS).where(afterCursor(_, where, input.cursor)).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(input.limit + 1),
  );
  const page = found.slice(0, input.limit);
  return { rewards: await rewardViews(ctx, page), nextCursor: nextCursor(page, found.length > input.limit) };
}

/**
 * Decides a flagged reward. Approve: 'approved' and paid at once (payReward; a payment that
 * fails now is paid by the next job tick, and a retry of this call pays it too). Reject: closed
 * for good. The decision and its reason are in the audit log, in the transaction that makes it.
 */
export async function reviewReferralReward(ctx: HandlerContext, input: { rewardId: string; decision: 'approve' | 'reject'; reason: string }): Promise<RewardView> {
  // Refusals checked before the request is recorded, so they leave nothing behind.
  const current = await getDocById<RewardDoc>(ctx.db, REWARDS, input.rewardId);
  if (!current) throw new BusinessError('REWARD_NOT_FOUND', undefined, 'rewardId');
  const beneficiary = await getDocById<MemberDoc>(ctx.db, MEMBERS, current.memberId);
  const key = { scope: `operator:${ctx.openid}:reviewReferralReward`, requestId: ctx.requestId!, input };
  const decide = async (tx: Tx) => {
    const reward = await txGet<RewardDoc>(tx, REWARDS, input.rewardId);
    if (!reward) throw new BusinessError('REWARD_NOT_FOUND', undefined, 'rewardId');
    if (reward.status !== 'flagged') throw new BusinessError('REWARD_NOT_FLAGGED');
    if (input.decision === 'approve' && beneficiary?.deletedAt) throw new BusinessError('MEMBER_NOT_FOUND', '该会员已注销');
    const status = input.decision === 'approve' ? 'approved' : 'rejected';
    await tx.collection(REWARDS).doc(reward._id).update({ data: { status, decidedAt: ctx.now, note: input.reason } });
    await appendAudit(tx, ctx, {
      target: { kind: 'member', id: reward.memberId, label: beneficiary?.memberNo },
      before: { rewardId: reward._id, status: reward.status },
      after: { rewardId: reward._id, status },
      reason: input.reason,
    });
    return { status };
  };
  if (current.status !== 'flagged' && current.status !== 'approved' && current.status !== 'paid' && current.status !== 'rejected') {
    // Not reviewable and never was by this call: answered without recording the request.
    throw new BusinessError('REWARD_NOT_FLAGGED');
  }
  return idempotentThenCallOut(ctx, key, (tx) => decide(tx), async ({ status }) => {
    // After the commit, and again on a replay: payReward pays a reward once, however often asked.
    if (status === 'approved') await payReward(ctx, input.rewardId);
    const after = await getDocById<RewardDoc>(ctx.db, REWARDS, input.rewardId);
    return (await rewardViews(ctx, [after!]))[0];
  });
}
