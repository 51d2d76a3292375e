import fc from 'fast-check';
import { DEDUCTION_KINDS, priceOrder, type CouponEligibility, type CouponOffer, type PricedOrder, type PricingInput } from '../../cloudfunctions/core/checkout/pricing';

// Properties of the pricing engine over random orders: whatever the member holds and the cashier
// picks, the answer is either a typed refusal or a breakdown whose lines add up, in whole fen and
// whole points, with nothing negative.

const eligibilityArb: fc.Arbitrary<CouponEligibility> = fc.oneof(
  { arbitrary: fc.constant({ eligible: true as const }), weight: 4 },
  { arbitrary: fc.constantFrom('USED' as const, 'EXPIRED' as const, 'NOT_FOR_STORE' as const, 'BELOW_TIER' as const).map((reason) => ({ eligible: false as const, reason })), weight: 1 },
);

const couponArb = (couponId: string): fc.Arbitrary<CouponOffer> => {
  const common = {
    thresholdFen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 300_000 })),
    stackable: fc.boolean(),
    expiresAt: fc.option(fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2028-01-01T00:00:00Z'), noInvalidDate: true }), { nil: undefined }),
  };
  const kinds = fc.oneof(
    fc.record({ ...common, amountOffFen: fc.integer({ min: 1, max: 100_000 }) }).map((c) => ({ ...c, couponId, kind: 'amount_off' as const })),
    fc
      .record({ ...common, ratePercent: fc.integer({ min: 0, max: 100 }), capFen: fc.option(fc.integer({ min: 0, max: 50_000 }), { nil: null }) })
      .map((c) => ({ ...c, couponId, kind: 'percent_off' as const })),
    fc.record(common).map((c) => ({ ...c, couponId, kind: 'gift_item' as const, itemName: '饮品' })),
  );
  return fc.tuple(kinds, eligibilityArb).map(([offer, eligibility]) => ({ ...offer, ...eligibility }) as CouponOffer);
};

const couponsArb = fc.integer({ min: 0, max: 5 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => couponArb(`c${i}`))));

const inputArb: fc.Arbitrary<PricingInput> = couponsArb.chain((coupons) =>
  fc.record({
    listFen: fc.integer({ min: 1, max: 2_000_000 }),
    tier: fc.record({ name: fc.constant('会员'), discountPercent: fc.integer({ min: 1, max: 100 }) }),
    paidMembership: fc.option(fc.record({ name: fc.constant('付费会员'), pricePercent: fc.integer({ min: 1, max: 100 }) }), { nil: null }),
    stackMemberPrices: fc.boolean(),
    coupons: fc.constant(coupons as CouponOffer[]),
    couponSelection: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 3 },
      { arbitrary: fc.subarray(coupons.map((c) => c.couponId), { maxLength: Math.min(2, coupons.length) }), weight: 3 },
      { arbitrary: fc.subarray([...coupons.map((c) => c.couponId), 'foreign']), weight: 1 },
    ),
    pointsAsCash: fc.option(fc.record({ pointsPerYuan: fc.integer({ min: 1, max: 2000 }), capPercent: fc.integer({ min: 0, max: 100 }) }), { nil: null }),
    usePoints: fc.boolean(),
    pointsBalance: fc.integer({ min: 0, max: 1_000_000 }),
    pointsRequested: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 1_000_000 }), weight: 1 }),
    walletFen: fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.integer({ min: 0, max: 50_000 }), weight: 2 }, { arbitrary: fc.integer({ min: 0, max: 2_000_000 }), weight: 1 }),
    walletBalanceFen: fc.integer({ min: 0, max: 2_000_000 }),
    walletEarns: fc.boolean(),
  }),
);

