import { assertAmount, mulDivFloor } from '../ledger/arithmetic';
import {
  applicationOrder,
  betterCoupon,
  COUPON_INELIGIBLE_TEXT,
  couponDiscount,
  type CouponIneligibleCode,
  type CouponOffer,
  couponRuleText,
  ineligibility,
} from './coupon-offers';
import { pointsText, yuanText, zheText } from './labels';
import { type PointsAsCashRule, type PointsOffer, pointsOffer, pointsStep, pointsToFen } from './points-cash';

export type { CouponEligibility, CouponOffer, CouponIneligibleCode } from './coupon-offers';
export type { PointsAsCashRule, PointsOffer } from './points-cash';

// The checkout pricing engine: one pure function from an order and what the member holds to every
// line the cashier and the member see before confirming. No database, no clock: eligibility of
// coupons for store, tier and time is decided by the caller and passed in. Integers only (fen and
// points), in the order:
//   1. list amount;
//   2. member price: the tier's discountPercent or the paid membership's pricePercent, the better
//      of the two (the tier's on a tie), or both when the brand stacks them. The price is
//      floor(list × percent / 100) (stacked: floor(list × tier × paid / 10,000), one rounding), so
//      the discount is rounded UP to the whole fen, in the member's favour (¥99.99 at 9.5折 is ¥94.99);
//   3. coupons: thresholds are checked against the amount after the member price; the best single
//      usable coupon is preselected unless the cashier names a selection ([] = none); two coupons
//      only when both are stackable; amounts off apply before percentages; a percentage's price is
//      floored like the member price, then held to its cap; no coupon takes more than is left;
//      a gift item takes nothing off;
//   4. points as cash: at most floor(left after coupons × capPercent / 100) fen and at most the
//      balance, in whole-fen steps (points-cash.ts); with the toggle on, the most allowed unless
//      the cashier asks for fewer;
//   5. stored value: what the cashier asked for, refused (not trimmed) above what is due or above
//      the balance, as the purchase action refuses it today;
//   6. the remainder, paid at the till.
// Earn base = what the member paid: the till remainder, plus the wallet draw when the brand's
// walletEarns is on. Member prices, coupons and points as cash never earn.
// A selection that cannot be priced returns { refused } (never throws): a business answer the
// service turns into its typed error. Malformed input (a fraction, a negative amount) throws: the
// contract's schema should have refused it first.

export interface PricingInput {
  /** The order's list amount in fen, > 0. */
  listFen: number;
  tier: { name: string; discountPercent: number };
  /** A paid membership's price (e.g. 付费会员 9折 = 90), when the member has one. */
  paidMembership?: { name: string; pricePercent: number } | null;
  /** Brand rule: a paid membership's price applies on top of the tier's instead of instead of it. */
  stackMemberPrices: boolean;
  /** Every coupon the member holds, usable or not (the unusable ones are listed with their reason). */
  coupons: CouponOffer[];
  /** Absent: the best single coupon is preselected. [] : none. Ids: the cashier's pick. */
  couponSelection?: string[];
  /** Brand rule; null = points cannot pay. */
  pointsAsCash: PointsAsCashRule | null;
  /** The cashier's toggle (the member's code scan is the consent). */
  usePoints: boolean;
  pointsBalance: number;
  /** Points the cashier asks for; absent = the most the cap and the balance allow. */
  pointsRequested?: number;
  /** Stored value the cashier asks to draw, in fen (0 = none). */
  walletFen: number;
  walletBalanceFen: number;
  /** Brand rule: whether a stored-value payment earns points and growth. */
  walletEarns: boolean;
}

export type PriceLineKind = 'list' | 'member_price' | 'paid_member_price' | 'coupon' | 'gift' | 'points' | 'wallet' | 'remainder';

export interface PriceLine {
  kind: PriceLineKind;
  /** Chinese, for the UI. */
  label: string;
  /** Whole fen, never negative: list and remainder as they are, the others as what they take off (a gift: 0). */
  amountFen: number;
  couponId?: string;
}

/** Lines that take from the list amount: list − their sum = remainder. */
export const DEDUCTION_KINDS: ReadonlySet<PriceLineKind> = new Set(['member_price', 'paid_member_price', 'coupon', 'points', 'wallet']);

export interface ChosenCoupon {
  couponId: string;
  kind: CouponOffer['kind'];
  rule: string;
  discountFen: number;
  itemName?: string;
}

export interface AvailableCoupon {
  couponId: string;
  kind: CouponOffer['kind'];
  rule: string;
  usable: boolean;
  reason: CouponIneligibleCode | null;
  /** Chinese: 已过期, 未达使用门槛（还差 ¥10.01）… */
  reasonText: string | null;
  /** What it would take off on its own after the member price (0 for a gift item or an unusable one). */
  discountAloneFen: number;
  selected: boolean;
}

