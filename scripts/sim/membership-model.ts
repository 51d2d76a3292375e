import type { MemberLedger } from './ledger-model';

// An independent model of paid membership (付费会员卡) and the daily check-in (签到) for the
// simulation: each member's periods (stacking, the upgrade's cut, the refund's cut and the later
// periods moved earlier), the price of each offer (trial, upgrade credit), the monthly packs the
// job must have issued, the member price and the plan's points multiplier while a period covers
// the moment, the refund rules (the member's own within 7 days and with no benefit used; the
// operator's pro rata), and the check-ins (streak, 7-day cycle, make-ups that cost points and
// earn nothing). Plain arithmetic from the and README's rules, importing nothing from the
// functions; the points it moves go through the ledger model (ledger-model.ts), so every balance
// stays compared exactly.
//
// The test brand: Asia/Shanghai (UTC+8, no daylight saving), no tier discount (every tier pays
// 100 %), tier multipliers 100/150/200, points as cash at 100 points a yuan (a point is a fen),
// the default check-in rules (day 1-6: 5 points, day 7: 20, then the cycle restarts; a make-up
// costs 20 points, 2 a month, only for a missed day of this week before today).

const ZONE_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
export const MEMBER_REFUND_MS = 7 * DAY_MS;
/** WeChat Pay refunds within a year of the payment; the functions stop two days early. */
export const PAY_REFUND_CLOSES_MS = 363 * DAY_MS;
/** An unpaid order stays payable (and holds a trial price) this long. */
export const PAYABLE_MS = 2 * 3_600_000;
const CHECKIN_POINTS = (streakDay: number) => (streakDay === 7 ? 20 : 5);
const CYCLE = 7;
export const MAKE_UP_COST = 20;
export const MAKE_UPS_PER_MONTH = 2;

export interface SimPlan {
  name: string;
  kind: 'monthly' | 'quarterly' | 'annual';
  months: number;
  priceFen: number;
  trialPriceFen: number | null;
  openingPoints: number;
  multiplierPercent: number;
  pricePercent: number;
  packValueFen: number;
}

/** The run's plans: a monthly card with a trial price, a quarterly and an annual one. */
export const SIM_PLANS: SimPlan[] = [
  { name: '模拟月卡', kind: 'monthly', months: 1, priceFen: 1_900, trialPriceFen: 990, openingPoints: 100, multiplierPercent: 120, pricePercent: 90, packValueFen: 800 },
  { name: '模拟季卡', kind: 'quarterly', months: 3, priceFen: 4_900, trialPriceFen: null, openingPoints: 300, multiplierPercent: 130, pricePercent: 90, packValueFen: 800 },
  { name: '模拟年卡', kind: 'annual', months: 12, priceFen: 16_800, trialPriceFen: null, openingPoints: 500, multiplierPercent: 150, pricePercent: 85, packValueFen: 800 },
];

export interface ModelPeriod {
  outTradeNo: string;
  plan: SimPlan;
  kind: 'buy' | 'renew' | 'upgrade';
  startsAt: number;
  endsAt: number;
  paidFen: number;
  paidAt: number;
  trial: boolean;
  refunded: boolean;
  upgraded: boolean;
  packsFromMonth: number;
  /** Month starts whose pack the job issued. */
  packs: number[];
  /** Each issued pack's coupons, by month start: a pack of which a coupon is used counts as received. */
  packCoupons: Map<number, string[]>;
  savedFen: number;
  extraPoints: number;
  openingPoints: number;
}

export interface ModelPlanOrder {
  outTradeNo: string;
  member: number;
  plan: SimPlan;
  mode: 'buy' | 'upgrade';
  payFen: number;
  trial: boolean;
  createdAt: number;
  status: 'pending' | 'paid' | 'refunded';
}

export interface MemberPlans {
  periods: ModelPeriod[];
  trialUsed: boolean;
  reservation: { outTradeNo: string; until: number } | null;
}

export interface CheckIns {
  /** Checked brand-zone days → the run of consecutive checked days ending there. */
  runs: Map<string, number>;
  madeUp: Set<string>;
  /** Make-ups made per brand-zone month (of the day they were made). */
  makeUps: Map<string, number>;
}

export type Quote = {
  mode: 'full' | 'pro_rata';
  totalDays: number;
  unusedDays: number;
  unusedValueFen: number;
  benefitsReceivedFen: number;
  refundFen: number;
  shortfallFen: number;
  memberRefused: boolean;
};

