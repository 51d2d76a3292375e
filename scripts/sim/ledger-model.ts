// An independent model of the member ledger's rules, for the simulation: what every balance,
// bucket, debt, tier and wallet lot must be after the operations the driver issued. Plain
// arithmetic written from the README's rules, importing nothing from the functions, so a wrong
// answer that still adds up (a refund that takes the wrong bucket, a lot off its formula) shows
// as a difference between the model and the database.
//
// The test brand: 1 point and 1 growth per whole yuan, orders under ¥1 earn nothing, 5,000
// points a day at most, points expire at the end of the year after earning, tiers by growth in a
// 12-month window (green 0 ×1, gold 1,000 ×1.5, black 5,000 ×2), downgrades announced 30 days
// ahead at the monthly review; the brand zone is Asia/Shanghai (UTC+8 all year).
// Points as cash (the brand default): 100 points pay ¥1, so a point pays a fen, and points may
// pay at most half of what is left after coupons; points and growth are earned on what the
// member paid (till remainder + stored value), never on what coupons or points took off.

const ZONE_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DAILY_CAP = 5_000;
const MIN_ORDER_FEN = 100;
const NOTICE_DAYS = 30;
const WINDOW_MONTHS = 12;
const TIERS = [
  { code: 'green', threshold: 0, percent: 100 },
  { code: 'gold', threshold: 1_000, percent: 150 },
  { code: 'black', threshold: 5_000, percent: 200 },
];
/** WeChat Pay refunds within 365 days; refunds stop two days earlier (refund-limits.ts). */
const CASHABLE_MS = 363 * DAY_MS;
const HOLD_MS = 2 * 3_600_000;
const FEN_PER_POINT = 1;
const CASH_CAP_PERCENT = 50;

export interface Lot {
  lotId: string;
  pG: number;
  bG: number;
  pL: number;
  bL: number;
  /** Principal sent back in cash on the lot's order so far. */
  pR: number;
  refunded: boolean;
  toppedUpAt: number;
}

export interface Draw {
  lotId: string;
  principal: number;
  bonus: number;
}

/** Points spent out of one bucket. */
export interface PointsDraw {
  expiresOn: string;
  amount: number;
}

/** What a purchase earned and drew, as the model decided it, for its refund. */
export interface ModelPurchase {
  /** Points spent as cash, and the buckets they came from (earliest-ending first). */
  pointsSpent: number;
  pointsDraws: PointsDraw[];
  points: number;
  growth: number;
  expiresOn: string;
  day: string;
  month: string;
  draws: Draw[];
  upgradedFrom: string | null;
  /** Points the paid membership's multiplier added (0 without one). */
  extraPoints?: number;
}

export class MemberLedger {
  buckets = new Map<string, number>();
  expired = new Map<string, number>();
  debt = 0;
  earnedOn: { day: string; points: number } | null = null;
  months = new Map<string, number>();
  growth = 0;
  tier = 'green';
  notice: { to: string; at: number } | null = null;
  reviewAt: number | null = null;
  lots: Lot[] = [];
  holds: { outTradeNo: string; fen: number; until: number }[] = [];

  get points(): number {
    let total = 0;
    for (const remaining of this.buckets.values()) total += remaining;
    return total;
  }

  get principal(): number {
    return this.lots.reduce((t, l) => t + l.pL, 0);
  }

  get bonus(): number {
    return this.lots.reduce((t, l) => t + l.bL, 0);
  }

  // ---- points -------------------------------------------------------------------------------

  /** Buckets whose day ended before today go, and are remembered for refunds. */
  expire(now: number): void {
    const today = dayOf(now);
    for (const [day, remaining] of [...this.buckets]) {
      if (day >= today) continue;
      this.buckets.delete(day);
      this.expired.set(day, (this.expired.get(day) ?? 0) + remaining);
    }
  }