export type RefusalCode =
  | 'COUPON_NOT_HELD'
  | 'COUPON_DUPLICATE'
  | 'COUPON_INELIGIBLE'
  | 'TOO_MANY_COUPONS'
  | 'COUPON_NOT_STACKABLE'
  | 'COUPON_NO_EFFECT'
  | 'POINTS_AS_CASH_OFF'
  | 'POINTS_NOT_WHOLE_STEP'
  | 'POINTS_ABOVE_BALANCE'
  | 'POINTS_ABOVE_CAP'
  | 'WALLET_ABOVE_DUE'
  | 'INSUFFICIENT_WALLET';

export interface PricingRefusal {
  code: RefusalCode;
  couponId?: string;
  /** For COUPON_INELIGIBLE: why. */
  reason?: CouponIneligibleCode;
  message: string;
}

export interface PricedOrder {
  refused: null;
  listFen: number;
  memberDiscountFen: number;
  afterMemberFen: number;
  couponDiscountFen: number;
  afterCouponsFen: number;
  lines: PriceLine[];
  coupons: ChosenCoupon[];
  availableCoupons: AvailableCoupon[];
  /** The most points could pay on this order (null when the brand has no points as cash), for the toggle. */
  pointsOffer: PointsOffer | null;
  pointsSpent: number;
  pointsFen: number;
  walletFen: number;
  /** The most the wallet could pay: min(due after points, balance). */
  walletMaxFen: number;
  remainderFen: number;
  /** What the member paid: wallet + remainder. */
  paidFen: number;
  /** What earns points and growth: remainder, plus wallet when walletEarns. */
  earnBaseFen: number;
}

export interface RefusedOrder {
  refused: PricingRefusal;
}

export type PricingResult = PricedOrder | RefusedOrder;

/** Most coupons on one order (and more than one only when all are stackable). */
export const MAX_COUPONS_PER_ORDER = 2;

export function priceOrder(input: PricingInput): PricingResult {
  checkInput(input);
  const member = memberPrice(input);
  const coupons = chooseCoupons(input, member.afterFen);
  if ('refused' in coupons) return { refused: coupons.refused };
  const afterCouponsFen = member.afterFen - coupons.discountFen;
  const points = spendPoints(input, afterCouponsFen);
  if ('refused' in points) return { refused: points.refused };
  const dueFen = afterCouponsFen - points.fen;
  const walletMaxFen = Math.min(dueFen, input.walletBalanceFen);
  if (input.walletFen > dueFen) return refuse('WALLET_ABOVE_DUE', `储值最多可付 ¥${yuanText(dueFen)}`);
  if (input.walletFen > input.walletBalanceFen) return refuse('INSUFFICIENT_WALLET', `储值余额不足，还差 ¥${yuanText(input.walletFen - input.walletBalanceFen)}`);
  const remainderFen = dueFen - input.walletFen;

  const lines: PriceLine[] = [{ kind: 'list', label: '原价', amountFen: input.listFen }, ...member.lines, ...coupons.lines];
  if (points.fen > 0) lines.push({ kind: 'points', label: `积分抵现（${pointsText(points.spent)} 积分）`, amountFen: points.fen });
  if (input.walletFen > 0) lines.push({ kind: 'wallet', label: '储值支付', amountFen: input.walletFen });
  lines.push({ kind: 'remainder', label: '还需支付', amountFen: remainderFen });

  return {
    refused: null,
    listFen: input.listFen,
    memberDiscountFen: input.listFen - member.afterFen,
    afterMemberFen: member.afterFen,
    couponDiscountFen: coupons.discountFen,
    afterCouponsFen,
    lines,
    coupons: coupons.chosen,
    availableCoupons: coupons.available,
    pointsOffer: points.offer,
    pointsSpent: points.spent,
    pointsFen: points.fen,
    walletFen: input.walletFen,
    walletMaxFen,
    remainderFen,
    paidFen: input.walletFen + remainderFen,
    earnBaseFen: remainderFen + (input.walletEarns ? input.walletFen : 0),
  };
}

function refuse(code: RefusalCode, message: string, extra: Omit<PricingRefusal, 'code' | 'message'> = {}): RefusedOrder {
  return { refused: { code, message, ...extra } };
}

// ---- 2. member price ----

