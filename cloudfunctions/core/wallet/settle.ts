import type { Database } from '../platform/cloud';
import { loadAccounts } from '../ledger/accounts';
import { changedAccounts, writePosting } from '../ledger/posting';
import { cloudPay } from '../payments/cloud-pay';
import type { PaymentNotification } from '../payments/notification';
import { PAYMENT_ORDERS } from '../payments/orders';
import { txGet } from '../platform/documents';
import { runInTransaction } from '../platform/transaction';
import { payConfig, nonce } from './config';
import { creditTopup } from './operations';
import type { TopupOrderDoc } from './topup';
import { loadBrandSettings } from '../brand/settings';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { qualifyReferral } from '../referral/qualify';

/**
 * Credits a paid top-up: principal and bonus as a new lot, once per outTradeNo however often
 * WeChat delivers the notification.
 *
 * The notification is not trusted on its own (anyone can invoke a cloud function by name):
 * the order is confirmed with WeChat Pay (queryOrder) before any credit. Race: twenty
 * deliveries at once all pass the query; each transaction re-reads the order, and the
 * database lets only one of them move it from pending to paid.
 */
export async function settleTopup(db: Database, order: TopupOrderDoc, notification: PaymentNotification, now: Date): Promise<'credited' | 'already'> {
  if (order.status !== 'pending') return 'already';
  const confirmed = await cloudPay().queryOrder({ outTradeNo: order._id, subMchId: payConfig().subMchId, nonceStr: nonce() });
  if (confirmed.tradeState !== 'SUCCESS' || confirmed.totalFee !== order.totalFee || notification.totalFee !== order.totalFee) {
    throw new Error(`top-up ${order._id} not confirmed by WeChat Pay: ${JSON.stringify(confirmed)}`);
  }
  // WeChat Pay's own id, not the notification's, which anyone could have written.
  const transactionId = typeof confirmed.transactionId === 'string' ? confirmed.transactionId : null;
  // Only an order placed while the member's referral could still qualify reads more (core/referral).
  const timeZone = order.referralOpen ? (await loadBrandSettings(db)).timeZone : null;
  return runInTransaction(db, async (tx) => {
    const fresh = await txGet<TopupOrderDoc>(tx, PAYMENT_ORDERS, order._id);
    if (!fresh || fresh.status !== 'pending') return 'already';
    const accounts = await loadAccounts(tx, fresh.memberId, ['wallet_principal', 'wallet_bonus'] as const);
    const lot = {
      lotId: fresh._id,
      principalGranted: fresh.principalFen,
      bonusGranted: fresh.bonusFen,
      principalLeft: fresh.principalFen,
      bonusLeft: fresh.bonusFen,
      toppedUpAt: now,
      refunded: false,
    };
    const change = creditTopup(accounts, lot, { type: 'topup', id: fresh._id }, now);
    await writePosting(tx, {
      postingId: `pay_${fresh._id}`,
      memberId: fresh.memberId,
      actor: { type: 'payment', id: transactionId ?? fresh._id },
      createdAt: now,
      entries: change.entries,
      changes: changedAccounts(accounts, change.after),
    });
    const member = timeZone ? await txGet<MemberDoc>(tx, MEMBERS, fresh.memberId) : null;
    const referralRewardId = member ? await qualifyReferral(tx, member, { kind: 'topup', id: fresh._id, amountFen: fresh.principalFen }, now, timeZone!) : null;
    await tx.collection(PAYMENT_ORDERS).doc(fresh._id).update({ data: { status: 'paid', paidAt: now, transactionId, ...(referralRewardId ? { referralRewardId } : {}) } });
    return 'credited';
  });
}