  private takeEarliest(amount: number): PointsDraw[] {
    let left = amount;
    const draws: PointsDraw[] = [];
    for (const day of [...this.buckets.keys()].sort()) {
      const take = Math.min(left, this.buckets.get(day)!);
      if (take === 0) continue;
      this.setBucket(day, this.buckets.get(day)! - take);
      draws.push({ expiresOn: day, amount: take });
      left -= take;
    }
    if (left > 0) throw new Error(`model: buckets short by ${left}`);
    return draws;
  }

  private setBucket(day: string, remaining: number): void {
    if (remaining > 0) this.buckets.set(day, remaining);
    else this.buckets.delete(day);
  }

  /** Credits points; a debt is settled from them first. Answers the debt settled. */
  private credit(amount: number, expiresOn: string): number {
    if (amount <= 0) return 0;
    this.setBucket(expiresOn, (this.buckets.get(expiresOn) ?? 0) + amount);
    const settle = Math.min(this.debt, amount);
    if (settle > 0) {
      this.takeEarliest(settle);
      this.debt -= settle;
    }
    return settle;
  }

  /** An operator's grant or deduction; a deduction beyond the balance is refused. */
  adjust(amount: number, now: number): { ok: true; balance: number } | { ok: false; code: string } {
    if (amount < 0 && -amount > this.pointsAfterExpiry(now)) return { ok: false, code: 'INSUFFICIENT_POINTS' };
    this.expire(now);
    if (amount > 0) this.credit(amount, expiryDay(now));
    else this.takeEarliest(-amount);
    return { ok: true, balance: this.points };
  }

  /**
   * A referral reward taken back (its qualifying order refunded after payment): after what has
   * ended expires, out of the bucket it went into, then what already expired from that bucket is
   * gone, then the other buckets earliest first, and what the balance cannot cover is owed.
   */
  reverseGrant(amount: number, expiresOn: string, now: number): { taken: number; owed: number } {
    this.expire(now);
    const own = Math.min(amount, this.buckets.get(expiresOn) ?? 0);
    this.setBucket(expiresOn, (this.buckets.get(expiresOn) ?? 0) - own);
    const gone = Math.min(amount - own, this.expired.get(expiresOn) ?? 0);
    if (gone > 0) this.expired.set(expiresOn, this.expired.get(expiresOn)! - gone);
    const spent = amount - own - gone;
    const fromOthers = Math.min(spent, this.points);
    this.takeEarliest(fromOthers);
    this.debt += spent - fromOthers;
    return { taken: own + fromOthers, owed: spent - fromOthers };
  }

  /** The mall: the item's points, earliest-ending buckets first; refused beyond what has not ended. */
  spendOnItem(cost: number, now: number): { ok: true; balance: number } | { ok: false; code: string } {
    if (cost > this.pointsAfterExpiry(now)) return { ok: false, code: 'INSUFFICIENT_POINTS' };
    this.expire(now);
    this.takeEarliest(cost);
    return { ok: true, balance: this.points };
  }

  /** The most points as cash may pay on `dueFen` left after coupons: half of it, in points, and no more than the balance. */
  pointsCashLimits(dueFen: number, now: number): { cap: number; balance: number; max: number } {
    const cap = Math.floor(Math.floor((dueFen * CASH_CAP_PERCENT) / 100) / FEN_PER_POINT);
    const balance = this.pointsAfterExpiry(now);
    return { cap, balance, max: Math.min(cap, balance) };
  }

  pointsAfterExpiry(now: number): number {
    const today = dayOf(now);
    let total = 0;
    for (const [day, remaining] of this.buckets) if (day >= today) total += remaining;
    return total;
  }

  // ---- purchases ----------------------------------------------------------------------------

  /** A cashier's order; null when the wallet cannot cover its share (INSUFFICIENT_WALLET). */
  purchase(amountFen: number, walletFen: number, now: number, extraPercent = 0): { purchase: ModelPurchase; debtSettled: number; walletPaid: { principal: number; bonus: number } } | null {
    return this.checkout(amountFen, 0, 0, walletFen, now, extraPercent);
  }

