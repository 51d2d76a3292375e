import { formatFen } from '../platform/money-text';
import type { PlanOrderResult, PlanOrderStatusResult } from '../contract/membership';
import { PLAN_MONTHS } from '../contract/membership';
import { type BrandSettings, loadBrandSettings } from '../brand/settings';
import { issueCoupon } from '../coupons/claim';
import { COUPON_TEMPLATES, type CouponTemplateDoc } from '../coupons/collections';
import { loadAccounts } from '../ledger/accounts';
import { idempotentThenCallOut, requestKey } from '../ledger/idempotency';
import { writePosting } from '../ledger/posting';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { refuseDeleted, requireMember } from '../members/lookup';
import { closeUnpaidOrder, cloudPay } from '../payments/cloud-pay';
import { PAYMENT_ORDERS } from '../payments/orders';
import { BusinessError } from '../platform/business-error';
import type { Database } from '../platform/cloud';
import { type Tx, findDocs, getDocById, txGet } from '../platform/documents';
import { runInTransaction } from '../platform/transaction';
import { expiryDayFor } from '../points/earn';
import { expireDue } from '../points/expire-lazily';
import { creditPoints } from '../points/operations';
import type { HandlerContext } from '../router/context';
import { nonce, payConfig } from '../wallet/config';
import { PAYABLE_FOR_MS, requestPayment } from '../payments/unified-order';
import {
  PAID_MEMBERSHIPS,
  PAID_PLANS,
  type MembershipDoc,
  type PaidPlanDoc,
  type PeriodDoc,
  type PlanOrderDoc,
  emptyMembership,
  memberPaidFields,
  scheduleOf,
  trialHeld,
} from './collections';
import { offerFor } from './offers';
import { addMonths, coveringPeriod, cutForUpgrade, monthStarts, nextPeriod } from './pricing';
import { couponValueFen, membershipView } from './views';

// Buying a plan: an order like a top-up's (payment_orders, purpose 'plan'), priced on the server,
// paid through cloudPay, confirmed with queryOrder, and credited once per outTradeNo: the period,
// the opening gift's points in the same transaction, its coupons right after (an outbox on the
// membership, so a crash between the two is finished by the membership-packs job).

