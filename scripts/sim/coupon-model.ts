import type { MemberLedger } from './ledger-model';

// An independent model of coupons for the simulation: the templates the run creates, each
// coupon's state (available, used, expired) and what used it, the members' claim counters, the
// gift redemptions, and how the checkout prices an order with coupons and points as cash.
// Plain arithmetic written from the issue's rules and the pricing header's order, importing
// nothing from the functions, so a price that still adds up but takes the wrong coupon, the
// wrong amount or the wrong points shows as a difference.
//
// The test brand has no member price (every tier pays 100 %), points as cash at the default
// (a point pays a fen, at most half of what is left after coupons), and one store.

const ZONE_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** Most coupons on one order (two only when both are stackable). */
const MAX_COUPONS = 2;
/** The redeeming cashier may undo a gift redemption for 10 minutes, the end included. */
export const UNDO_WINDOW_MS = 10 * 60_000;

export type Benefit =
  | { kind: 'amount_off'; amountFen: number; thresholdFen: number }
  | { kind: 'no_threshold'; amountFen: number }
  | { kind: 'percent_off'; ratePercent: number; capFen: number; thresholdFen?: number }
  | { kind: 'gift_item'; itemName: string };

export interface TemplateSpec {
  name: string;
  benefit: Benefit;
  days: number;
  startNextDay: boolean;
  stackable: boolean;
  channel: 'center' | 'mall';
  pointsCost: number | null;
  stock: number;
  perMemberLimit: number;
  perMemberPerDayLimit: number | null;
}

/**
 * The run's templates: three in the coupon center with small stocks (they run out), one gift
 * item in the points mall. Validities of days, so clock jumps expire them.
 */
export const SIM_TEMPLATES: TemplateSpec[] = [
  { name: '满50减10', benefit: { kind: 'amount_off', amountFen: 1_000, thresholdFen: 5_000 }, days: 7, startNextDay: false, stackable: false, channel: 'center', pointsCost: null, stock: 7, perMemberLimit: 3, perMemberPerDayLimit: 2 },
  { name: '8折最多减30', benefit: { kind: 'percent_off', ratePercent: 80, capFen: 3_000 }, days: 3, startNextDay: false, stackable: true, channel: 'center', pointsCost: null, stock: 6, perMemberLimit: 2, perMemberPerDayLimit: null },
  { name: '无门槛减5', benefit: { kind: 'no_threshold', amountFen: 500 }, days: 30, startNextDay: true, stackable: true, channel: 'center', pointsCost: null, stock: 6, perMemberLimit: 2, perMemberPerDayLimit: null },
  { name: '马克杯', benefit: { kind: 'gift_item', itemName: '马克杯' }, days: 14, startNextDay: false, stackable: true, channel: 'mall', pointsCost: 300, stock: 8, perMemberLimit: 2, perMemberPerDayLimit: null },
];

/** The admin action's input for a spec. */
export function templateInput(spec: TemplateSpec): Record<string, unknown> {
  return {
    name: spec.name,
    benefit: spec.benefit,
    validity: { type: 'days_after_claim', days: spec.days, startNextDay: spec.startNextDay },
    storeIds: null,
    minTierCode: null,
    stackable: spec.stackable,
    channel: spec.channel,
    pointsCost: spec.pointsCost,
    stock: spec.stock,
    perMemberLimit: spec.perMemberLimit,
    perMemberPerDayLimit: spec.perMemberPerDayLimit,
  };
}

export interface ModelTemplate extends TemplateSpec {
  templateId: string;
  /** Claims and mall redemptions that answered ok. */
  issued: number;
  /** Whether some claim or redemption was answered OUT_OF_STOCK (then the stock must be all issued). */
  dryAnswered: boolean;
}

export interface ModelCoupon {
  couponId: string;
  member: number;
  template: ModelTemplate;
  validFrom: number;
  validUntil: number;
  /** As stored: an available coupon past validUntil stays 'available' (and reads as expired). */
  status: 'available' | 'used' | 'expired';
  usedBy: { type: 'purchase' | 'gift_redemption'; id: string } | null;
}

export interface ModelRedemption {
  redemptionId: string;
  coupon: ModelCoupon;
  member: number;
  cashier: string;
  redeemedAt: number;
  status: 'redeemed' | 'undone';
}

export type Ineligible = 'USED' | 'EXPIRED' | 'NOT_YET_VALID' | 'BELOW_THRESHOLD';

