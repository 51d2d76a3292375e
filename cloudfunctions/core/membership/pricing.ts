import { inBrandZone } from '../platform/time';

// Paid membership arithmetic, PURE (no database, no clock of its own): periods and how they
// stack, the upgrade price, the trial price, the refund formulas, days left. Every amount is an
// integer number of fen; every moment a Date; calendar rules in the brand's time zone.
// Table-tested in tests/membership/pricing.test.ts with hand-written numbers.

const DAY_MS = 86_400_000;

/** What these rules need of a period (collections.ts PeriodDoc has more). */
export interface PeriodSpan {
  startsAt: Date;
  endsAt: Date;
  paidFen: number;
  refunded: boolean;
}

const ms = (d: Date | string) => new Date(d).getTime();

/** `start` plus `months` calendar months, same clock time in the brand zone (dayjs: Jan 31 + 1 month = Feb 28/29). */
export function addMonths(start: Date, months: number, timeZone: string): Date {
  return inBrandZone(start, timeZone).add(months, 'month').toDate();
}

/** The periods that count: not refunded and not empty (an upgrade or a refund may cut one to nothing). */
export function livePeriods<P extends PeriodSpan>(periods: readonly P[]): P[] {
  return periods.filter((p) => !p.refunded && ms(p.endsAt) > ms(p.startsAt));
}

/** The live period covering `now` (start included, end excluded), if any. */
export function coveringPeriod<P extends PeriodSpan>(periods: readonly P[], now: Date): P | null {
  const t = now.getTime();
  return livePeriods(periods).find((p) => ms(p.startsAt) <= t && t < ms(p.endsAt)) ?? null;
}

/** The end of the last live period (null: never had one). */
export function paidUntil(periods: readonly PeriodSpan[]): Date | null {
  const ends = livePeriods(periods).map((p) => ms(p.endsAt));
  return ends.length ? new Date(Math.max(...ends)) : null;
}

/**
 * Where a newly bought period goes: periods stack. Bought while some live period has not ended,
 * it starts when the last one ends; otherwise it starts now. It never overlaps or shortens another.
 */
export function nextPeriod(periods: readonly PeriodSpan[], now: Date, months: number, timeZone: string): { startsAt: Date; endsAt: Date; stacked: boolean } {
  const until = paidUntil(periods);
  const stacked = until !== null && until.getTime() > now.getTime();
  const startsAt = stacked ? until! : now;
  return { startsAt, endsAt: addMonths(startsAt, months, timeZone), stacked };
}

/**
 * The upgrade (monthly or quarterly → annual): the annual period starts now. Every live period
 * not yet over is credited with its unused value, paidFen × (end − max(start, now)) / (end − start)
 * in milliseconds, the exact fractions summed and the sum rounded DOWN to the fen.
 * payFen = max(0, annual price − credit).
 */
export function upgradePrice(periods: readonly PeriodSpan[], now: Date, annualPriceFen: number): { creditFen: number; payFen: number } {
  const t = BigInt(now.getTime());
  // The exact sum as a fraction num/den (BigInt: paidFen × ms runs past 2^53).
  let num = 0n;
  let den = 1n;
  for (const p of livePeriods(periods)) {
    const start = BigInt(ms(p.startsAt));
    const end = BigInt(ms(p.endsAt));
    if (end <= t) continue;
    const from = start > t ? start : t;
    const length = end - start;
    num = num * length + BigInt(p.paidFen) * (end - from) * den;
    den = den * length;
  }
  const creditFen = Number(num / den);
  return { creditFen, payFen: Math.max(0, annualPriceFen - creditFen) };
}

/** The trial price applies to a member's first purchase only (never had a period, trial not used). */
export function offerPriceFen(plan: { priceFen: number; trialPriceFen: number | null }, member: { everPaid: boolean; trialUsed: boolean }): { payFen: number; trial: boolean } {
  if (plan.trialPriceFen !== null && plan.trialPriceFen < plan.priceFen && !member.everPaid && !member.trialUsed) return { payFen: plan.trialPriceFen, trial: true };
  return { payFen: plan.priceFen, trial: false };
}