/** member.createPlanOrder */
export async function createPlanOrder(ctx: HandlerContext, input: { planId: string; mode: 'buy' | 'upgrade'; expectedPayFen?: number }): Promise<PlanOrderResult> {
  const member = refuseDeleted(await requireMember(ctx));
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  const scope = `member:${ctx.openid}:createPlanOrder`;
  const outTradeNo = `P${requestKey(scope, ctx.requestId!).slice(0, 31)}`;
  // An earlier trial order whose reservation ran out is closed with WeChat Pay first (outside the
  // transaction: a call out), so it cannot be paid once this order takes the trial over.
  const closed = await closeStaleTrialOrder(ctx, member._id, outTradeNo);
  const placeOrder = async (tx: Tx) => {
    const plan = await txGet<PaidPlanDoc>(tx, PAID_PLANS, input.planId);
    if (!plan) throw new BusinessError('PLAN_NOT_FOUND');
    if (plan.status !== 'active') throw new BusinessError('PLAN_PAUSED');
    const membership = await txGet<MembershipDoc>(tx, PAID_MEMBERSHIPS, member._id);
    // The reservation ran out, but its order is still unpaid here: it takes the trial over only when
    // WeChat Pay confirmed that order closed just now (marked closedAt); otherwise no trial price.
    let trialBlocked = false;
    const reserved = membership?.trialReservation;
    if (reserved && reserved.outTradeNo !== outTradeNo && !trialHeld(membership, ctx.now) && !membership!.trialUsed) {
      const previous = await txGet<PlanOrderDoc>(tx, PAYMENT_ORDERS, reserved.outTradeNo);
      if (previous && previous.status === 'pending' && !previous.closedAt) {
        if (closed === previous._id) await tx.collection(PAYMENT_ORDERS).doc(previous._id).update({ data: { closedAt: ctx.now } });
        else trialBlocked = true;
      }
    }
    const offer = offerFor(plan, membership, input.mode, ctx.now, brand.timeZone, { trialBlocked });
    if (input.expectedPayFen !== undefined && input.expectedPayFen !== offer.payFen) {
      throw new BusinessError('PRICE_CHANGED', `价格有变化：现需支付 ${formatFen(offer.payFen)}，请重新确认`, 'expectedPayFen');
    }
    const doc: PlanOrderDoc = {
      _id: outTradeNo,
      purpose: 'plan',
      memberId: member._id,
      openid: ctx.openid,
      totalFee: offer.payFen,
      status: 'pending',
      createdAt: ctx.now,
      planId: plan._id,
      mode: input.mode,
      trial: offer.trial,
      creditFen: offer.creditFen,
      terms: {
        planId: plan._id,
        planName: plan.name,
        planKind: plan.kind,
        months: PLAN_MONTHS[plan.kind],
        memberPricePercent: plan.memberPricePercent,
        pointsMultiplierPercent: plan.pointsMultiplierPercent,
        monthlyCouponTemplateIds: [...plan.monthlyCouponTemplateIds],
        monthlyPackValueFen: plan.monthlyPackValueFen,
      },
      openingGift: { points: plan.openingGift.points, couponTemplateIds: [...plan.openingGift.couponTemplateIds] },
    };
    const { _id, ...fields } = doc;
    await tx.collection(PAYMENT_ORDERS).doc(_id).set({ data: fields });
    if (offer.trial) {
      // The trial is taken now, in the order's transaction: a second trial order placed at the same
      // time writes the same membership document and conflicts, and is then priced in full.
      const held = membership ?? emptyMembership(member._id, ctx.openid, ctx.now);
      const { _id: membershipId, ...rest } = { ...held, trialReservation: { outTradeNo, until: new Date(ctx.now.getTime() + PAYABLE_FOR_MS) }, updatedAt: ctx.now };
      await tx.collection(PAID_MEMBERSHIPS).doc(membershipId).set({ data: rest });
    }
    return { outTradeNo, totalFee: offer.payFen, offer, body: `${brand.name}-${plan.name}` };
  };
  return idempotentThenCallOut(ctx, { scope, requestId: ctx.requestId!, input }, placeOrder, async (order, _postingId, replayed) => {
    const result = { outTradeNo: order.outTradeNo, totalFee: order.totalFee, offer: order.offer };
    if (!replayed) return { ...result, payment: await requestPayment(order, ctx.now) };
    const placed = await getDocById<PlanOrderDoc>(ctx.db, PAYMENT_ORDERS, order.outTradeNo);
    if (placed && placed.status !== 'pending') return { ...result, payment: null };
    const placedAt = placed ? new Date(placed.createdAt) : ctx.now;
    if (ctx.now.getTime() - placedAt.getTime() > PAYABLE_FOR_MS) throw new BusinessError('PAYMENT_FAILED', '该订单已超时未支付，请重新下单');
    return { ...result, payment: await requestPayment(order, placedAt) };
  });
}

/**
 * Before a new order may take the trial over from an earlier trial order whose reservation ran out
 * (it may have been paid in its last seconds, WeChat's notice still on its way), that order is
 * closed with WeChat Pay. Closed (now or before): its outTradeNo is returned and the new order's
 * transaction marks it closedAt. Paid after all: it is settled (credited as the trial) and the new
 * order is priced in full. The close failed: null, and the new order gets no trial price.
 */