/** A priced order as the model sees it, or the refusal it expects. */
export type ModelPrice =
  | { refused: string }
  | { refused: null; selected: string[]; discounts: Record<string, number>; couponFen: number; pointsSpent: number; dueFen: number };

export class CouponModel {
  readonly templates: ModelTemplate[] = [];
  readonly coupons: ModelCoupon[] = [];
  readonly redemptions: ModelRedemption[] = [];
  /** `${templateId}:${member}` → claims in all, and on one brand-zone day. */
  private readonly counters = new Map<string, { total: number; day: string; dayCount: number }>();

  coupon(couponId: string): ModelCoupon | undefined {
    return this.coupons.find((c) => c.couponId === couponId);
  }

  ofMember(member: number): ModelCoupon[] {
    return this.coupons.filter((c) => c.member === member);
  }

  // ---- claims and the mall ----------------------------------------------------------------

  /** The limit a claim meets before the stock is looked at, or null. */
  claimRefusal(t: ModelTemplate, member: number, now: number): string | null {
    const counter = this.counters.get(`${t.templateId}:${member}`);
    if (!counter) return null;
    if (counter.total >= t.perMemberLimit) return 'CLAIM_LIMIT_REACHED';
    if (t.perMemberPerDayLimit !== null && counter.day === dayOf(now) && counter.dayCount >= t.perMemberPerDayLimit) return 'DAILY_CLAIM_LIMIT_REACHED';
    return null;
  }

  /** A coupon issued at `now`: the member's counters move, the stock goes down by one. */
  issue(t: ModelTemplate, member: number, couponId: string, validFrom: number, validUntil: number, now: number): ModelCoupon {
    const key = `${t.templateId}:${member}`;
    const counter = this.counters.get(key);
    const day = dayOf(now);
    this.counters.set(key, { total: (counter?.total ?? 0) + 1, day, dayCount: counter?.day === day ? counter.dayCount + 1 : 1 });
    t.issued += 1;
    const coupon: ModelCoupon = { couponId, member, template: t, validFrom, validUntil, status: 'available', usedBy: null };
    this.coupons.push(coupon);
    return coupon;
  }

  /**
   * N days from the claim: from the claim (or the next brand-zone midnight) to the end of the
   * Nth brand-zone day, the first counting as day 1; validUntil is the first moment it is not valid.
   */
  validity(t: TemplateSpec, claimedAt: number): { validFrom: number | null; validUntil: number } {
    const midnight = Math.floor((claimedAt + ZONE_MS) / DAY_MS) * DAY_MS - ZONE_MS;
    const first = t.startNextDay ? midnight + DAY_MS : midnight;
    return { validFrom: t.startNextDay ? first : null, validUntil: first + t.days * DAY_MS };
  }

  // ---- using coupons ----------------------------------------------------------------------

  /** Why the member's own coupon cannot be used now (before the order's amount), or null. */
  ineligible(c: ModelCoupon, now: number): Ineligible | null {
    if (c.status === 'used') return 'USED';
    if (c.status === 'expired' || c.validUntil <= now) return 'EXPIRED';
    if (c.validFrom > now) return 'NOT_YET_VALID';
    return null;
  }

  /** Held as a quote lists them: available as stored and not ended. */
  private listed(member: number, now: number): ModelCoupon[] {
    return this.ofMember(member).filter((c) => c.status === 'available' && c.validUntil > now);
  }

  /** What the coupon takes off `leftFen`: never more than is left; a percentage rounds its price down, then its cap. */
  discount(c: ModelCoupon, leftFen: number): number {
    const b = c.template.benefit;
    if (b.kind === 'amount_off' || b.kind === 'no_threshold') return Math.min(b.amountFen, leftFen);
    if (b.kind === 'percent_off') return Math.min(leftFen - Math.floor((leftFen * b.ratePercent) / 100), b.capFen);
    return 0;
  }

  threshold(c: ModelCoupon): number {
    const b = c.template.benefit;
    return b.kind === 'amount_off' ? b.thresholdFen : b.kind === 'percent_off' ? (b.thresholdFen ?? 0) : 0;
  }