function memberPrice(input: PricingInput): { afterFen: number; lines: PriceLine[] } {
  const { listFen, tier, paidMembership } = input;
  const tierLabel = `会员价（${tier.name} ${zheText(tier.discountPercent)}）`;
  if (!paidMembership) return single(listFen, tier.discountPercent, 'member_price', tierLabel);
  const paidLabel = `付费会员价（${paidMembership.name} ${zheText(paidMembership.pricePercent)}）`;
  if (!input.stackMemberPrices) {
    // The better of the two, never both; the tier's when they are equal.
    return paidMembership.pricePercent < tier.discountPercent
      ? single(listFen, paidMembership.pricePercent, 'paid_member_price', paidLabel)
      : single(listFen, tier.discountPercent, 'member_price', tierLabel);
  }
  const afterTier = mulDivFloor(listFen, tier.discountPercent, 100);
  const afterBoth = mulDivFloor(listFen, tier.discountPercent * paidMembership.pricePercent, 10_000);
  const lines: PriceLine[] = [];
  if (listFen > afterTier) lines.push({ kind: 'member_price', label: tierLabel, amountFen: listFen - afterTier });
  if (afterTier > afterBoth) lines.push({ kind: 'paid_member_price', label: paidLabel, amountFen: afterTier - afterBoth });
  return { afterFen: afterBoth, lines };
}

function single(listFen: number, percent: number, kind: PriceLineKind, label: string): { afterFen: number; lines: PriceLine[] } {
  const afterFen = mulDivFloor(listFen, percent, 100);
  return { afterFen, lines: listFen > afterFen ? [{ kind, label, amountFen: listFen - afterFen }] : [] };
}

// ---- 3. coupons ----

interface CouponsPriced {
  discountFen: number;
  chosen: ChosenCoupon[];
  lines: PriceLine[];
  available: AvailableCoupon[];
}

function chooseCoupons(input: PricingInput, afterMemberFen: number): CouponsPriced | RefusedOrder {
  const judged = input.coupons.map((offer) => {
    const reason = ineligibility(offer, afterMemberFen);
    return { offer, reason, discountFen: reason ? 0 : couponDiscount(offer, afterMemberFen) };
  });
  let selected: CouponOffer[];
  if (input.couponSelection === undefined) {
    const best = judged.filter((j) => !j.reason && j.discountFen > 0).sort(betterCoupon)[0];
    selected = best ? [best.offer] : [];
  } else {
    const picked = pickSelection(input.couponSelection, judged, afterMemberFen);
    if ('refused' in picked) return picked;
    selected = picked;
  }

  let left = afterMemberFen;
  const chosen: ChosenCoupon[] = [];
  const lines: PriceLine[] = [];
  for (const offer of [...selected].sort(applicationOrder)) {
    const discountFen = couponDiscount(offer, left);
    const rule = couponRuleText(offer);
    // A coupon that would take nothing (earlier ones took it all) is not spent for nothing.
    if (discountFen === 0 && offer.kind !== 'gift_item') return refuse('COUPON_NO_EFFECT', `优惠券（${rule}）在本单不再抵扣金额`, { couponId: offer.couponId });
    left -= discountFen;
    chosen.push({ couponId: offer.couponId, kind: offer.kind, rule, discountFen, ...(offer.kind === 'gift_item' ? { itemName: offer.itemName } : {}) });
    lines.push(
      offer.kind === 'gift_item'
        ? { kind: 'gift', label: `兑换券（${offer.itemName}）`, amountFen: 0, couponId: offer.couponId }
        : { kind: 'coupon', label: `优惠券（${rule}）`, amountFen: discountFen, couponId: offer.couponId },
    );
  }
  const selectedIds = new Set(selected.map((offer) => offer.couponId));
  const available = judged.map(({ offer, reason, discountFen }) => ({
    couponId: offer.couponId,
    kind: offer.kind,
    rule: couponRuleText(offer),
    usable: reason === null,
    reason,
    reasonText: reason ? reasonText(reason, offer, afterMemberFen) : null,
    discountAloneFen: discountFen,
    selected: selectedIds.has(offer.couponId),
  }));
  return { discountFen: afterMemberFen - left, chosen, lines, available };
}

function reasonText(reason: CouponIneligibleCode, offer: CouponOffer, afterMemberFen: number): string {
  if (reason !== 'BELOW_THRESHOLD') return COUPON_INELIGIBLE_TEXT[reason];
  return `${COUPON_INELIGIBLE_TEXT.BELOW_THRESHOLD}（还差 ¥${yuanText(offer.thresholdFen - afterMemberFen)}）`;
}