  /**
   * A priced order: `discountFen` taken off by coupons, `pointsSpent` points paying a fen each
   * (earliest-ending buckets first, after what has ended expires), `walletFen` from the wallet.
   * It earns on what was paid: list − coupons − points. Null when the wallet cannot cover it.
   */
  checkout(listFen: number, discountFen: number, pointsSpent: number, walletFen: number, now: number, extraPercent = 0): { purchase: ModelPurchase; debtSettled: number; walletPaid: { principal: number; bonus: number } } | null {
    if (walletFen > this.principal + this.bonus) return null;
    const draws = walletFen > 0 ? this.pay(walletFen) : [];
    this.expire(now);
    const pointsDraws = pointsSpent > 0 ? this.takeEarliest(pointsSpent) : [];
    const paidFen = listFen - discountFen - pointsSpent * FEN_PER_POINT;
    const day = dayOf(now);
    const earnedToday = this.earnedOn?.day === day ? this.earnedOn.points : 0;
    const yuan = paidFen < MIN_ORDER_FEN ? 0 : Math.floor(paidFen / 100);
    // A paid membership covering the moment adds its extra (membership-model.ts): extras add up.
    const percent = TIERS.find((t) => t.code === this.tier)!.percent;
    const points = Math.min(Math.floor((yuan * (percent + extraPercent)) / 100), Math.max(0, DAILY_CAP - earnedToday));
    const withoutExtra = Math.min(Math.floor((yuan * percent) / 100), Math.max(0, DAILY_CAP - earnedToday));
    this.earnedOn = { day, points: earnedToday + points };
    const expiresOn = expiryDay(now);
    const debtSettled = this.credit(points, expiresOn);
    const month = monthOf(now);
    if (yuan > 0) {
      this.months.set(month, (this.months.get(month) ?? 0) + yuan);
      this.growth += yuan;
    }
    const upgradedFrom = this.upgradeIfEarned(now);
    const walletPaid = { principal: draws.reduce((t, d) => t + d.principal, 0), bonus: draws.reduce((t, d) => t + d.bonus, 0) };
    return { purchase: { pointsSpent, pointsDraws, points, growth: yuan, expiresOn, day, month, draws, upgradedFrom, extraPoints: points - withoutExtra }, debtSettled, walletPaid };
  }

  /**
   * A refund: the wallet share goes back to its lots; points spent as cash go back into the
   * buckets they came from (what lands in a bucket that has ended expires at once, what stays
   * settles a debt first); the earned points come out of their own bucket
   * (what expired is gone; what was spent comes from the other buckets, earliest first, and what
   * the balance cannot cover is owed), the growth comes out of its month, and an upgrade the
   * purchase bought is undone.
   */
  refund(p: ModelPurchase, now: number): { pointsReturned: number; pointsReversed: number; pointsOwed: number; growthReversed: number; walletReturnedFen: number; cashRefundedFen: number; bonusWithdrawnFen: number } {
    const wallet = this.returnDraws(p.draws, now);
    this.expire(now);
    if (p.pointsSpent > 0) {
      for (const draw of p.pointsDraws) this.buckets.set(draw.expiresOn, (this.buckets.get(draw.expiresOn) ?? 0) + draw.amount);
      const returned = this.points;
      this.expire(now);
      const stillLive = p.pointsSpent - (returned - this.points);
      const settle = Math.min(this.debt, stillLive);
      if (settle > 0) {
        this.takeEarliest(settle);
        this.debt -= settle;
      }
    }
    const before = { points: this.points, debt: this.debt };
    if (p.points > 0) {
      const own = Math.min(p.points, this.buckets.get(p.expiresOn) ?? 0);
      this.setBucket(p.expiresOn, (this.buckets.get(p.expiresOn) ?? 0) - own);
      const gone = Math.min(p.points - own, this.expired.get(p.expiresOn) ?? 0);
      if (gone > 0) this.expired.set(p.expiresOn, this.expired.get(p.expiresOn)! - gone);
      const spent = p.points - own - gone;
      const fromOthers = Math.min(spent, this.points);
      this.takeEarliest(fromOthers);
      this.debt += spent - fromOthers;
      if (this.earnedOn?.day === p.day) this.earnedOn = { day: p.day, points: Math.max(0, this.earnedOn.points - p.points) };
    }
    const growthReversed = Math.min(p.growth, this.growth);
    if (growthReversed > 0) {
      this.growth -= growthReversed;
      if (this.months.has(p.month)) this.months.set(p.month, Math.max(0, this.months.get(p.month)! - growthReversed));
    }
    if (p.upgradedFrom) this.undoUpgrade(p.upgradedFrom, now);
    return { pointsReturned: p.pointsSpent, pointsReversed: before.points - this.points, pointsOwed: this.debt - before.debt, growthReversed, ...wallet };
  }