async function closeStaleTrialOrder(ctx: HandlerContext, memberId: string, outTradeNo: string): Promise<string | null> {
  const membership = await getDocById<MembershipDoc>(ctx.db, PAID_MEMBERSHIPS, memberId);
  const reserved = membership?.trialReservation;
  if (!membership || !reserved || reserved.outTradeNo === outTradeNo || membership.trialUsed || trialHeld(membership, ctx.now)) return null;
  const previous = await getDocById<PlanOrderDoc>(ctx.db, PAYMENT_ORDERS, reserved.outTradeNo);
  if (!previous || previous.status !== 'pending' || previous.closedAt) return null;
  const outcome = await closeUnpaidOrder(previous._id, payConfig().subMchId, nonce);
  if (outcome === 'closed') return previous._id;
  if (outcome === 'paid') {
    try {
      await settlePlanOrder(ctx.db, previous, null, ctx.now, { quiet: true });
    } catch (error) {
      // Still unpaid here: the pay function's delivery credits it; meanwhile the trial stays with it.
      console.warn(`settling ${previous._id} after ORDERPAID failed`, error);
    }
  }
  return null;
}

/** member.planOrderStatus: a pending order is confirmed with WeChat Pay (queryOrder) and credited if paid. */
export async function planOrderStatus(ctx: HandlerContext, input: { outTradeNo: string }): Promise<PlanOrderStatusResult> {
  const member = await requireMember(ctx);
  const [found] = await findDocs<PlanOrderDoc>(ctx.db.collection(PAYMENT_ORDERS).where({ _id: input.outTradeNo, memberId: member._id, purpose: 'plan' }).limit(1));
  if (!found) throw new BusinessError('ORDER_NOT_FOUND');
  if (found.status === 'pending') await settlePlanOrder(ctx.db, found, null, ctx.now, { quiet: true });
  const [order, brand, membership] = await Promise.all([
    getDocById<PlanOrderDoc>(ctx.db, PAYMENT_ORDERS, found._id),
    loadBrandSettings(ctx.db, ctx.now),
    getDocById<MembershipDoc>(ctx.db, PAID_MEMBERSHIPS, member._id),
  ]);
  return { outTradeNo: found._id, status: order?.status ?? found.status, membership: membershipView(membership, ctx.now, brand.timeZone, brand.points.pointsAsCash?.pointsPerYuan ?? null) };
}

/** A context for work the pay function or a job does on no one's request (issueCoupon takes one). */
export function systemContext(db: Database, now: Date): HandlerContext {
  return { fn: 'cron', action: 'membership', openid: '', roles: {}, now, db, transaction: (work) => runInTransaction(db, work) };
}

/**
 * Credits a paid plan order: its period, once per outTradeNo however often WeChat delivers.
 * Confirmed with WeChat Pay first (queryOrder: the notification alone is not trusted). Twenty
 * deliveries at once all pass the query; each transaction re-reads the order and the membership,
 * and the database lets one of them move the order from pending to paid.
 * `notificationFee`: the notification's total_fee (null when the member's status poll settles it).
 * `quiet`: an unpaid order answers 'unpaid' instead of throwing (the status poll).
 */
export async function settlePlanOrder(db: Database, order: PlanOrderDoc, notificationFee: number | null, now: Date, options: { quiet?: boolean } = {}): Promise<'credited' | 'already' | 'unpaid'> {
  if (order.status !== 'pending') return 'already';
  const confirmed = await cloudPay().queryOrder({ outTradeNo: order._id, subMchId: payConfig().subMchId, nonceStr: nonce() });
  const paid = confirmed.tradeState === 'SUCCESS' && confirmed.totalFee === order.totalFee && (notificationFee === null || notificationFee === order.totalFee);
  if (!paid) {
    if (options.quiet) return 'unpaid';
    throw new Error(`plan order ${order._id} not confirmed by WeChat Pay: ${JSON.stringify(confirmed)}`);
  }
  const transactionId = typeof confirmed.transactionId === 'string' ? confirmed.transactionId : null;
  const brand = await loadBrandSettings(db, now);
  const outcome = await runInTransaction(db, (tx) => creditPeriod(tx, order._id, transactionId, brand, now));
  // The opening gift's coupons, right after the commit; a crash here leaves them in the outbox.
  await issuePendingGifts(systemContext(db, now), order.memberId, brand);
  return outcome;
}

