import { MEMBERS, type MemberDoc } from '../members/collections';
import { type Tx, txGet } from '../platform/documents';
import { CAMPAIGNS, type CampaignDoc, REFERRAL_COUNTERS, REWARDS, type ReferralCounterDoc, type RewardDoc } from './collections';
import { referralEvent } from './events';
import { capPeriods, decideQualification, mayQualify, type QualifyingEvent } from './qualify-rule';

export type { QualifyingEvent } from './qualify-rule';

export const inviterRewardId = (campaignId: string, inviteeId: string) => `${campaignId}:${inviteeId}:inviter`;

/**
 * Called inside the transaction of a purchase (purchases/record.ts) or of a top-up's credit
 * (wallet/settle.ts), with the member as read in that transaction. When the member was invited
 * and this is their first qualifying purchase or top-up, it writes, in that same transaction:
 * the inviter's reward (pending for the campaign's hold, or capped), the inviter's cap counters,
 * `referral.qualifiedAt` on the member and a 'qualify' event. Answers the reward's id, which the
 * purchase or the top-up order records (a refund finds the reward by it), or null.
 *
 * A member without an open referral costs no read. The reward's id is one per invitee and
 * campaign, and the member's qualifiedAt is read and written here, so two qualifying events at
 * once conflict and the second finds the member qualified: one reward, however often a payment
 * notification or a purchase is delivered.
 *
 * Call it after any other write of the member document in the transaction (it updates one field).
 */
export async function qualifyReferral(tx: Tx, member: MemberDoc, event: QualifyingEvent, now: Date, timeZone: string): Promise<string | null> {
  if (mayQualify(member.referral)) return null;
  const referral = member.referral!;
  const campaign = await txGet<CampaignDoc>(tx, CAMPAIGNS, referral.campaignId);
  // The kind and the minimum before the counters: a small first purchase reads nothing more.
  if (!campaign || campaign.qualify.kind !== event.kind || event.amountFen < campaign.qualify.minFen) return null;
  const periods = capPeriods(referral.inviterId, referral.campaignId, now, timeZone);
  const [dayCounter, monthCounter] = [await txGet<ReferralCounterDoc>(tx, REFERRAL_COUNTERS, periods.dayCounterId), await txGet<ReferralCounterDoc>(tx, REFERRAL_COUNTERS, periods.monthCounterId)];
  const counted = { day: dayCounter?.count ?? 0, month: monthCounter?.count ?? 0 };
  const decision = decideQualification({ referral, campaign, event, now, timeZone, counted });
  if (!decision.qualified) return null;

  const rewardId = inviterRewardId(referral.campaignId, member._id);
  const reward: Omit<RewardDoc, '_id'> = {
    role: 'inviter',
    campaignId: referral.campaignId,
    memberId: referral.inviterId,
    inviteeId: member._id,
    inviterId: referral.inviterId,
    status: decision.status,
    points: decision.points,
    couponTemplateId: null,
    qualifiedBy: { kind: event.kind, id: event.id, amountFen: event.amountFen },
    holdUntil: decision.status === 'pending' ? decision.holdUntil : null,
    riskRank: null,
    paidPostingId: null,
    clawbackPostingId: null,
    createdAt: now,
    decidedAt: decision.status === 'capped' ? now : null,
    paidAt: null,
    day: decision.day,
    month: decision.month,
    note: decision.cappedBy === 'day' ? '超过邀请人每日奖励上限' : decision.cappedBy === 'month' ? '超过邀请人每月奖励上限' : null,
  };
  await tx.collection(REWARDS).doc(rewardId).set({ data: reward });
  // A capped reward takes no slot: the counters count rewards that may be paid.
  if (decision.status === 'pending') {
    await tx.collection(REFERRAL_COUNTERS).doc(periods.dayCounterId).set({ data: { count: counted.day + 1 } });
    await tx.collection(REFERRAL_COUNTERS).doc(periods.monthCounterId).set({ data: { count: counted.month + 1 } });
  }
  await tx.collection(MEMBERS).doc(member._id).update({ data: { referral: { qualifiedAt: now } } });
  await referralEvent(tx, { kind: 'qualify', campaignId: referral.campaignId, source: 'member', sourceId: referral.inviterId, memberId: member._id, points: decision.points, at: now, timeZone, id: `qualify:${rewardId}` });
  return rewardId;
}
