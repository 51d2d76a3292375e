import type { PlanKind } from '../contract/membership';
import type { MemberDoc } from '../members/collections';
import type { PaymentOrderDoc } from '../payments/orders';
import type { StoredDoc } from '../platform/documents';
import { coveringPeriod, livePeriods, monthStarts } from './pricing';

// Paid membership (付费会员卡): plans, each member's periods, and plan orders.
//
// - `paid_plans/<planId>`: a plan as data, versioned (each save bumps `version`).
// - `paid_memberships/<memberId>`: the member's periods (stacking, never overlapping), what each
//   period gave (packs, opening gift, member-price savings, extra points), the opening-gift outbox
//   and the job cursors `nextPackAt`, `giftsPendingAt`, `nextReminderAt` (indexed).
// - plan orders are `payment_orders/<outTradeNo>` with purpose 'plan' (PlanOrderDoc).
// - the member document carries `paidUntil` and `paidTerms` (the live periods' terms), so a
//   checkout knows the member price and multiplier without another read.

export const PAID_PLANS = 'paid_plans';
export const PAID_MEMBERSHIPS = 'paid_memberships';

export interface PlanFields {
  name: string;
  kind: PlanKind;
  priceFen: number;
  trialPriceFen: number | null;
  openingGift: { points: number; couponTemplateIds: string[] };
  monthlyCouponTemplateIds: string[];
  pointsMultiplierPercent: number;
  memberPricePercent: number;
  monthlyPackValueFen: number;
}

export interface PaidPlanDoc extends StoredDoc, PlanFields {
  status: 'active' | 'paused';
  version: number;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string;
}

/** The terms a period was bought with (frozen: later plan edits do not reach it). */
export interface PeriodTerms {
  planId: string;
  planName: string;
  planKind: PlanKind;
  months: number;
  memberPricePercent: number;
  pointsMultiplierPercent: number;
  monthlyCouponTemplateIds: string[];
  monthlyPackValueFen: number;
}

export interface PackRecord {
  /** Month n's start (period start + n months), ISO: the pack's key. */
  monthStart: string;
  /** Brand-zone 'YYYY-MM' of monthStart, for display. */
  month: string;
  couponIds: string[];
  valueFen: number;
  /** Set by a plan refund that withdrew this pack (none of its coupons used): the member did not keep it. */
  withdrawn?: boolean;
}

export interface PeriodDoc extends PeriodTerms {
  /** = outTradeNo of the order that bought it. */
  periodId: string;
  outTradeNo: string;
  kind: 'buy' | 'renew' | 'upgrade';
  startsAt: Date;
  endsAt: Date;
  paidFen: number;
  paidAt: Date;
  /** The member's one trial. */
  trial: boolean;
  /**
   * Bought at the trial price but not credited as the trial: its reservation had been taken over
   * by another order, or the trial was already used. Credited at the price paid; trialUsed stays set.
   */
  trialSuperseded?: boolean;
  refunded: boolean;
  refundedAt?: Date | null;
  /** Cut short by an upgrade at this moment (its unused value was credited). */
  upgradedAt?: Date | null;
  /** An upgrade's month 0 pack is skipped when the cut period's pack already came that month. */
  packsFromMonth: number;
  packs: PackRecord[];
  /** `couponsWithdrawn`: a plan refund withdrew the gift's coupons (none of them used). */
  openingGift: { points: number; couponTemplateIds: string[]; couponIds: string[]; couponValuesFen: number; pointsPostingId: string | null; couponsWithdrawn?: boolean } | null;
  /** Recorded by each purchase this period covered (same transaction as the purchase). */
  savedFen: number;
  extraPoints: number;
}