  // ---- tiers --------------------------------------------------------------------------------

  private rank(code: string): number {
    return TIERS.findIndex((t) => t.code === code);
  }

  private tierFor(growth: number): string {
    return TIERS.filter((t) => t.threshold <= growth).pop()!.code;
  }

  windowGrowth(at: number): number {
    return windowGrowth(this.months, at);
  }

  /** What a downgrade is judged on: the better of this month's window and last month's. */
  private holding(now: number): number {
    return Math.max(this.windowGrowth(now), this.windowGrowth(monthStart(addMonths(monthOf(now), -1))));
  }

  private upgradeIfEarned(now: number): string | null {
    const reached = this.tierFor(this.windowGrowth(now));
    if (this.rank(reached) <= this.rank(this.tier)) return null;
    const from = this.tier;
    this.tier = reached;
    this.notice = null;
    this.reviewAt = monthStart(addMonths(monthOf(now), 1));
    return from;
  }

  private undoUpgrade(from: string, now: number): void {
    const held = this.tierFor(this.holding(now));
    const floor = this.rank(from) > this.rank(held) ? from : held;
    if (this.rank(floor) >= this.rank(this.tier)) return;
    this.tier = floor;
    this.notice = null;
    this.reviewAt = floor === 'green' ? null : monthStart(addMonths(monthOf(now), 1));
  }

  /** The periodic review (a cron tick), for a member whose review date has come. */
  review(now: number): void {
    if (this.reviewAt === null || this.reviewAt > now) return;
    const earned = this.tierFor(this.holding(now));
    const after = (code: string) => (code === 'green' ? null : monthStart(addMonths(monthOf(now), 1)));
    if (this.rank(earned) >= this.rank(this.tier) || (this.notice && this.notice.at <= now)) {
      this.tier = earned;
      this.notice = null;
      this.reviewAt = after(earned);
    } else if (this.notice) {
      this.reviewAt = this.notice.at;
    } else {
      this.notice = { to: earned, at: now + NOTICE_DAYS * DAY_MS };
      this.reviewAt = this.notice.at;
    }
  }

  // ---- stored value -------------------------------------------------------------------------

  /** Oldest lot first; within a lot the principal spent stays floor(spent × pG / G). */
  private pay(amount: number): Draw[] {
    let left = amount;
    const draws: Draw[] = [];
    for (const lot of this.lots) {
      const value = lot.pL + lot.bL;
      if (left === 0 || value === 0) continue;
      const take = Math.min(left, value);
      const principal = lot.refunded ? Math.min(take, lot.pL) : lineSpent(lot, spentOf(lot) + take) - (lot.pG - lot.pL);
      lot.pL -= principal;
      lot.bL -= take - principal;
      draws.push({ lotId: lot.lotId, principal, bonus: take - principal });
      left -= take;
    }
    return draws;
  }