function checkBreakdown(input: PricingInput, result: PricedOrder): void {
  for (const line of result.lines) {
    expect(Number.isSafeInteger(line.amountFen)).toBe(true);
    expect(line.amountFen).toBeGreaterThanOrEqual(0);
  }
  const deductions = result.lines.filter((l) => DEDUCTION_KINDS.has(l.kind)).reduce((sum, l) => sum + l.amountFen, 0);
  expect(result.lines[0]).toEqual({ kind: 'list', label: '原价', amountFen: input.listFen });
  expect(result.lines[result.lines.length - 1]).toEqual({ kind: 'remainder', label: '还需支付', amountFen: result.remainderFen });
  // list − discounts − points cash − wallet = remainder ≥ 0
  expect(input.listFen - deductions).toBe(result.remainderFen);
  expect(result.remainderFen).toBeGreaterThanOrEqual(0);
  expect(result.listFen - result.memberDiscountFen - result.couponDiscountFen - result.pointsFen - result.walletFen).toBe(result.remainderFen);
  expect(result.afterMemberFen).toBeLessThanOrEqual(input.listFen);
  expect(result.afterCouponsFen).toBeLessThanOrEqual(result.afterMemberFen);
  expect(result.afterCouponsFen).toBeGreaterThanOrEqual(0);

  // Points: exchanged exactly (no fraction of a fen), within the balance and the cap.
  expect(result.pointsSpent).toBeLessThanOrEqual(input.pointsBalance);
  if (result.pointsSpent > 0) {
    expect(result.pointsFen * input.pointsAsCash!.pointsPerYuan).toBe(result.pointsSpent * 100);
    expect(result.pointsFen).toBeLessThanOrEqual(Math.floor((result.afterCouponsFen * input.pointsAsCash!.capPercent) / 100));
  }
  // Wallet within the balance; earn base = what was paid, less the wallet unless it earns.
  expect(result.walletFen).toBeLessThanOrEqual(input.walletBalanceFen);
  expect(result.paidFen).toBe(result.walletFen + result.remainderFen);
  expect(result.earnBaseFen).toBe(result.remainderFen + (input.walletEarns ? result.walletFen : 0));

  // Coupons: at most two, two only when both stack, each one usable on this order.
  expect(result.coupons.length).toBeLessThanOrEqual(2);
  if (result.coupons.length > 1) for (const c of result.coupons) expect(input.coupons.find((o) => o.couponId === c.couponId)!.stackable).toBe(true);
  for (const c of result.coupons) expect(result.availableCoupons.find((a) => a.couponId === c.couponId)).toMatchObject({ usable: true, selected: true });
  expect(result.coupons.reduce((sum, c) => sum + c.discountFen, 0)).toBe(result.couponDiscountFen);
}

describe('pricing properties', () => {
  it('either refuses with a typed reason or returns lines that add up, none negative', () => {
    const seen = { priced: 0, refused: new Set<string>() };
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = priceOrder(input);
        if (result.refused) {
          expect(typeof result.refused.code).toBe('string');
          expect(result.refused.message.length).toBeGreaterThan(0);
          seen.refused.add(result.refused.code);
          return;
        }
        seen.priced += 1;
        checkBreakdown(input, result);
      }),
      { numRuns: 1000 },
    );
    // Not vacuous: many orders were priced, and the refusals came from several rules.
    expect(seen.priced).toBeGreaterThan(100);
    expect(seen.refused.size).toBeGreaterThan(4);
  });

  it('the defaults (best coupon, most points, no wallet) never refuse, and the best coupon is the best single one', () => {
    fc.assert(
      fc.property(inputArb, (random) => {
        const input = { ...random, couponSelection: undefined, pointsRequested: undefined, walletFen: 0, usePoints: random.usePoints && random.pointsAsCash !== null };
        const result = priceOrder(input);
        if (result.refused) throw new Error(`refused ${result.refused.code}`);
        checkBreakdown(input, result);
        expect(result.coupons.length).toBeLessThanOrEqual(1);
        const best = result.coupons[0]?.discountFen ?? 0;
        for (const a of result.availableCoupons) if (a.usable) expect(best).toBeGreaterThanOrEqual(a.discountAloneFen);

        // The wallet's most (walletMaxFen) is accepted, and clears the till when the balance covers it.
        const all = priceOrder({ ...input, walletFen: result.walletMaxFen });
        if (all.refused) throw new Error(`refused ${all.refused.code}`);
        checkBreakdown(input, all);
        if (input.walletBalanceFen >= result.remainderFen) expect(all.remainderFen).toBe(0);
        // Asking for exactly the points offered prices the same as the toggle alone.
        if (input.usePoints) expect(priceOrder({ ...input, pointsRequested: result.pointsSpent })).toEqual(result);
      }),
      { numRuns: 1000 },
    );
  });

  it('prices a selection the same whichever order the cashier picked the coupons in', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = priceOrder(input);
        if (result.refused || !input.couponSelection) return;
        expect(priceOrder({ ...input, couponSelection: [...input.couponSelection].reverse() })).toEqual(result);
      }),
      { numRuns: 1000 },
    );
  });
});
