import { formatFen } from '../platform/money-text';
import { inBrandZone } from '../platform/time';
import { refundClosesAfter } from '../wallet/refund-limits';
import type { MembershipView, PlanRefundQuote, PlanRefundResult } from '../contract/membership';
import { appendAudit, auditRead } from '../audit/log';
import { type LoadedBrandSettings, loadBrandSettings } from '../brand/settings';
import { COUPONS, type CouponDoc } from '../coupons/collections';
import { withdrawCoupons } from '../coupons/redeem';
import { ACCOUNTS, type PointsAccountDoc, accountId } from '../ledger/accounts';
import { REQUESTS, idempotentThenCallOut, requestKey } from '../ledger/idempotency';
import { writePosting } from '../ledger/posting';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { memberByNo, requireMember } from '../members/lookup';
import { PAYMENT_ORDERS } from '../payments/orders';
import { BusinessError } from '../platform/business-error';
import { type Tx, findDocs, getDocById, txGet } from '../platform/documents';
import { expireDue } from '../points/expire-lazily';
import { debitPoints } from '../points/operations';
import type { HandlerContext } from '../router/context';
import { recordRefund, sendRefund } from '../wallet/refund-sending';
import { PAID_MEMBERSHIPS, type MembershipDoc, type PeriodDoc, type PlanOrderDoc, memberPaidFields, scheduleOf } from './collections';
import { openingGiftKey } from './orders';
import { benefitsFen, cutForRefund, periodDays, proRataRefund, receivedBenefits, withinMemberRefundWindow } from './pricing';
import { membershipView } from './views';

// Taking a plan order back. The member, within 7 days of paying it and with no benefit used: in
// full. Otherwise an operator, pro rata (pricing.ts proRataRefund; README). The period is cut at
// the refund (one not started is cut to nothing), later periods move earlier by the length cut
// off, the plan's coupon bundles of that period of which no coupon was used are withdrawn (and not
// counted as received), and the money goes back through
// WeChat Pay with the top-up refunds' machinery (wallet_refunds, sendRefund, the wallet-refunds
// job retrying what WeChat refused).

/** Reads by id, in a transaction or outside one: the quote is the same code either way. */
type Read = <T extends { _id: string }>(collection: string, id: string) => Promise<T | null>;

/** The plan's coupons of this period in bundles (the opening gift's, then each pack): ids are derived from the issue keys. */
function planCouponBundles(period: PeriodDoc): Array<{ couponIds: string[]; valueFen: number; opening: boolean; monthStart: string | null }> {
  const bundles: Array<{ couponIds: string[]; valueFen: number; opening: boolean; monthStart: string | null }> = [];
  if (period.openingGift) {
    const ids = period.openingGift.couponTemplateIds.map((templateId) => requestKey('coupon-issue', openingGiftKey(period.outTradeNo, templateId)));
    bundles.push({ couponIds: [...new Set([...ids, ...period.openingGift.couponIds])], valueFen: period.openingGift.couponValuesFen, opening: true, monthStart: null });
  }
  for (const pack of period.packs) bundles.push({ couponIds: [...new Set(pack.couponIds)], valueFen: pack.valueFen, opening: false, monthStart: pack.monthStart });
  return bundles;
}

interface Judged {
  quote: PlanRefundQuote;
  order: PlanOrderDoc;
  membership: MembershipDoc;
  index: number;
  /** The plan's coupons of bundles none of whose coupons was used: the refund withdraws those still available. */
  withdrawable: CouponDoc[];
  /** The bundles the refund withdraws (none of their coupons used): packs by monthStart, and whether the opening gift's. */
  withdrawnPacks: string[];
  openingWithdrawn: boolean;
  points: PointsAccountDoc | null;
}

/**
 * The quote for one paid plan order of `memberId`. Benefit used (the member may not refund it
 * themselves): a member-price saving or extra points recorded for the period, a coupon of the
 * plan used, or the opening gift's points no longer in the balance. Operator formula: pricing.ts
 * proRataRefund with receivedBenefits (a bundle of coupons counts only when one of them was used).
 */