/** A member may take a plan order back themselves within this long of paying it (7 × 24 h, the end excluded). */
export const MEMBER_REFUND_WINDOW_MS = 7 * DAY_MS;

export function withinMemberRefundWindow(paidAt: Date, now: Date): boolean {
  return now.getTime() - paidAt.getTime() < MEMBER_REFUND_WINDOW_MS;
}

/**
 * Whole brand-zone days of a period, and those not begun by `now`. The period's days are the
 * calendar days from the day it starts up to (not including) the day it ends: 15 March 10:00 →
 * 15 April 10:00 is 31 days. A day counts as used once it has begun: `now` on 20 March (any time)
 * leaves 21 March … 14 April unused = 25 days. A period not started yet is all unused; an ended
 * one has 0 left.
 */
export function periodDays(period: { startsAt: Date; endsAt: Date }, now: Date, timeZone: string): { totalDays: number; unusedDays: number } {
  const startDay = inBrandZone(period.startsAt, timeZone).startOf('day');
  const endDay = inBrandZone(period.endsAt, timeZone).startOf('day');
  const totalDays = Math.max(0, Math.round(endDay.diff(startDay, 'day', true)));
  if (now.getTime() < ms(period.startsAt)) return { totalDays, unusedDays: totalDays };
  const tomorrow = inBrandZone(now, timeZone).startOf('day').add(1, 'day');
  const unusedDays = Math.min(totalDays, Math.max(0, Math.round(endDay.diff(tomorrow, 'day', true))));
  return { totalDays, unusedDays };
}

/** What the member received from one period, in fen, for the operator's refund formula. */
export interface BenefitsReceived {
  /** monthlyPackValueFen (pro rata to the coupons that came) for each pack of which a coupon was used. */
  packValuesFen: number;
  /** The face value of the opening gift's coupons, when one of them was used. */
  openingCouponValuesFen: number;
  /** The member-price savings recorded on purchases the period covered (a refunded purchase takes its own back). */
  memberPriceSavingsFen: number;
  /** Points earned extra by the plan's multiplier and the opening gift's points, at the points-as-cash rate. */
  extraPointsFen: number;
}

export function benefitsFen(b: BenefitsReceived): number {
  return b.packValuesFen + b.openingCouponValuesFen + b.memberPriceSavingsFen + b.extraPointsFen;
}

/** A bundle of the plan's coupons (one month's pack, or the opening gift's coupons), judged as a whole. */
export interface CouponBundle {
  valueFen: number;
  /** At least one of its coupons is used (status 'used' now). */
  anyUsed: boolean;
}

/**
 * What a period gave the member, for the operator's refund formula. A bundle of coupons counts as
 * received only when at least one of its coupons was used: such a bundle stays with the member
 * whole; a bundle with none used is withdrawn by the refund and does not count (the member is
 * never charged for coupons taken back). Savings and extra points as recorded (a refunded
 * purchase took its own back); the opening gift's points always count (a full refund takes them
 * back instead).
 */
export function receivedBenefits(
  period: { packs: readonly CouponBundle[]; opening: CouponBundle | null; savedFen: number; extraPoints: number; openingPoints: number },
  pointsPerYuan: number | null,
): BenefitsReceived {
  return {
    packValuesFen: period.packs.reduce((s, k) => s + (k.anyUsed ? k.valueFen : 0), 0),
    openingCouponValuesFen: period.opening?.anyUsed ? period.opening.valueFen : 0,
    memberPriceSavingsFen: period.savedFen,
    extraPointsFen: pointsAsFen(period.extraPoints + period.openingPoints, pointsPerYuan),
  };
}