export class MembershipModel {
  planIds: string[] = [];
  packTemplateId = '';
  readonly orders: ModelPlanOrder[] = [];
  /** Consents recorded per template key (ok answers of recordSubscribeConsent). */
  readonly consents: Record<string, number> = {};
  /** What each purchase a period covered recorded on it (a refund of the purchase takes it back). */
  readonly benefits = new Map<string, { period: ModelPeriod; savedFen: number; extraPoints: number }>();
  private readonly plans = new Map<number, MemberPlans>();
  private readonly checkins = new Map<number, CheckIns>();

  of(member: number): MemberPlans {
    let m = this.plans.get(member);
    if (!m) this.plans.set(member, (m = { periods: [], trialUsed: false, reservation: null }));
    return m;
  }

  checkInsOf(member: number): CheckIns {
    let c = this.checkins.get(member);
    if (!c) this.checkins.set(member, (c = { runs: new Map(), madeUp: new Set(), makeUps: new Map() }));
    return c;
  }

  members(): number[] {
    return [...new Set([...this.plans.keys(), ...this.checkins.keys()])];
  }

  // ---- periods --------------------------------------------------------------------------------

  live(member: number): ModelPeriod[] {
    return this.of(member).periods.filter((p) => !p.refunded && p.endsAt > p.startsAt);
  }

  covering(member: number, at: number): ModelPeriod | null {
    return this.live(member).find((p) => p.startsAt <= at && at < p.endsAt) ?? null;
  }

  paidUntil(member: number): number | null {
    const ends = this.live(member).map((p) => p.endsAt);
    return ends.length ? Math.max(...ends) : null;
  }

  /** What an offer costs at `now`, or the refusal placing it meets. */
  offer(member: number, plan: SimPlan, mode: 'buy' | 'upgrade', now: number): { payFen: number; trial: boolean; creditFen: number; startsAt: number } | { refused: string } {
    const m = this.of(member);
    if (mode === 'buy') {
      const held = m.reservation !== null && m.reservation.until > now;
      const trial = plan.trialPriceFen !== null && m.periods.length === 0 && !m.trialUsed && !held;
      const until = this.paidUntil(member);
      return { payFen: trial ? plan.trialPriceFen! : plan.priceFen, trial, creditFen: 0, startsAt: until !== null && until > now ? until : now };
    }
    const covering = this.covering(member, now);
    if (plan.kind !== 'annual' || !covering || covering.plan.kind === 'annual') return { refused: 'PLAN_UPGRADE_NOT_ALLOWED' };
    const creditFen = upgradeCredit(this.live(member), now);
    const payFen = plan.priceFen - creditFen;
    if (payFen <= 0) return { refused: 'PLAN_UPGRADE_NOT_ALLOWED' };
    return { payFen, trial: false, creditFen, startsAt: now };
  }

  /** A paid order credited at `at`: its period (stacked, or an upgrade cutting what runs on). Answers the opening gift's points. */
  credit(order: ModelPlanOrder, at: number): { period: ModelPeriod; openingPoints: number } {
    const m = this.of(order.member);
    order.status = 'paid';
    let startsAt: number;
    let kind: ModelPeriod['kind'];
    let packsFromMonth = 0;
    if (order.mode === 'upgrade') {
      // The month the upgrade falls in is the cut period's (its pack came, or comes with the job
      // however late): the annual's first pack is next month's. Once per member per month.
      const covering = this.covering(order.member, at);
      if (covering && this.monthStarts(covering).some((s) => s < at)) packsFromMonth = 1;
      for (const p of m.periods) {
        if (p.refunded || p.endsAt <= at) continue;
        p.endsAt = Math.max(p.startsAt, at);
        p.upgraded = true;
      }
      startsAt = at;
      kind = 'upgrade';
    } else {
      const until = this.paidUntil(order.member);
      const stacked = until !== null && until > at;
      startsAt = stacked ? until! : at;
      kind = stacked ? 'renew' : 'buy';
    }
    const openingPoints = kind === 'buy' ? order.plan.openingPoints : 0;
    const period: ModelPeriod = {
      outTradeNo: order.outTradeNo,
      plan: order.plan,
      kind,
      startsAt,
      endsAt: addMonths(startsAt, order.plan.months),
      paidFen: order.payFen,
      paidAt: at,
      trial: order.trial,
      refunded: false,
      upgraded: false,
      packsFromMonth,
      packs: [],
      packCoupons: new Map(),
      savedFen: 0,
      extraPoints: 0,
      openingPoints,
    };
    m.periods.push(period);
    if (order.trial) m.trialUsed = true;
    if (m.reservation?.outTradeNo === order.outTradeNo) m.reservation = null;
    return { period, openingPoints };
  }