async function judge(read: Read, brand: LoadedBrandSettings, memberId: string, outTradeNo: string, now: Date): Promise<Judged> {
  const order = await read<PlanOrderDoc>(PAYMENT_ORDERS, outTradeNo);
  if (!order || order.purpose !== 'plan' || order.memberId !== memberId || order.status === 'pending') throw new BusinessError('ORDER_NOT_FOUND');
  if (order.status === 'refunded') throw new BusinessError('PLAN_REFUND_NOT_ALLOWED', '该订单已退款');
  const membership = await read<MembershipDoc>(PAID_MEMBERSHIPS, memberId);
  const index = membership?.periods.findIndex((p) => p.outTradeNo === outTradeNo) ?? -1;
  if (!membership || index < 0) throw new BusinessError('ORDER_NOT_FOUND');
  const period = membership.periods[index];
  if (period.upgradedAt) throw new BusinessError('PLAN_REFUND_NOT_ALLOWED', '该会员卡已升级为年卡，剩余价值已抵扣，不能单独退款');
  // The money goes back to WeChat Pay, which refunds only within a year of the payment (we stop two
  // days early, as top-ups do): later, nothing is changed and the refund is refused.
  const closesAt = refundClosesAfter(period.paidAt);
  if (now.getTime() >= closesAt.getTime()) {
    const day = inBrandZone(closesAt, brand.timeZone).format('YYYY年M月D日');
    throw new BusinessError('REFUND_WINDOW_CLOSED', `该订单的退款期限已于${day}截止：微信支付只受理支付后一年内的退款`);
  }
  const bundles: Array<{ coupons: CouponDoc[]; valueFen: number; opening: boolean; monthStart: string | null; anyUsed: boolean }> = [];
  for (const bundle of planCouponBundles(period)) {
    const coupons: CouponDoc[] = [];
    for (const id of bundle.couponIds) {
      const coupon = await read<CouponDoc>(COUPONS, id);
      if (coupon && coupon.memberId === memberId) coupons.push(coupon);
    }
    bundles.push({ coupons, valueFen: bundle.valueFen, opening: bundle.opening, monthStart: bundle.monthStart, anyUsed: coupons.some((c) => c.status === 'used') });
  }
  const giftPoints = period.openingGift?.points ?? 0;
  const points = giftPoints > 0 ? (await read<PointsAccountDoc>(ACCOUNTS, accountId(memberId, 'points'))) : null;
  const pointsLeft = points ? expireDue(points, now, brand.timeZone).after.balance : 0;

  const received = receivedBenefits(
    {
      packs: bundles.filter((b) => !b.opening),
      opening: bundles.find((b) => b.opening) ?? null,
      savedFen: period.savedFen,
      extraPoints: period.extraPoints,
      openingPoints: giftPoints,
    },
    brand.points.pointsAsCash?.pointsPerYuan ?? null,
  );
  const days = periodDays(period, now, brand.timeZone);
  const paidAt = new Date(period.paidAt ?? order.paidAt ?? order.createdAt);
  let memberRefusal: string | null = null;
  if (!withinMemberRefundWindow(paidAt, now)) memberRefusal = '开通已超过 7 天，需联系门店办理退款';
  else if (period.savedFen > 0 || period.extraPoints > 0) memberRefusal = '已享受付费会员价或积分加倍，需联系门店办理退款';
  else if (bundles.some((b) => b.anyUsed)) memberRefusal = '会员卡赠送的优惠券已使用，需联系门店办理退款';
  else if (giftPoints > pointsLeft) memberRefusal = '开卡礼积分已使用，需联系门店办理退款';

  const base = { outTradeNo, paidFen: order.totalFee, memberRefusal };
  const quote: PlanRefundQuote =
    memberRefusal === null
      ? { ...base, mode: 'full', ...days, unusedValueFen: order.totalFee, benefitsReceivedFen: 0, refundFen: order.totalFee, shortfallFen: 0 }
      : { ...base, mode: 'pro_rata', ...proRataRefund(order.totalFee, days, benefitsFen(received)) };
  const withdrawn = bundles.filter((b) => !b.anyUsed);
  return {
    quote,
    order,
    membership,
    index,
    withdrawable: withdrawn.flatMap((b) => b.coupons),
    withdrawnPacks: withdrawn.flatMap((b) => (b.monthStart === null ? [] : [b.monthStart])),
    openingWithdrawn: withdrawn.some((b) => b.opening),
    points,
  };
}

const dbRead =
  (ctx: HandlerContext): Read =>
  (collection, id) =>
    getDocById(ctx.db, collection, id);
const txRead =
  (tx: Tx): Read =>
  (collection, id) =>
    txGet(tx, collection, id);

function viewOf(doc: MembershipDoc | null, ctx: HandlerContext, brand: LoadedBrandSettings): MembershipView | null {
  return membershipView(doc, ctx.now, brand.timeZone, brand.points.pointsAsCash?.pointsPerYuan ?? null);
}