async function creditPeriod(tx: Tx, outTradeNo: string, transactionId: string | null, brand: BrandSettings, now: Date): Promise<'credited' | 'already'> {
  const order = await txGet<PlanOrderDoc>(tx, PAYMENT_ORDERS, outTradeNo);
  if (!order || order.status !== 'pending') return 'already';
  const member = await txGet<MemberDoc>(tx, MEMBERS, order.memberId);
  const membership = (await txGet<MembershipDoc>(tx, PAID_MEMBERSHIPS, order.memberId)) ?? emptyMembership(order.memberId, order.openid, now);
  const tz = brand.timeZone;
  let periods = membership.periods;
  let kind: PeriodDoc['kind'];
  let startsAt: Date;
  let packsFromMonth = 0;
  if (order.mode === 'upgrade') {
    // The annual period starts now; whatever runs on is cut (its unused value was the credit).
    const covering = coveringPeriod(periods, now);
    if (covering) {
      const starts = monthStarts(covering, covering.months, tz, covering.packsFromMonth).filter((s) => s.getTime() <= now.getTime());
      const current = starts[starts.length - 1];
      // The cut period's month has begun, so its pack is that period's (the packs job issues it
      // however late it runs): the annual's first pack is next month's, never a second this month.
      if (current && current.getTime() < now.getTime()) packsFromMonth = 1;
    }
    const cut = cutForUpgrade(periods, now);
    periods = cut.map((p, i) => (p !== periods[i] ? { ...p, upgradedAt: now } : p));
    kind = 'upgrade';
    startsAt = now;
  } else {
    const span = nextPeriod(periods, now, order.terms.months, tz);
    kind = span.stacked ? 'renew' : 'buy';
    startsAt = span.startsAt;
  }
  // 开卡礼 with a new membership only (not a renewal or an upgrade), and not for a deleted account.
  const gift = kind === 'buy' && !member?.deletedAt ? order.openingGift : null;
  let pointsPostingId: string | null = null;
  if (gift && gift.points > 0) {
    pointsPostingId = `plan_open_${order._id}`;
    const { points } = await loadAccounts(tx, order.memberId, ['points'] as const);
    const expired = expireDue(points, now, tz);
    const source = { type: 'plan_opening_gift', id: order._id };
    const credited = creditPoints(expired.after, { amount: gift.points, expiresOn: expiryDayFor(now, brand.points, tz), kind: 'grant', reason: `开卡礼（${order.terms.planName}）`, source }, tz);
    await writePosting(tx, {
      postingId: pointsPostingId,
      memberId: order.memberId,
      actor: { type: 'payment', id: transactionId ?? order._id },
      createdAt: now,
      entries: [...expired.entries, ...credited.entries],
      changes: [{ before: points, after: credited.after }],
    });
  }
  // A trial-priced order is the member's trial only while it holds the reservation (or none is
  // recorded) and the trial is unused; otherwise (taken over by another order, or the trial
  // already credited) it is credited at the price paid, and trialUsed is set: never a second trial.
  const reservedFor = membership.trialReservation?.outTradeNo ?? null;
  const isTheTrial = order.trial && !membership.trialUsed && (reservedFor === null || reservedFor === order._id);
  let couponValuesFen = 0;
  for (const templateId of gift?.couponTemplateIds ?? []) {
    const template = await txGet<CouponTemplateDoc>(tx, COUPON_TEMPLATES, templateId);
    if (template) couponValuesFen += couponValueFen(template.benefit);
  }
  const period: PeriodDoc = {
    ...order.terms,
    periodId: order._id,
    outTradeNo: order._id,
    kind,
    startsAt,
    endsAt: addMonths(startsAt, order.terms.months, tz),
    paidFen: order.totalFee,
    paidAt: now,
    trial: isTheTrial,
    ...(order.trial && !isTheTrial ? { trialSuperseded: true } : {}),
    refunded: false,
    packsFromMonth,
    packs: [],
    openingGift: gift ? { points: gift.points, couponTemplateIds: [...gift.couponTemplateIds], couponIds: [], couponValuesFen, pointsPostingId } : null,
    savedFen: 0,
    extraPoints: 0,
  };
  const giftsPending = gift && gift.couponTemplateIds.length ? [...membership.giftsPending, { outTradeNo: order._id, templateIds: [...gift.couponTemplateIds] }] : membership.giftsPending;
  const next: MembershipDoc = {
    ...membership,
    periods: [...periods, period],
    trialUsed: membership.trialUsed || order.trial,
    // The order holding the trial is paid: trialUsed takes over.
    trialReservation: membership.trialReservation?.outTradeNo === order._id ? null : (membership.trialReservation ?? null),
    giftsPending,
    giftsPendingAt: giftsPending.length ? (membership.giftsPendingAt ?? now) : null,
    updatedAt: now,
  };
  Object.assign(next, scheduleOf(next, tz));
  const { _id, ...fields } = next;
  await tx.collection(PAID_MEMBERSHIPS).doc(order.memberId).set({ data: fields });
  if (member) await tx.collection(MEMBERS).doc(order.memberId).update({ data: memberPaidFields(next.periods, now) });
  await tx.collection(PAYMENT_ORDERS).doc(order._id).update({ data: { status: 'paid', paidAt: now, transactionId } });
  return 'credited';
}