/** The cashier's pick, checked in the order given: held, once, usable, then count and stacking. */
function pickSelection(ids: string[], judged: { offer: CouponOffer; reason: CouponIneligibleCode | null }[], afterMemberFen: number): CouponOffer[] | RefusedOrder {
  const picked: CouponOffer[] = [];
  for (const couponId of ids) {
    const found = judged.find((j) => j.offer.couponId === couponId);
    if (!found) return refuse('COUPON_NOT_HELD', '该会员没有这张券', { couponId });
    if (picked.some((offer) => offer.couponId === couponId)) return refuse('COUPON_DUPLICATE', '同一张券只能用一次', { couponId });
    if (found.reason) return refuse('COUPON_INELIGIBLE', `这张券不可用：${reasonText(found.reason, found.offer, afterMemberFen)}`, { couponId, reason: found.reason });
    picked.push(found.offer);
  }
  if (picked.length > MAX_COUPONS_PER_ORDER) return refuse('TOO_MANY_COUPONS', `一单最多使用 ${MAX_COUPONS_PER_ORDER} 张券`, { couponId: picked[MAX_COUPONS_PER_ORDER].couponId });
  if (picked.length > 1) {
    const alone = picked.find((offer) => !offer.stackable);
    if (alone) return refuse('COUPON_NOT_STACKABLE', '这张券不能与其他券同时使用', { couponId: alone.couponId });
  }
  return picked;
}

// ---- 4. points as cash ----

function spendPoints(input: PricingInput, dueFen: number): { spent: number; fen: number; offer: PointsOffer | null } | RefusedOrder {
  const rule = input.pointsAsCash;
  const offer = rule ? pointsOffer(rule, dueFen, input.pointsBalance) : null;
  if (!input.usePoints) return { spent: 0, fen: 0, offer };
  if (!rule || !offer) return refuse('POINTS_AS_CASH_OFF', '本品牌暂不支持积分抵现');
  const requested = input.pointsRequested;
  if (requested === undefined) return { spent: offer.maxPoints, fen: offer.maxFen, offer };
  const step = pointsStep(rule);
  if (requested % step.points !== 0) return refuse('POINTS_NOT_WHOLE_STEP', `积分需按 ${pointsText(step.points)} 分的整数倍抵扣`);
  if (requested > input.pointsBalance) return refuse('POINTS_ABOVE_BALANCE', `积分不足，还差 ${pointsText(requested - input.pointsBalance)} 分`);
  if (requested > offer.maxPoints) return refuse('POINTS_ABOVE_CAP', `本单最多可用 ${pointsText(offer.maxPoints)} 积分抵现`);
  return { spent: requested, fen: pointsToFen(rule, requested), offer };
}

// ---- input invariants (the contract's schema refuses these first; here they are bugs) ----

function checkPercent(value: number, what: string, min: number): void {
  assertAmount(value, what);
  if (value < min || value > 100) throw new Error(`${what} must be ${min}..100, got ${value}`);
}

function checkNonNegative(value: number, what: string): void {
  assertAmount(value, what);
  if (value < 0) throw new Error(`${what} must not be negative, got ${value}`);
}

function checkInput(input: PricingInput): void {
  assertAmount(input.listFen, 'listFen');
  if (input.listFen <= 0) throw new Error(`listFen must be positive, got ${input.listFen}`);
  checkPercent(input.tier.discountPercent, 'tier.discountPercent', 1);
  if (input.paidMembership) checkPercent(input.paidMembership.pricePercent, 'paidMembership.pricePercent', 1);
  const ids = new Set<string>();
  for (const offer of input.coupons) {
    if (ids.has(offer.couponId)) throw new Error(`coupon ${offer.couponId} listed twice`);
    ids.add(offer.couponId);
    checkNonNegative(offer.thresholdFen, `${offer.couponId}.thresholdFen`);
    if (offer.kind === 'amount_off') {
      checkNonNegative(offer.amountOffFen, `${offer.couponId}.amountOffFen`);
      if (offer.amountOffFen === 0) throw new Error(`${offer.couponId}.amountOffFen must be positive`);
    }
    if (offer.kind === 'percent_off') {
      checkPercent(offer.ratePercent, `${offer.couponId}.ratePercent`, 0);
      if (offer.capFen !== null) checkNonNegative(offer.capFen, `${offer.couponId}.capFen`);
    }
  }
  if (input.pointsAsCash) {
    assertAmount(input.pointsAsCash.pointsPerYuan, 'pointsPerYuan');
    if (input.pointsAsCash.pointsPerYuan <= 0) throw new Error('pointsPerYuan must be positive');
    checkPercent(input.pointsAsCash.capPercent, 'capPercent', 0);
  }
  checkNonNegative(input.pointsBalance, 'pointsBalance');
  if (input.pointsRequested !== undefined) checkNonNegative(input.pointsRequested, 'pointsRequested');
  checkNonNegative(input.walletFen, 'walletFen');
  checkNonNegative(input.walletBalanceFen, 'walletBalanceFen');
}