export interface MembershipDoc extends StoredDoc {
  memberId: string;
  openid: string;
  periods: PeriodDoc[];
  trialUsed: boolean;
  /**
   * The trial price taken by an order not paid yet (set in the order's own transaction, so two
   * trial orders placed at once conflict here and the second is priced in full). It holds the
   * trial until the order is credited (then trialUsed) or stops being payable (`until`). Even
   * then, another order takes it over only once WeChat Pay has closed that order (closeOrder):
   * it may have been paid in its last seconds with the notice still on its way.
   */
  trialReservation?: { outTradeNo: string; until: Date } | null;
  /** Opening-gift coupons still to issue (an outbox: issued right after the credit, retried by the job). */
  giftsPending: Array<{ outTradeNo: string; templateIds: string[] }>;
  giftsPendingAt: Date | null;
  /** The next month start whose pack is not issued yet (indexed); null when none is left. */
  nextPackAt: Date | null;
  /** The next expiry reminder's moment (indexed) and the reminders sent, as '<endISO>:<days>'. */
  nextReminderAt: Date | null;
  remindersSent: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface PlanOrderDoc extends PaymentOrderDoc {
  purpose: 'plan';
  planId: string;
  mode: 'buy' | 'upgrade';
  trial: boolean;
  creditFen: number;
  /** The plan as it was ordered (what the period is bought with). */
  terms: PeriodTerms;
  openingGift: { points: number; couponTemplateIds: string[] };
  refundedAt?: Date;
  refundFen?: number;
}

/** A live period's terms as the member document carries them. */
export interface PaidTermSpan {
  startsAt: Date;
  endsAt: Date;
  planId: string;
  planName: string;
  memberPricePercent: number;
  pointsMultiplierPercent: number;
  periodId: string;
  refunded: false;
  paidFen: number;
}

/** The fields this capability adds to the member document. */
export interface PaidMemberFields {
  paidUntil?: Date | null;
  paidTerms?: PaidTermSpan[];
}
export type PaidMemberDoc = MemberDoc & PaidMemberFields;

/**
 * The paid membership in force at `now`, from the member document alone: null once the last
 * period has ended (benefits stop exactly at expiry) or when there never was one.
 */
export function paidTermsAt(member: MemberDoc, now: Date): PaidTermSpan | null {
  const fields = member as PaidMemberDoc;
  if (!fields.paidUntil || new Date(fields.paidUntil).getTime() <= now.getTime()) return null;
  return coveringPeriod(fields.paidTerms ?? [], now);
}

/** The member document's copy of the live periods' terms. */
export function memberPaidFields(periods: PeriodDoc[], now: Date): Required<PaidMemberFields> {
  // Ended periods are left off: the copy stays a few entries long however many months were bought.
  const live = periods.filter((p) => !p.refunded && new Date(p.endsAt).getTime() > Math.max(new Date(p.startsAt).getTime(), now.getTime()));
  const terms: PaidTermSpan[] = live.map((p) => ({
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    planId: p.planId,
    planName: p.planName,
    memberPricePercent: p.memberPricePercent,
    pointsMultiplierPercent: p.pointsMultiplierPercent,
    periodId: p.periodId,
    refunded: false,
    paidFen: p.paidFen,
  }));
  const ends = live.map((p) => new Date(p.endsAt).getTime());
  return { paidUntil: ends.length ? new Date(Math.max(...ends)) : null, paidTerms: terms };
}

export function emptyMembership(memberId: string, openid: string, now: Date): MembershipDoc {
  return { _id: memberId, memberId, openid, periods: [], trialUsed: false, giftsPending: [], giftsPendingAt: null, nextPackAt: null, nextReminderAt: null, remindersSent: [], createdAt: now, updatedAt: now };
}

/** Whether a trial order not paid yet still holds the trial at `now` (it is offered to no other order meanwhile). */
export function trialHeld(membership: Pick<MembershipDoc, 'trialReservation'> | null, now: Date): boolean {
  const held = membership?.trialReservation;
  return !!held && new Date(held.until).getTime() > now.getTime();
}

export const REMINDER_DAYS = [7, 1] as const;
const DAY_MS = 86_400_000;

/** The job cursors of a membership: the next pack due and the next expiry reminder due. */
export function scheduleOf(membership: Pick<MembershipDoc, 'periods' | 'remindersSent'>, timeZone: string): { nextPackAt: Date | null; nextReminderAt: Date | null } {
  let nextPack: number | null = null;
  for (const p of livePeriods(membership.periods)) {
    const issued = new Set(p.packs.map((k) => k.monthStart));
    for (const start of monthStarts(p, p.months, timeZone, p.packsFromMonth)) {
      if (issued.has(start.toISOString())) continue;
      if (nextPack === null || start.getTime() < nextPack) nextPack = start.getTime();
    }
  }
  const ends = livePeriods(membership.periods).map((p) => new Date(p.endsAt).getTime());
  let nextReminder: number | null = null;
  if (ends.length) {
    const end = Math.max(...ends);
    for (const days of REMINDER_DAYS) {
      if (membership.remindersSent.includes(reminderKey(new Date(end), days))) continue;
      const at = end - days * DAY_MS;
      if (nextReminder === null || at < nextReminder) nextReminder = at;
    }
  }
  return { nextPackAt: nextPack === null ? null : new Date(nextPack), nextReminderAt: nextReminder === null ? null : new Date(nextReminder) };
}

export const reminderKey = (end: Date, days: number) => `${end.toISOString()}:${days}`;