export const openingGiftKey = (outTradeNo: string, templateId: string) => `plan-open:${outTradeNo}:${templateId}`;

/**
 * Issues the opening-gift coupons still in the membership's outbox, each once (issueCoupon key
 * `plan-open:<outTradeNo>:<templateId>`), and takes them off. A template that refuses (out of
 * stock, paused) is settled and left out, so the outbox empties; the period records what came.
 * Any other failure leaves the order in the outbox for the job to retry.
 */
export async function issuePendingGifts(ctx: HandlerContext, memberId: string, _brand: BrandSettings): Promise<void> {
  const membership = await getDocById<MembershipDoc>(ctx.db, PAID_MEMBERSHIPS, memberId);
  if (!membership?.giftsPending.length) return;
  const done: Array<{ outTradeNo: string; couponIds: string[] }> = [];
  let failure: unknown = null;
  for (const pending of membership.giftsPending) {
    const couponIds: string[] = [];
    let complete = true;
    for (const templateId of pending.templateIds) {
      try {
        const issued = await issueCoupon(ctx, { memberId, templateId, key: openingGiftKey(pending.outTradeNo, templateId), source: 'plan_opening_gift' });
        couponIds.push(issued.couponId);
      } catch (error) {
        if (error instanceof BusinessError && error.code !== 'BUSY') {
          console.warn(`opening gift ${pending.outTradeNo} ${templateId} not issued: ${error.code}`);
        } else {
          complete = false;
          failure = error;
        }
      }
    }
    if (complete) done.push({ outTradeNo: pending.outTradeNo, couponIds });
  }
  if (done.length) {
    await ctx.transaction(async (tx) => {
      const fresh = await txGet<MembershipDoc>(tx, PAID_MEMBERSHIPS, memberId);
      if (!fresh) return;
      const left = fresh.giftsPending.filter((p) => !done.some((d) => d.outTradeNo === p.outTradeNo));
      const periods = fresh.periods.map((p) => {
        const d = done.find((x) => x.outTradeNo === p.outTradeNo);
        return d && p.openingGift ? { ...p, openingGift: { ...p.openingGift, couponIds: [...new Set([...p.openingGift.couponIds, ...d.couponIds])] } } : p;
      });
      await tx.collection(PAID_MEMBERSHIPS).doc(memberId).update({ data: { periods, giftsPending: left, giftsPendingAt: left.length ? fresh.giftsPendingAt : null, updatedAt: ctx.now } });
    });
  }
  if (failure) throw failure;
}
