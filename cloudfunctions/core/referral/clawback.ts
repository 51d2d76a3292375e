import type { BrandSettings } from '../brand/settings';
import { loadAccounts } from '../ledger/accounts';
import type { Actor } from '../ledger/entries';
import { LEDGER_ENTRIES, type LedgerEntryDoc } from '../ledger/entries';
import { writePosting } from '../ledger/posting';
import { MEMBERS } from '../members/collections';
import type { Database } from '../platform/cloud';
import { type Tx, findDocs, txGet } from '../platform/documents';
import { expiryDayFor } from '../points/earn';
import { expireDue } from '../points/expire-lazily';
import { reversePoints } from '../points/operations';
import { REWARDS, type RewardDoc } from './collections';

/** What the refund of a qualifying purchase or top-up did to the inviter's reward. */
export type ClawbackOutcome = 'cancelled' | 'clawed_back' | 'unchanged';

/** The refund's posting gives the clawback posting its id: one per refund, so a retried transaction writes it once. */
export const clawbackPostingId = (refundPostingId: string) => `claw_${refundPostingId}`;

/**
 * Called inside the transaction that refunds the purchase or top-up whose id qualified the
 * invitee (it carries `referralRewardId`). The referral ends for good (`referral.ended`: the
 * invitee never qualifies again, README says why), and the inviter's reward:
 * - not paid yet (pending, flagged, approved but unpaid, capped) → 'cancelled', never paid: the
 *   approval job and payReward act only on 'pending' / 'approved', re-read in their own transactions,
 *   so a payment racing this refund conflicts with it and one of them sees the other's outcome;
 * - paid → 'clawed_back': a reversing points entry on the inviter in this same transaction, taken
 *   as a refund takes back earned points (reversePoints: from the bucket it went into, then from
 *   other points, then as a debt that later points settle);
 * - already cancelled, clawed back or rejected → unchanged.
 */
export async function endReferralByRefund(
  db: Database,
  tx: Tx,
  rewardId: string,
  refund: { postingId: string; actor: Actor; now: Date; brand: Pick<BrandSettings, 'timeZone' | 'points'> },
): Promise<ClawbackOutcome> {
  const reward = await txGet<RewardDoc>(tx, REWARDS, rewardId);
  if (!reward) return 'unchanged';
  await tx.collection(MEMBERS).doc(reward.inviteeId).update({ data: { referral: { ended: true } } });
  const note = '资格订单已退款';
  if (reward.status === 'pending' || reward.status === 'flagged' || reward.status === 'approved' || reward.status === 'capped') {
    await tx.collection(REWARDS).doc(rewardId).update({ data: { status: 'cancelled', decidedAt: refund.now, note } });
    return 'cancelled';
  }
  if (reward.status !== 'paid') return 'unchanged';

  const { brand, now } = refund;
  const { points } = await loadAccounts(tx, reward.memberId, ['points'] as const);
  const expired = expireDue(points, now, brand.timeZone);
  const paidAt = new Date(reward.paidAt ?? reward.createdAt);
  const source = { type: 'referral_clawback', id: rewardId };
  const reversal = reversePoints(
    expired.after,
    {
      amount: reward.points,
      // The bucket the reward's points went into (payReward credits them by the points policy).
      expiresOn: expiryDayFor(paidAt, brand.points, brand.timeZone),
      correctsEntryId: await creditEntryId(db, reward),
      reason: '邀请奖励收回：好友的首单已退款',
      source,
    },
    brand.timeZone,
  );
  const postingId = clawbackPostingId(refund.postingId);
  const entries = [...expired.entries, ...reversal.entries];
  if (entries.length) {
    await writePosting(tx, { postingId, memberId: reward.memberId, actor: refund.actor, createdAt: now, entries, changes: [{ before: points, after: reversal.after }] });
  }
  await tx.collection(REWARDS).doc(rewardId).update({ data: { status: 'clawed_back', decidedAt: now, clawbackPostingId: postingId, note } });
  return 'clawed_back';
}

/** The entry that credited the reward's points: ledger entries never change, so it is read outside the transaction. */
async function creditEntryId(db: Database, reward: RewardDoc): Promise<string> {
  if (!reward.paidPostingId) return `${reward._id}:paid`;
  const entries = await findDocs<LedgerEntryDoc>(db.collection(LEDGER_ENTRIES).where({ postingId: reward.paidPostingId, asset: 'points' }).limit(50));
  const credit = entries.find((entry) => entry.amount > 0 && (entry.kind === 'grant' || entry.kind === 'earn'));
  return credit?._id ?? `${reward.paidPostingId}:000`;
}