  /** Month n starts at startsAt + n months, n from packsFromMonth, before the period's end. */
  monthStarts(p: ModelPeriod): number[] {
    const starts: number[] = [];
    for (let n = p.packsFromMonth; n < p.plan.months; n++) {
      const at = addMonths(p.startsAt, n);
      if (at >= p.endsAt) break;
      starts.push(at);
    }
    return starts;
  }

  /** A job run to completion at `now`: every live period's month starts up to now have their pack. */
  packsDue(member: number, now: number): Array<{ period: ModelPeriod; monthStart: number }> {
    const due: Array<{ period: ModelPeriod; monthStart: number }> = [];
    for (const p of this.live(member)) for (const s of this.monthStarts(p)) if (s <= now && !p.packs.includes(s)) due.push({ period: p, monthStart: s });
    return due;
  }

  /** What the member price and the multiplier are at `at` (benefits stop exactly at expiry). */
  termsAt(member: number, at: number): { period: ModelPeriod; pricePercent: number; extraPercent: number } | null {
    const p = this.covering(member, at);
    return p ? { period: p, pricePercent: p.plan.pricePercent, extraPercent: Math.max(0, p.plan.multiplierPercent - 100) } : null;
  }

  // ---- refunds --------------------------------------------------------------------------------

  /** The quote for one order at `now`, or the refusal judging it meets. */
  quote(order: ModelPlanOrder, ledger: MemberLedger, now: number, used: (couponId: string) => boolean): Quote | { refused: string } {
    if (order.status === 'pending') return { refused: 'ORDER_NOT_FOUND' };
    if (order.status === 'refunded') return { refused: 'PLAN_REFUND_NOT_ALLOWED' };
    const p = this.of(order.member).periods.find((x) => x.outTradeNo === order.outTradeNo);
    if (!p) return { refused: 'ORDER_NOT_FOUND' };
    if (p.upgraded) return { refused: 'PLAN_REFUND_NOT_ALLOWED' };
    if (now - p.paidAt >= PAY_REFUND_CLOSES_MS) return { refused: 'REFUND_WINDOW_CLOSED' };
    const packsUsed = p.packs.filter((s) => (p.packCoupons.get(s) ?? []).some(used));
    const memberRefused = now - p.paidAt >= MEMBER_REFUND_MS || p.savedFen > 0 || p.extraPoints > 0 || packsUsed.length > 0 || p.openingPoints > ledger.pointsAfterExpiry(now);
    const { totalDays, unusedDays } = periodDays(p.startsAt, p.endsAt, now);
    if (!memberRefused) return { mode: 'full', totalDays, unusedDays, unusedValueFen: p.paidFen, benefitsReceivedFen: 0, refundFen: p.paidFen, shortfallFen: 0, memberRefused };
    const unusedValueFen = totalDays > 0 ? Math.floor((p.paidFen * unusedDays) / totalDays) : 0;
    // A point pays a fen (100 points a yuan): the extra and opening points count one fen each.
    const benefitsReceivedFen = packsUsed.length * p.plan.packValueFen + p.savedFen + p.extraPoints + p.openingPoints;
    const difference = unusedValueFen - benefitsReceivedFen;
    return { mode: 'pro_rata', totalDays, unusedDays, unusedValueFen, benefitsReceivedFen, refundFen: Math.max(0, difference), shortfallFen: Math.max(0, -difference), memberRefused };
  }

  /** The refund's cut at `now`: the period ends now (or never began), later live ones move earlier by what was cut. */
  refund(order: ModelPlanOrder, now: number): ModelPeriod {
    const periods = this.of(order.member).periods;
    const p = periods.find((x) => x.outTradeNo === order.outTradeNo)!;
    const cutEnd = Math.min(p.endsAt, Math.max(p.startsAt, now));
    const removed = p.endsAt - cutEnd;
    const oldEnd = p.endsAt;
    for (const other of periods) {
      if (other === p || other.refunded || removed <= 0 || other.startsAt < oldEnd) continue;
      other.startsAt -= removed;
      other.endsAt -= removed;
    }
    p.endsAt = cutEnd;
    p.refunded = true;
    order.status = 'refunded';
    return p;
  }

