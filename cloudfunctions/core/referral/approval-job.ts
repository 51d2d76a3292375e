import { type Job, processEach } from '../jobs/registry';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { getCloud } from '../platform/cloud';
import { findDocs, getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { CAMPAIGNS, type CampaignDoc, REWARDS, type RewardDoc } from './collections';
import { payReward } from './pay-reward';

// The `referral-rewards` job. Each tick:
// 1. inviter rewards whose hold (the refund window) has passed: the invitee's risk rank is asked
//    of WeChat (riskControl.getUserRiskRank, outside any transaction); at or above the campaign's
//    threshold the reward is 'flagged' for an operator (reviewReferralReward), otherwise
//    'approved' and paid at once (payReward). A failing risk call leaves it pending: job_failures
//    records it and the next tick asks again.
// 2. rewards 'approved' but not paid (a crash between approval and payment, or a welcome reward
//    whose payment failed after the registration) are paid. payReward is once per reward, so two
//    ticks at once pay once.

const JOB = 'referral-rewards';
const BATCH = 50;

interface RiskControlApi {
  riskControl: { getUserRiskRank(options: { appid: string; openid: string; scene: 0 | 1; clientIp: string }): Promise<{ riskRank?: number }> };
}

function openapi(): RiskControlApi {
  return (getCloud() as unknown as { openapi: RiskControlApi }).openapi;
}

/** What the approval decides for a pending reward at `now`; null while still held. Pure. */
export function approvalDecision(
  reward: Pick<RewardDoc, 'status' | 'holdUntil'>,
  facts: { now: Date; riskRank: number | null; riskThreshold: number; inviter: Pick<MemberDoc, 'deletedAt' | 'referralBlockedAt'> | null },
): { status: 'approved' | 'flagged' | 'cancelled'; note: string | null } | null {
  if (reward.status !== 'pending' || !reward.holdUntil || new Date(reward.holdUntil).getTime() > facts.now.getTime()) return null;
  if (!facts.inviter || facts.inviter.deletedAt) return { status: 'cancelled', note: '邀请人已注销' };
  if (facts.inviter.referralBlockedAt) return { status: 'flagged', note: '邀请人已被停止邀请，请人工审核' };
  if (facts.riskRank === null) return { status: 'flagged', note: '无法查询被邀请人的风险等级，请人工审核' };
  if (facts.riskRank >= facts.riskThreshold) return { status: 'flagged', note: `被邀请人风险等级 ${facts.riskRank}，请人工审核` };
  return { status: 'approved', note: null };
}

async function approveOne(ctx: HandlerContext, reward: RewardDoc, campaigns: Map<string, CampaignDoc | null>): Promise<void> {
  if (!campaigns.has(reward.campaignId)) campaigns.set(reward.campaignId, await getDocById<CampaignDoc>(ctx.db, CAMPAIGNS, reward.campaignId));
  const campaign = campaigns.get(reward.campaignId);
  const [invitee, inviter] = await Promise.all([getDocById<MemberDoc>(ctx.db, MEMBERS, reward.inviteeId), getDocById<MemberDoc>(ctx.db, MEMBERS, reward.inviterId)]);
  // A deleted invitee has no openid left to ask about: an operator decides.
  const riskRank = invitee?.openid && !invitee.deletedAt ? await openapiRank(invitee.openid) : null;
  const approved = await ctx.transaction(async (tx) => {
    const fresh = await txGet<RewardDoc>(tx, REWARDS, reward._id);
    // Re-read: a refund meanwhile cancelled it, or another tick decided it.
    const decision = fresh && approvalDecision(fresh, { now: ctx.now, riskRank, riskThreshold: campaign?.riskThreshold ?? 3, inviter });
    if (!decision) return false;
    await tx.collection(REWARDS).doc(reward._id).update({ data: { status: decision.status, riskRank, decidedAt: ctx.now, note: decision.note } });
    return decision.status === 'approved';
  });
  if (approved) await payReward(ctx, reward._id);
}

/** The invitee's risk rank in the marketing-fraud scene (1); throws when WeChat answers none. */
async function openapiRank(openid: string): Promise<number> {
  const answer = await openapi().riskControl.getUserRiskRank({ appid: appId(), openid, scene: 1, clientIp: '127.0.0.1' });
  if (typeof answer.riskRank !== 'number') throw new Error(`getUserRiskRank answered no risk_rank for ${openid}`);
  return answer.riskRank;
}

function appId(): string {
  const context = getCloud().getWXContext() as { APPID?: string };
  return process.env.WX_APPID || context.APPID || 'wx-appid';
}

export const referralRewardsJob: Job = {
  name: JOB,
  async run(ctx, deadline) {
    const _ = ctx.db.command;
    const campaigns = new Map<string, CampaignDoc | null>();
    // Each reward is handled once per tick: one left as it was (a payment refused) is not fetched again.
    const seen = new Set<string>();
    const batchOf = (where: Record<string, unknown>, order: string) => (skip: string[]) => {
      const leftOut = [...skip, ...seen];
      return findDocs<RewardDoc>(
        ctx.db
          .collection(REWARDS)
          .where({ ...where, ...(leftOut.length ? { _id: _.nin(leftOut) } : {}) })
          .orderBy(order, 'asc')
          .limit(BATCH),
      );
    };
    const due = await processEach<RewardDoc>(ctx, JOB, deadline, batchOf({ status: 'pending', holdUntil: _.lte(ctx.now) }, 'holdUntil'), async (reward) => {
      seen.add(reward._id);
      await approveOne(ctx, reward, campaigns);
    });
    if (!due.done) return due;
    const unpaid = await processEach<RewardDoc>(ctx, JOB, deadline, batchOf({ status: 'approved' }, 'createdAt'), async (reward) => {
      seen.add(reward._id);
      await payReward(ctx, reward._id);
    });
    return { processed: due.processed + unpaid.processed, done: unpaid.done, failed: due.failed + unpaid.failed };
  },
};