  /**
   * A refunded payment: into an open lot by the lot's line; a closed (refunded) lot's share
   * leaves again as drawn, its principal to WeChat Pay while that order can still be refunded
   * (else it stays as balance), its bonus withdrawn.
   */
  private returnDraws(draws: Draw[], now: number): { walletReturnedFen: number; cashRefundedFen: number; bonusWithdrawnFen: number } {
    let cash = 0;
    let withdrawn = 0;
    let returned = 0;
    for (const draw of draws) {
      const lot = this.lots.find((l) => l.lotId === draw.lotId)!;
      const amount = draw.principal + draw.bonus;
      if (!lot.refunded) {
        const principalAfter = lot.pG - lineSpent(lot, spentOf(lot) - amount);
        lot.bL += amount - (principalAfter - lot.pL);
        lot.pL = principalAfter;
        returned += amount;
        continue;
      }
      // Never more principal out of a lot (cash sent, left in it) than it was granted: a draw's
      // principal beyond that (the line's whole-fen re-splits) leaves as bonus.
      const principal = Math.min(draw.principal, Math.max(0, lot.pG - lot.pR - lot.pL));
      withdrawn += draw.bonus + draw.principal - principal;
      if (principal > 0 && now < lot.toppedUpAt + CASHABLE_MS) {
        cash += principal;
        lot.pR += principal;
      } else {
        lot.pL += principal;
        returned += principal;
      }
    }
    return { walletReturnedFen: returned, cashRefundedFen: cash, bonusWithdrawnFen: withdrawn };
  }

  /** Placing a top-up order: refused when it, the balance and the unpaid orders pass the ceiling. */
  placeOrder(outTradeNo: string, fen: number, ceiling: number, now: number): boolean {
    this.holds = this.holds.filter((h) => h.until > now);
    const held = this.holds.reduce((t, h) => t + h.fen, 0);
    if (this.principal + this.bonus + held + fen > ceiling) return false;
    this.holds.push({ outTradeNo, fen, until: now + HOLD_MS });
    return true;
  }

  creditTopup(outTradeNo: string, pG: number, bG: number, now: number): void {
    this.holds = this.holds.filter((h) => h.outTradeNo !== outTradeNo);
    this.lots.push({ lotId: outTradeNo, pG, bG, pL: pG, bL: bG, pR: 0, refunded: false, toppedUpAt: now });
  }

  /** Refunding a top-up: the principal left goes back, the bonus left is withdrawn. */
  refundTopup(lotId: string, now: number): { ok: true; cashBackFen: number; bonusWithdrawnFen: number } | { ok: false; code: string } {
    const lot = this.lots.find((l) => l.lotId === lotId);
    if (!lot) return { ok: false, code: 'ORDER_NOT_FOUND' };
    if (lot.refunded || lot.pL === 0) return { ok: false, code: 'REFUND_NOT_ALLOWED' };
    if (now >= lot.toppedUpAt + CASHABLE_MS) return { ok: false, code: 'REFUND_WINDOW_CLOSED' };
    const answer = { ok: true as const, cashBackFen: lot.pL, bonusWithdrawnFen: lot.bL };
    lot.pR = lot.pL;
    lot.pL = 0;
    lot.bL = 0;
    lot.refunded = true;
    return answer;
  }
}

/** Growth in the 12 months ending with the month of `at`. */
export function windowGrowth(months: Map<string, number>, at: number): number {
  const last = monthOf(at);
  const first = addMonths(last, -(WINDOW_MONTHS - 1));
  let total = 0;
  for (const [month, growth] of months) if (month >= first && month <= last) total += growth;
  return total;
}

function spentOf(lot: Lot): number {
  return lot.pG + lot.bG - lot.pL - lot.bL;
}

/** The README's line: principal spent once `spent` fen of the lot are spent. */
function lineSpent(lot: Lot, spent: number): number {
  return Math.floor((spent * lot.pG) / (lot.pG + lot.bG));
}

// ---- brand-zone calendar (UTC+8, no daylight saving) ----------------------------------------

export function dayOf(at: number): string {
  return new Date(at + ZONE_MS).toISOString().slice(0, 10);
}

function monthOf(at: number): string {
  return dayOf(at).slice(0, 7);
}

/** Points earned at `at` expire at the end of the next year. */
function expiryDay(at: number): string {
  return `${Number(dayOf(at).slice(0, 4)) + 1}-12-31`;
}

function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The instant a brand-zone month begins. */
function monthStart(month: string): number {
  return Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1) - ZONE_MS;
}
