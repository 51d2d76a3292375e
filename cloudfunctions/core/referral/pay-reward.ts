import { ERROR_MESSAGES } from '../contract';
import { loadBrandSettings } from '../brand/settings';
import { issueCoupon } from '../coupons/claim';
import { loadAccounts } from '../ledger/accounts';
import { requestKey } from '../ledger/idempotency';
import { writePosting } from '../ledger/posting';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { BusinessError } from '../platform/business-error';
import { getDocById, txGet } from '../platform/documents';
import { expiryDayFor } from '../points/earn';
import { expireDue } from '../points/expire-lazily';
import { creditPoints } from '../points/operations';
import type { HandlerContext } from '../router/context';
import { REWARDS, type RewardDoc } from './collections';
import { referralEvent } from './events';

// Pays an 'approved' reward, once: the welcome reward right after registration, an inviter's
// reward after the approval job or an operator's review (the rewards helper's code calls this).
// Points: one posting whose id derives from the reward id, in the transaction that sets 'paid'
// (re-read there: a second call finds 'paid' and does nothing). Coupon: issueCoupon with key
// `referral:<rewardId>` (one coupon per key however often it runs), then 'paid'. A deleted member,
// or a coupon that cannot be issued (out of stock, paused, gone), closes the reward as 'cancelled'
// with a note, so the job does not try it for ever.

export const REFERRAL_ACTOR = { type: 'system', id: 'referral' } as const;

export const rewardPostingId = (rewardId: string) => requestKey('referral-reward', rewardId);

export async function payReward(ctx: HandlerContext, rewardId: string): Promise<RewardDoc | null> {
  const reward = await getDocById<RewardDoc>(ctx.db, REWARDS, rewardId);
  if (!reward || reward.status !== 'approved') return reward;
  const member = await getDocById<MemberDoc>(ctx.db, MEMBERS, reward.memberId);
  if (!member || member.deletedAt) return cancel(ctx, rewardId, '会员已注销，奖励未发放');
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  const timeZone = brand.timeZone;

  let couponId: string | null = null;
  if (reward.couponTemplateId) {
    try {
      couponId = (await issueCoupon(ctx, { memberId: reward.memberId, templateId: reward.couponTemplateId, key: `referral:${rewardId}`, source: 'referral' })).couponId;
    } catch (error) {
      if (!(error instanceof BusinessError) || error.code === 'BUSY') throw error;
      return cancel(ctx, rewardId, `优惠券未能发放：${error.userMessage ?? ERROR_MESSAGES[error.code]}`);
    }
  }

  const paidOrGone = await ctx.transaction(async (tx) => {
    const current = await txGet<RewardDoc>(tx, REWARDS, rewardId);
    if (!current || current.status !== 'approved') return current;
    // Read again in the transaction: a member deleted since the check above gets no points.
    const receiver = await txGet<MemberDoc>(tx, MEMBERS, current.memberId);
    if (!receiver || receiver.deletedAt) return DELETED;
    let paidPostingId: string | null = null;
    if (current.points > 0) {
      paidPostingId = rewardPostingId(rewardId);
      const { points } = await loadAccounts(tx, current.memberId, ['points'] as const);
      const source = { type: 'referral', id: rewardId };
      const expired = expireDue(points, ctx.now, timeZone);
      const reason = current.role === 'invitee' ? '新会员邀请礼' : '邀请好友奖励';
      const change = creditPoints(expired.after, { amount: current.points, expiresOn: expiryDayFor(ctx.now, brand.points, timeZone), kind: 'grant', reason, source }, timeZone);
      const ruleVersions = { points: brand.ruleVersions.points };
      await writePosting(tx, {
        postingId: paidPostingId,
        memberId: current.memberId,
        actor: REFERRAL_ACTOR,
        createdAt: ctx.now,
        entries: [...expired.entries, ...change.entries.map((entry) => ({ ...entry, ruleVersions }))], // as adjustPoints: the grant keeps its rule version
        changes: [{ before: points, after: change.after }],
      });
    }
    const paid = { status: 'paid' as const, paidAt: ctx.now, paidPostingId, ...(couponId ? { couponId } : {}) };
    await tx.collection(REWARDS).doc(rewardId).update({ data: paid });
    await referralEvent(tx, { id: `paid:${rewardId}`, kind: 'paid', campaignId: current.campaignId, source: 'member', sourceId: current.inviterId, memberId: current.memberId, points: current.points, at: ctx.now, timeZone });
    return { ...current, ...paid };
  });
  return paidOrGone === DELETED ? cancel(ctx, rewardId, '会员已注销，奖励未发放') : paidOrGone;
}

const DELETED = Symbol('deleted');

async function cancel(ctx: HandlerContext, rewardId: string, note: string): Promise<RewardDoc | null> {
  return ctx.transaction(async (tx) => {
    const current = await txGet<RewardDoc>(tx, REWARDS, rewardId);
    if (!current || current.status !== 'approved') return current;
    const change = { status: 'cancelled' as const, decidedAt: ctx.now, note };
    await tx.collection(REWARDS).doc(rewardId).update({ data: change });
    return { ...current, ...change };
  });
}
