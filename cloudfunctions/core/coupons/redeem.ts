import { type Tx, txGet } from '../platform/documents';
import { COUPONS, COUPON_STOCK, type CouponDoc, type CouponStockDoc, type CouponUse, stockId } from './collections';

// Using a coupon and giving it back, inside the caller's transaction (a checkout, a gift item's
// redemption, a refund, an undo). The coupon's stock shard keeps the template's counters, so it
// moves in the same transaction: `redeemed`, and `untilCounts` (issued and not redeemed, by end),
// from which the expired count is read without scanning coupons.

const untilKey = (coupon: Pick<CouponDoc, 'validUntil'>) => String(new Date(coupon.validUntil).getTime());

async function moveCounters(tx: Tx, coupon: CouponDoc, redeemed: 1 | -1): Promise<void> {
  const id = stockId(coupon.templateId, coupon.stockShard);
  const shard = await txGet<CouponStockDoc>(tx, COUPON_STOCK, id);
  if (!shard) throw new Error(`coupon stock shard ${id} is missing`);
  const key = untilKey(coupon);
  const left = (shard.untilCounts[key] ?? 0) - redeemed;
  const untilCounts = { ...shard.untilCounts };
  if (left > 0) untilCounts[key] = left;
  else delete untilCounts[key];
  const { _id, ...fields } = shard;
  await tx.collection(COUPON_STOCK).doc(_id).set({ data: { ...fields, redeemed: shard.redeemed + redeemed, untilCounts } });
}

/** Marks a coupon the caller has judged usable (couponEligibility) as used by `use`. */
export async function markCouponUsed(tx: Tx, coupon: CouponDoc, use: CouponUse): Promise<void> {
  if (coupon.status !== 'available') throw new Error(`coupon ${coupon._id} is ${coupon.status}, not available`);
  await tx.collection(COUPONS).doc(coupon._id).update({ data: { status: 'used', usedBy: use } });
  await moveCounters(tx, coupon, 1);
}

/**
 * Gives a used coupon back: available while its validity lasts, expired after. Answers the
 * status it went back to.
 */
export async function giveCouponBack(tx: Tx, coupon: CouponDoc, now: Date): Promise<'available' | 'expired'> {
  if (coupon.status !== 'used') throw new Error(`coupon ${coupon._id} is ${coupon.status}, not used`);
  const status = new Date(coupon.validUntil).getTime() > now.getTime() ? 'available' : 'expired';
  await tx.collection(COUPONS).doc(coupon._id).update({ data: { status, usedBy: null } });
  await moveCounters(tx, coupon, -1);
  return status;
}

/** The coupon as read in the transaction, or null. */
export function readCoupon(tx: Tx, couponId: string): Promise<CouponDoc | null> {
  return txGet<CouponDoc>(tx, COUPONS, couponId);
}

/**
 * Withdraws coupons a refund takes back (a paid plan's unused coupons): each still-available one
 * ends now. It reads 'expired' everywhere a lapsed coupon does (status 'expired', its validUntil
 * cut to `now`, the original kept in `withdrawnFrom`), and its shard's `untilCounts` entry moves
 * from the old end to `now`, so the template's expired count (the keys before now) counts it at
 * once, exactly as if it had lapsed: issued and redeemed do not move. No new status is needed:
 * every reader already handles an expired coupon, and the counters stay a count over the coupons
 * by their validUntil. One read and one write per shard, however many of its coupons go.
 */
export async function withdrawCoupons(tx: Tx, coupons: readonly CouponDoc[], now: Date, by: string): Promise<string[]> {
  const withdrawn: string[] = [];
  const moves = new Map<string, Array<{ from: string; to: string }>>();
  for (const coupon of coupons) {
    if (coupon.status !== 'available') continue;
    const until = new Date(coupon.validUntil).getTime();
    const validUntil = until > now.getTime() ? now : new Date(until);
    await tx.collection(COUPONS).doc(coupon._id).update({ data: { status: 'expired', validUntil, withdrawnAt: now, withdrawnBy: by, withdrawnFrom: new Date(until) } });
    withdrawn.push(coupon._id);
    // A coupon already past its end is counted as expired where it is.
    if (until <= now.getTime()) continue;
    const id = stockId(coupon.templateId, coupon.stockShard);
    moves.set(id, [...(moves.get(id) ?? []), { from: untilKey(coupon), to: String(now.getTime()) }]);
  }
  for (const [id, list] of moves) {
    const shard = await txGet<CouponStockDoc>(tx, COUPON_STOCK, id);
    if (!shard) throw new Error(`coupon stock shard ${id} is missing`);
    const untilCounts = { ...shard.untilCounts };
    for (const { from, to } of list) {
      const left = (untilCounts[from] ?? 0) - 1;
      if (left > 0) untilCounts[from] = left;
      else delete untilCounts[from];
      untilCounts[to] = (untilCounts[to] ?? 0) + 1;
    }
    const { _id, ...fields } = shard;
    await tx.collection(COUPON_STOCK).doc(_id).set({ data: { ...fields, untilCounts } });
  }
  return withdrawn;
}