/** member.planRefundQuote */
export async function planRefundQuote(ctx: HandlerContext, input: { outTradeNo: string }): Promise<PlanRefundQuote> {
  const member = await requireMember(ctx);
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  return (await judge(dbRead(ctx), brand, member._id, input.outTradeNo, ctx.now)).quote;
}

/**
 * The refund's transaction: judged again on what the transaction reads, then the period cut,
 * coupons withdrawn, (full refund) the opening gift's points taken back, the money recorded for
 * WeChat Pay, the order marked refunded. `accept` decides whether this quote may be paid out.
 */
async function postRefund(
  ctx: HandlerContext,
  tx: Tx,
  postingId: string,
  brand: LoadedBrandSettings,
  memberId: string,
  outTradeNo: string,
  accept: (quote: PlanRefundQuote) => void,
  actor: { type: 'member' | 'operator'; id: string },
): Promise<{ quote: PlanRefundQuote; refundId: string; before: MembershipDoc; after: MembershipDoc }> {
  const judged = await judge(txRead(tx), brand, memberId, outTradeNo, ctx.now);
  accept(judged.quote);
  const { quote, order, membership, index } = judged;
  const period = membership.periods[index];
  // The bundles withdrawn are marked on the period, so "saved so far" counts only what the member kept.
  const withdrawnPacks = new Set(judged.withdrawnPacks);
  const cut = cutForRefund(membership.periods, index, ctx.now).map((p, i) =>
    i === index
      ? {
          ...p,
          refundedAt: ctx.now,
          packs: p.packs.map((k) => (withdrawnPacks.has(k.monthStart) ? { ...k, withdrawn: true } : k)),
          openingGift: p.openingGift && judged.openingWithdrawn ? { ...p.openingGift, couponsWithdrawn: true } : p.openingGift,
        }
      : p,
  );
  // The plan's coupon bundles not counted as received (none of their coupons used) are withdrawn;
  // a bundle counted stays with the member whole (the refund charged for it).
  await withdrawCoupons(tx, judged.withdrawable, ctx.now, `plan_refund:${postingId}`);
  // A full refund takes the opening gift's points back (the quote found them still there).
  if (quote.mode === 'full' && judged.points && (period.openingGift?.points ?? 0) > 0) {
    const expired = expireDue(judged.points, ctx.now, brand.timeZone);
    const debited = debitPoints(expired.after, { amount: period.openingGift!.points, kind: 'deduct', reason: `退会员卡，收回开卡礼（${period.planName}）`, source: { type: 'plan_refund', id: outTradeNo } }, brand.timeZone);
    await writePosting(tx, { postingId, memberId, actor, createdAt: ctx.now, entries: [...expired.entries, ...debited.entries], changes: [{ before: judged.points, after: debited.after }] });
  }
  await recordRefund(tx, postingId, { memberId, postingId, outTradeNo, totalFee: order.totalFee, refundFee: quote.refundFen, now: ctx.now });
  await tx.collection(PAYMENT_ORDERS).doc(outTradeNo).update({ data: { status: 'refunded', refundedAt: ctx.now, refundFen: quote.refundFen } });
  const after: MembershipDoc = {
    ...membership,
    periods: cut,
    giftsPending: membership.giftsPending.filter((p) => p.outTradeNo !== outTradeNo),
    remindersSent: membership.remindersSent,
    updatedAt: ctx.now,
  };
  after.giftsPendingAt = after.giftsPending.length ? membership.giftsPendingAt : null;
  Object.assign(after, scheduleOf(after, brand.timeZone));
  const { _id, ...fields } = after;
  await tx.collection(PAID_MEMBERSHIPS).doc(memberId).set({ data: fields });
  const member = await txGet<MemberDoc>(tx, MEMBERS, memberId);
  if (member) await tx.collection(MEMBERS).doc(memberId).update({ data: memberPaidFields(after.periods, ctx.now) });
  return { quote, refundId: postingId, before: membership, after };
}

