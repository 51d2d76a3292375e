import { type Job, processEach } from '../jobs/registry';
import { cloudPay } from '../payments/cloud-pay';
import { type Database, currentEnv } from '../platform/cloud';
import { createHash } from 'crypto';
import { type StoredDoc, type Tx, findDocs, getDocById } from '../platform/documents';
import { nonce, payConfig } from './config';

export const WALLET_REFUNDS = 'wallet_refunds';

/**
 * Sending stops after this many refused attempts (about five hours of cron ticks): a refund
 * WeChat Pay keeps refusing needs a person (e.g. the merchant account lacks funds).
 */
export const MAX_REFUND_ATTEMPTS = 20;

export type RefundStatus = 'pending' | 'submitted' | 'failed';

/** Money the ledger already took back from the wallet and WeChat Pay owes the member. */
export interface WalletRefundDoc extends StoredDoc {
  memberId: string;
  /** The ledger posting that took the money out of the wallet. */
  postingId: string;
  outTradeNo: string;
  totalFee: number;
  refundFee: number;
  status: RefundStatus;
  attempts: number;
  createdAt: Date;
  lastAttemptAt: Date;
  lastAnswer?: unknown;
}

/**
 * Records, inside the posting's transaction, money WeChat Pay must return on a top-up order.
 * The id is the refund number WeChat sees (`outRefundNo`, at most 32 characters).
 */
export async function recordRefund(tx: Tx, refundId: string, refund: { memberId: string; postingId: string; outTradeNo: string; totalFee: number; refundFee: number; now: Date }): Promise<void> {
  const doc: Omit<WalletRefundDoc, '_id'> = {
    memberId: refund.memberId,
    postingId: refund.postingId,
    outTradeNo: refund.outTradeNo,
    totalFee: refund.totalFee,
    refundFee: refund.refundFee,
    status: 'pending',
    attempts: 0,
    createdAt: refund.now,
    lastAttemptAt: refund.now,
  };
  await tx.collection(WALLET_REFUNDS).doc(refundId).set({ data: doc });
}

/** A refund number for one lot's share of a posting (a purchase refund may reach several top-ups). */
export function lotRefundId(postingId: string, lotId: string): string {
  return createHash('sha256').update(`${postingId}\n${lotId}`).digest('hex').slice(0, 32);
}

/**
 * Asks WeChat Pay to send a refund the ledger has posted. Safe to repeat: WeChat refunds once per
 * `outRefundNo` and answers a repeat with the first refund. A refused or failed call leaves the
 * record `pending` for the next try (the member's retry or the cron job); never throws for that.
 */
export async function sendRefund(db: Database, refundId: string, now: Date): Promise<RefundStatus> {
  const refund = await getDocById<WalletRefundDoc>(db, WALLET_REFUNDS, refundId);
  if (!refund) throw new Error(`wallet refund ${refundId} is missing`);
  if (refund.status !== 'pending') return refund.status;

  let answer: unknown;
  let sent = false;
  try {
    const reply = await cloudPay().refund({
      outTradeNo: refund.outTradeNo,
      outRefundNo: refund._id.slice(0, 32),
      totalFee: refund.totalFee,
      refundFee: refund.refundFee,
      subMchId: payConfig().subMchId,
      nonceStr: nonce(),
      envId: currentEnv(),
      functionName: 'pay',
    });
    answer = reply;
    sent = reply.returnCode === 'SUCCESS' && reply.resultCode === 'SUCCESS';
  } catch (error) {
    answer = { error: String(error) };
  }
  const attempts = (refund.attempts ?? 0) + 1;
  const _ = db.command;
  if (sent) {
    // Accepted is final: it wins over whatever a concurrent, refused send wrote meanwhile.
    await db.collection(WALLET_REFUNDS).where({ _id: refundId, status: _.neq('submitted') }).update({ data: { status: 'submitted', attempts, lastAttemptAt: now, lastAnswer: answer } });
    return 'submitted';
  }
  console.error(`wallet refund ${refundId} not sent (attempt ${attempts})`, answer);
  const status: RefundStatus = attempts >= MAX_REFUND_ATTEMPTS ? 'failed' : 'pending';
  // A refusal counts only if no other send (the member's retry, the cron job) moved the record
  // since it was read: it must never overwrite an accepted refund, nor lose a count.
  const { stats } = (await db
    .collection(WALLET_REFUNDS)
    .where({ _id: refundId, status: 'pending', attempts: refund.attempts ?? 0 })
    .update({ data: { status, attempts, lastAttemptAt: now, lastAnswer: answer } })) as { stats: { updated: number } };
  if (stats.updated > 0) return status;
  return (await getDocById<WalletRefundDoc>(db, WALLET_REFUNDS, refundId))?.status ?? status;
}

/** Sends what one posting owes (a purchase refund may reach several refunded top-ups). */
export async function sendRefundsOf(db: Database, postingId: string, now: Date): Promise<void> {
  const owed = await findDocs<WalletRefundDoc>(db.collection(WALLET_REFUNDS).where({ postingId, status: 'pending' }).limit(100));
  for (const refund of owed) await sendRefund(db, refund._id, now);
}

const BATCH = 50;

/**
 * Re-sends refunds still `pending` (WeChat Pay refused or timed out, or the function stopped
 * between the ledger commit and the call). Each try stamps `lastAttemptAt` with the tick's time,
 * so one tick tries each refund at most once and a tick cut short resumes with the rest; a refund
 * whose record cannot be written is recorded in job_failures and the rest still go (processEach).
 */
export const pendingRefundsJob: Job = {
  name: 'wallet-refunds',
  async run(ctx, deadline) {
    const _ = ctx.db.command;
    const due = (skip: string[]) =>
      findDocs<WalletRefundDoc>(
        ctx.db
          .collection(WALLET_REFUNDS)
          .where({ status: 'pending', lastAttemptAt: _.lt(ctx.now), ...(skip.length ? { _id: _.nin(skip) } : {}) })
          .orderBy('lastAttemptAt', 'asc')
          .limit(BATCH),
      );
    return processEach(ctx, this.name, deadline, due, async (refund) => {
      await sendRefund(ctx.db, refund._id, ctx.now);
    });
  },
};