/** Points as fen at the brand's points-as-cash rate (N points = ¥1), rounded down; 0 when points cannot pay. */
export function pointsAsFen(points: number, pointsPerYuan: number | null): number {
  if (!pointsPerYuan || points <= 0) return 0;
  return Math.floor((points * 100) / pointsPerYuan);
}

export interface ProRataRefund {
  totalDays: number;
  unusedDays: number;
  unusedValueFen: number;
  benefitsReceivedFen: number;
  /** unused − benefits when positive, else 0. */
  refundFen: number;
  /** benefits − unused when positive (refundFen is then 0), else 0. */
  shortfallFen: number;
}

/**
 * The operator's pro rata refund: unusedValueFen = floor(paidFen × unusedDays / totalDays),
 * refund = unusedValueFen − benefitsReceivedFen. Never clamped silently: a negative difference
 * is reported as shortfallFen with refundFen 0, and the refund is then refused (PLAN_REFUND_ZERO).
 */
export function proRataRefund(paidFen: number, days: { totalDays: number; unusedDays: number }, benefitsReceivedFen: number): ProRataRefund {
  const unusedValueFen = days.totalDays > 0 ? Math.floor((paidFen * days.unusedDays) / days.totalDays) : 0;
  const difference = unusedValueFen - benefitsReceivedFen;
  return {
    ...days,
    unusedValueFen,
    benefitsReceivedFen,
    refundFen: Math.max(0, difference),
    shortfallFen: Math.max(0, -difference),
  };
}

/** Whole brand-zone days left, counting today; 0 once `until` has passed. */
export function daysLeft(until: Date | null, now: Date, timeZone: string): number {
  if (!until || until.getTime() <= now.getTime()) return 0;
  const today = inBrandZone(now, timeZone).startOf('day');
  const last = inBrandZone(until.getTime() - 1, timeZone).startOf('day');
  return Math.round(last.diff(today, 'day', true)) + 1;
}

/**
 * Month n of a period starts at startsAt + n months (brand zone), n = 0 … months − 1: the pack
 * schedule. `fromMonth` skips the first ones (an upgrade's month 0 when the cut period's pack
 * already came this month).
 */
export function monthStarts(period: { startsAt: Date; endsAt: Date }, months: number, timeZone: string, fromMonth = 0): Date[] {
  const starts: Date[] = [];
  for (let n = fromMonth; n < months; n++) {
    const at = addMonths(period.startsAt, n, timeZone);
    if (at.getTime() >= ms(period.endsAt)) break;
    starts.push(at);
  }
  return starts;
}

/**
 * A refund cuts the refunded period at `now` (a period not started yet is cut to nothing) and
 * moves every later live period earlier by the length cut off, so they still follow on without
 * a gap. Returns the new spans by index; the refunded one is marked refunded.
 */
export function cutForRefund<P extends PeriodSpan>(periods: readonly P[], index: number, now: Date): P[] {
  const target = periods[index];
  const t = now.getTime();
  const start = ms(target.startsAt);
  const end = ms(target.endsAt);
  const cutEnd = Math.min(end, Math.max(start, t));
  const removed = end - cutEnd;
  return periods.map((p, i) => {
    if (i === index) return { ...p, endsAt: new Date(cutEnd), refunded: true };
    if (p.refunded || removed <= 0 || ms(p.startsAt) < end) return p;
    return { ...p, startsAt: new Date(ms(p.startsAt) - removed), endsAt: new Date(ms(p.endsAt) - removed) };
  });
}

/**
 * An upgrade cuts every live period still running or to come at `now` (one not started is cut to
 * nothing): their unused value is the upgrade's credit, and the annual period starts now.
 */
export function cutForUpgrade<P extends PeriodSpan>(periods: readonly P[], now: Date): P[] {
  const t = now.getTime();
  return periods.map((p) => {
    if (p.refunded || ms(p.endsAt) <= t) return p;
    return { ...p, endsAt: new Date(Math.max(ms(p.startsAt), t)) };
  });
}