/** member.refundPlan: in full, within 7 days and with no benefit used; otherwise PLAN_REFUND_NOT_ALLOWED. */
export async function refundPlan(ctx: HandlerContext, input: { outTradeNo: string }): Promise<PlanRefundResult> {
  const member = await requireMember(ctx);
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  const key = { scope: `member:${ctx.openid}:refundPlan`, requestId: ctx.requestId!, input };
  const accept = (quote: PlanRefundQuote) => {
    if (quote.mode !== 'full') throw new BusinessError('PLAN_REFUND_NOT_ALLOWED', quote.memberRefusal ?? undefined);
  };
  // Refused before anything is recorded when the quote already says no (a retry of a request
  // already answered goes straight to its first outcome, below).
  const seen = await getDocById(ctx.db, REQUESTS, requestKey(key.scope, key.requestId));
  if (!seen) accept((await judge(dbRead(ctx), brand, member._id, input.outTradeNo, ctx.now)).quote);
  return idempotentThenCallOut(
    ctx,
    key,
    async (tx, postingId) => {
      const done = await postRefund(ctx, tx, postingId, brand, member._id, input.outTradeNo, accept, { type: 'member', id: ctx.openid });
      return { quote: done.quote, refundId: done.refundId };
    },
    async (stored) => refundResult(ctx, brand, member._id, stored),
  );
}

async function refundResult(ctx: HandlerContext, brand: LoadedBrandSettings, memberId: string, stored: { quote: PlanRefundQuote; refundId: string }): Promise<PlanRefundResult> {
  const refundStatus = await sendRefund(ctx.db, stored.refundId, ctx.now);
  const membership = await getDocById<MembershipDoc>(ctx.db, PAID_MEMBERSHIPS, memberId);
  return { quote: stored.quote, membership: viewOf(membership, ctx, brand), refundStatus };
}

/** admin.memberPlanOrders: the member's membership and a quote for each paid order. */
export async function memberPlanOrders(ctx: HandlerContext, input: { memberNo: string }): Promise<{ membership: MembershipView | null; quotes: PlanRefundQuote[] }> {
  const member = await memberByNo(ctx, input.memberNo);
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  const membership = await getDocById<MembershipDoc>(ctx.db, PAID_MEMBERSHIPS, member._id);
  const orders = await findDocs<PlanOrderDoc>(ctx.db.collection(PAYMENT_ORDERS).where({ memberId: member._id, status: 'paid', purpose: 'plan' }).limit(100));
  const quotes: PlanRefundQuote[] = [];
  for (const order of orders) {
    try {
      quotes.push((await judge(dbRead(ctx), brand, member._id, order._id, ctx.now)).quote);
    } catch (error) {
      if (!(error instanceof BusinessError)) throw error;
    }
  }
  await auditRead(ctx, { kind: 'member', id: member._id, label: member.memberNo });
  return { membership: viewOf(membership, ctx, brand), quotes };
}

/**
 * admin.refundPlanByOperator: the quote's refund (full when the member could still have had it,
 * else pro rata), refused PLAN_REFUND_ZERO when it comes to 0, with the shortfall said, and
 * PRICE_CHANGED when it is not the amount the operator confirmed. Audited with the reason.
 */
export async function refundPlanByOperator(ctx: HandlerContext, input: { memberNo: string; outTradeNo: string; reason: string; expectedRefundFen: number }): Promise<PlanRefundResult> {
  const member = await memberByNo(ctx, input.memberNo);
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  const accept = (quote: PlanRefundQuote) => {
    if (quote.refundFen <= 0) {
      throw new BusinessError(
        'PLAN_REFUND_ZERO',
        `按比例计算后可退金额为 0：未使用部分 ${formatFen(quote.unusedValueFen)}，已享权益 ${formatFen(quote.benefitsReceivedFen)}，差额 ${formatFen(quote.shortfallFen)}`,
      );
    }
    if (quote.refundFen !== input.expectedRefundFen) {
      throw new BusinessError('PRICE_CHANGED', `可退金额已变为 ${formatFen(quote.refundFen)}，请重新核对`, 'expectedRefundFen');
    }
  };
  const key = { scope: `operator:${ctx.openid}:refundPlanByOperator`, requestId: ctx.requestId!, input };
  return idempotentThenCallOut(
    ctx,
    key,
    async (tx, postingId) => {
      const done = await postRefund(ctx, tx, postingId, brand, member._id, input.outTradeNo, accept, { type: 'operator', id: ctx.openid });
      await appendAudit(tx, ctx, {
        target: { kind: 'member', id: member._id, label: member.memberNo },
        before: { outTradeNo: input.outTradeNo, status: 'paid' },
        after: { outTradeNo: input.outTradeNo, status: 'refunded', quote: done.quote },
        reason: input.reason,
      });
      return { quote: done.quote, refundId: done.refundId };
    },
    async (stored) => refundResult(ctx, brand, member._id, stored),
  );
}