  /**
   * How the checkout prices an order for `member`. A quote preselects the best of the member's
   * available coupons that have not ended when `couponIds` is absent; a chosen coupon is judged
   * among every coupon of the member's, by the quote and the confirmation alike (another
   * member's: COUPON_NOT_HELD). Then the threshold on the list amount, count and stacking;
   * amounts off before percentages; points as cash on what the coupons left.
   */
  price(
    mode: 'quote' | 'record',
    args: { member: number; listFen: number; couponIds?: string[]; usePoints: boolean; pointsRequested?: number; ledger: MemberLedger; now: number },
  ): ModelPrice {
    const { member, listFen, now } = args;
    const held = mode === 'quote' ? this.listed(member, now) : this.ofMember(member);
    const reasonOf = (c: ModelCoupon): Ineligible | null => this.ineligible(c, now) ?? (listFen < this.threshold(c) ? 'BELOW_THRESHOLD' : null);
    let picked: ModelCoupon[];
    if (args.couponIds === undefined) {
      const usable = held
        .filter((c) => reasonOf(c) === null && this.discount(c, listFen) > 0)
        .sort((a, b) => this.discount(b, listFen) - this.discount(a, listFen) || a.validUntil - b.validUntil || (a.couponId < b.couponId ? -1 : 1));
      picked = usable.slice(0, 1);
    } else {
      picked = [];
      for (const id of args.couponIds) {
        const c = this.ofMember(member).find((h) => h.couponId === id);
        if (!c) return { refused: 'COUPON_NOT_HELD' };
        if (picked.includes(c)) return { refused: 'COUPON_DUPLICATE' };
        const reason = reasonOf(c);
        if (reason) return { refused: `COUPON_${reason}` };
        picked.push(c);
      }
      if (picked.length > MAX_COUPONS) return { refused: 'TOO_MANY_COUPONS' };
      if (picked.length > 1 && picked.some((c) => !c.template.stackable)) return { refused: 'COUPON_NOT_STACKABLE' };
    }
    const kindOrder = (c: ModelCoupon) => ({ amount_off: 0, no_threshold: 0, percent_off: 1, gift_item: 2 })[c.template.benefit.kind];
    let left = listFen;
    const discounts: Record<string, number> = {};
    // Amounts off first, then percentages on what they left, then gift items; by id within a kind.
    const applied = [...picked].sort((a, b) => kindOrder(a) - kindOrder(b) || (a.couponId < b.couponId ? -1 : 1));
    for (const c of applied) {
      const off = this.discount(c, left);
      if (off === 0 && c.template.benefit.kind !== 'gift_item') return { refused: 'COUPON_NO_EFFECT' };
      discounts[c.couponId] = off;
      left -= off;
    }
    let pointsSpent = 0;
    if (args.usePoints) {
      const limits = args.ledger.pointsCashLimits(left, now);
      if (args.pointsRequested === undefined) pointsSpent = limits.max;
      else if (args.pointsRequested > limits.balance) return { refused: 'POINTS_ABOVE_BALANCE' };
      else if (args.pointsRequested > limits.cap) return { refused: 'POINTS_ABOVE_CAP' };
      else pointsSpent = args.pointsRequested;
    }
    return { refused: null, selected: applied.map((c) => c.couponId), discounts, couponFen: listFen - left, pointsSpent, dueFen: left - pointsSpent };
  }

  use(couponId: string, usedBy: NonNullable<ModelCoupon['usedBy']>): void {
    const c = this.coupon(couponId);
    if (!c) return;
    c.status = 'used';
    c.usedBy = usedBy;
  }

  /** A refund or an undo gives it back: available while valid, expired after. */
  giveBack(couponId: string, now: number): 'available' | 'expired' | null {
    const c = this.coupon(couponId);
    if (!c) return null;
    c.status = c.validUntil > now ? 'available' : 'expired';
    c.usedBy = null;
    return c.status;
  }

  // ---- gift items -------------------------------------------------------------------------

  /** What giftCode answers for the member's own gift coupon: null (a code) or the refusal. */
  giftCodeRefusal(c: ModelCoupon, now: number): string | null {
    const reason = this.ineligible(c, now);
    return reason ? `COUPON_${reason}` : null;
  }

  /** What undoing answers for the cashier now: null (undone) or the refusal. */
  undoRefusal(r: ModelRedemption, cashier: string, now: number): string | null {
    if (r.cashier !== cashier) return 'REDEMPTION_NOT_FOUND';
    if (r.status === 'undone') return 'ALREADY_UNDONE';
    if (now - r.redeemedAt > UNDO_WINDOW_MS) return 'UNDO_WINDOW_PASSED';
    return null;
  }
}

function dayOf(at: number): string {
  return new Date(at + ZONE_MS).toISOString().slice(0, 10);
}