  // ---- check-in -------------------------------------------------------------------------------

  /** Today's check-in: the run from yesterday's, the streak day in the 7-day cycle, its points. */
  checkIn(member: number, today: string): { streak: number; points: number } | { refused: string } {
    const c = this.checkInsOf(member);
    if (c.runs.has(today)) return { refused: 'ALREADY_CHECKED_IN' };
    const run = (c.runs.get(addDays(today, -1)) ?? 0) + 1;
    c.runs.set(today, run);
    const streak = ((run - 1) % CYCLE) + 1;
    return { streak, points: CHECKIN_POINTS(streak) };
  }

  /**
   * Whether `day` may be made up today (before the points are looked at), or the refusal. Never a
   * day before the member joined (`joinedDay`, the brand-zone day of registration).
   */
  makeUpRefusal(member: number, day: string, today: string, joinedDay: string): string | null {
    const c = this.checkInsOf(member);
    if (day >= today || day < weekStart(today) || day < joinedDay || c.runs.has(day)) return 'MAKE_UP_NOT_ALLOWED';
    if ((c.makeUps.get(today.slice(0, 7)) ?? 0) >= MAKE_UPS_PER_MONTH) return 'MAKE_UP_LIMIT_REACHED';
    return null;
  }

  /** A make-up made: the day is checked (no reward), the runs after it join up, the month's count moves. */
  makeUp(member: number, day: string, today: string): void {
    const c = this.checkInsOf(member);
    c.runs.set(day, 0);
    c.madeUp.add(day);
    c.makeUps.set(today.slice(0, 7), (c.makeUps.get(today.slice(0, 7)) ?? 0) + 1);
    for (const d of [...c.runs.keys()].sort()) c.runs.set(d, (c.runs.get(addDays(d, -1)) ?? 0) + 1);
  }
}

/**
 * The upgrade credit: each live period not over yet is worth paidFen × (end − max(start, now)) /
 * (end − start); the exact fractions summed, rounded down to the fen.
 */
export function upgradeCredit(periods: ModelPeriod[], now: number): number {
  let num = 0n;
  let den = 1n;
  for (const p of periods) {
    if (p.endsAt <= now) continue;
    const length = BigInt(p.endsAt - p.startsAt);
    const left = BigInt(p.endsAt - Math.max(p.startsAt, now));
    num = num * length + BigInt(p.paidFen) * left * den;
    den *= length;
  }
  return Number(num / den);
}

// ---- brand-zone calendar (UTC+8) --------------------------------------------------------------

export function dayOf(at: number): string {
  return new Date(at + ZONE_MS).toISOString().slice(0, 10);
}

function dayStart(at: number): number {
  return Math.floor((at + ZONE_MS) / DAY_MS) * DAY_MS - ZONE_MS;
}

/** `at` plus `months` calendar months at the same brand-zone clock time; a day past the month's end is its last day. */
export function addMonths(at: number, months: number): number {
  const local = new Date(at + ZONE_MS);
  const index = local.getUTCFullYear() * 12 + local.getUTCMonth() + months;
  const year = Math.floor(index / 12);
  const month = index % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), last);
  const timeOfDay = (at + ZONE_MS) % DAY_MS;
  return Date.UTC(year, month, day) + timeOfDay - ZONE_MS;
}

/**
 * A period's whole days (the day it starts up to, not including, the day it ends) and those
 * not begun by `now` (a day counts as used once it has begun); a period not started is all unused.
 */
export function periodDays(startsAt: number, endsAt: number, now: number): { totalDays: number; unusedDays: number } {
  const totalDays = Math.max(0, Math.round((dayStart(endsAt) - dayStart(startsAt)) / DAY_MS));
  if (now < startsAt) return { totalDays, unusedDays: totalDays };
  const unusedDays = Math.min(totalDays, Math.max(0, Math.round((dayStart(endsAt) - (dayStart(now) + DAY_MS)) / DAY_MS)));
  return { totalDays, unusedDays };
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of the week holding `day`. */
export function weekStart(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}
