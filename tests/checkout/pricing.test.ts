import { priceOrder, type CouponOffer, type PricedOrder, type PricingInput, type PricingResult } from '../../cloudfunctions/core/checkout/pricing';
import { couponRuleText, offerFromBenefit } from '../../cloudfunctions/core/checkout/coupon-offers';
import { yuanText, zheText } from '../../cloudfunctions/core/checkout/labels';

// Scenario tables for the checkout pricing engine. Every expected number is worked out by hand in
// the comment beside it, never by the code under test.

function order(overrides: Partial<PricingInput> = {}): PricingInput {
  return {
    listFen: 10000,
    tier: { name: '普通会员', discountPercent: 100 },
    paidMembership: null,
    stackMemberPrices: false,
    coupons: [],
    pointsAsCash: { pointsPerYuan: 100, capPercent: 50 },
    usePoints: false,
    pointsBalance: 0,
    walletFen: 0,
    walletBalanceFen: 0,
    walletEarns: false,
    ...overrides,
  };
}

function priced(result: PricingResult): PricedOrder {
  if (result.refused) throw new Error(`refused: ${JSON.stringify(result.refused)}`);
  return result;
}

const base = { stackable: false, eligible: true };
const amountOff = (couponId: string, thresholdFen: number, amountOffFen: number, more: Partial<CouponOffer> = {}): CouponOffer => ({ ...base, couponId, kind: 'amount_off', thresholdFen, amountOffFen, ...more }) as CouponOffer;
const percentOff = (couponId: string, thresholdFen: number, ratePercent: number, capFen: number | null, more: Partial<CouponOffer> = {}): CouponOffer =>
  ({ ...base, couponId, kind: 'percent_off', thresholdFen, ratePercent, capFen, ...more }) as CouponOffer;
const gift = (couponId: string, itemName: string, more: Partial<CouponOffer> = {}): CouponOffer => ({ ...base, couponId, kind: 'gift_item', thresholdFen: 0, itemName, ...more }) as CouponOffer;

describe('labels', () => {
  it.each`
    fen          | text
    ${0}         | ${'0'}
    ${2000}      | ${'20'}
    ${1050}      | ${'10.5'}
    ${1005}      | ${'10.05'}
    ${9999}      | ${'99.99'}
    ${123456789} | ${'1,234,567.89'}
  `('$fen fen reads $text', ({ fen, text }) => expect(yuanText(fen)).toBe(text));

  it.each`
    percent | text
    ${95}   | ${'9.5折'}
    ${90}   | ${'9折'}
    ${88}   | ${'8.8折'}
    ${5}    | ${'0.5折'}
  `('$percent % reads $text', ({ percent, text }) => expect(zheText(percent)).toBe(text));

  it.each`
    offer                                    | text
    ${amountOff('a', 10000, 2000)}           | ${'满100减20'}
    ${amountOff('a', 0, 500)}                | ${'无门槛减5'}
    ${percentOff('p', 0, 80, 3000)}          | ${'8折 最多减30'}
    ${percentOff('p', 5000, 85, null)}       | ${'满50 8.5折'}
    ${gift('g', '马克杯')}                   | ${'兑换券：马克杯'}
  `('coupon rule $text', ({ offer, text }) => expect(couponRuleText(offer)).toBe(text));
});

describe('a held coupon\'s benefit as an offer', () => {
  it.each`
    benefit                                                                     | offer                                                                   | rule
    ${{ kind: 'amount_off', amountFen: 2000, thresholdFen: 10000 }}             | ${{ kind: 'amount_off', thresholdFen: 10000, amountOffFen: 2000 }}      | ${'满100减20'}
    ${{ kind: 'no_threshold', amountFen: 500 }}                                 | ${{ kind: 'amount_off', thresholdFen: 0, amountOffFen: 500 }}           | ${'无门槛减5'}
    ${{ kind: 'percent_off', ratePercent: 80, capFen: 3000 }}                   | ${{ kind: 'percent_off', thresholdFen: 0, ratePercent: 80, capFen: 3000 }} | ${'8折 最多减30'}
    ${{ kind: 'percent_off', ratePercent: 85, capFen: 1000, thresholdFen: 5000 }} | ${{ kind: 'percent_off', thresholdFen: 5000, ratePercent: 85, capFen: 1000 }} | ${'满50 8.5折 最多减10'}
    ${{ kind: 'gift_item', itemName: '拿铁' }}                                  | ${{ kind: 'gift_item', thresholdFen: 0, itemName: '拿铁' }}             | ${'兑换券：拿铁'}
  `('$rule', ({ benefit, offer, rule }) => {
    const made = offerFromBenefit('k1', benefit, { stackable: true, eligible: true });
    expect(made).toEqual({ couponId: 'k1', stackable: true, expiresAt: undefined, eligible: true, ...offer });
    expect(couponRuleText(made)).toBe(rule);
  });

  it('keeps why an unusable coupon cannot be used', () => {
    expect(offerFromBenefit('k2', { kind: 'no_threshold', amountFen: 500 }, { stackable: false, eligible: false, reason: 'USED' })).toMatchObject({ eligible: false, reason: 'USED' });
  });
});

describe('2. member price (the price is floored: the discount rounds up in the member\'s favour)', () => {
  it.each`
    case                                  | listFen  | tierPct | paidPct      | stack    | afterMember | tierLine     | paidLine
    ${'9.5折 on ¥99.99: 9499.05 → 9499'}  | ${9999}  | ${95}   | ${null}      | ${false} | ${9499}     | ${500}       | ${null}
    ${'9折 on ¥100'}                      | ${10000} | ${90}   | ${null}      | ${false} | ${9000}     | ${1000}      | ${null}
    ${'8.8折 on ¥9.99: 879.12 → 879'}     | ${999}   | ${88}   | ${null}      | ${false} | ${879}      | ${120}       | ${null}
    ${'9.5折 on 1 fen: 0.95 → 0'}         | ${1}     | ${95}   | ${null}      | ${false} | ${0}        | ${1}         | ${null}
    ${'no discount: no line'}             | ${10000} | ${100}  | ${null}      | ${false} | ${10000}    | ${null}      | ${null}
    ${'paid 9折 beats tier 9.5折'}        | ${10000} | ${95}   | ${90}        | ${false} | ${9000}     | ${null}      | ${1000}
    ${'tier 9折 beats paid 9.5折'}        | ${10000} | ${90}   | ${95}        | ${false} | ${9000}     | ${1000}      | ${null}
    ${'a tie goes to the tier'}           | ${10000} | ${90}   | ${90}        | ${false} | ${9000}     | ${1000}      | ${null}
    ${'stacked: 9999×0.855 = 8549.145'}   | ${9999}  | ${95}   | ${90}        | ${true}  | ${8549}     | ${500}       | ${950}
  `('$case', ({ listFen, tierPct, paidPct, stack, afterMember, tierLine, paidLine }) => {
    const result = priced(
      priceOrder(order({ listFen, tier: { name: '黄金会员', discountPercent: tierPct }, paidMembership: paidPct ? { name: '超级会员', pricePercent: paidPct } : null, stackMemberPrices: stack })),
    );
    expect(result.afterMemberFen).toBe(afterMember);
    expect(result.memberDiscountFen).toBe(listFen - afterMember);
    expect(result.lines.find((l) => l.kind === 'member_price')?.amountFen ?? null).toBe(tierLine);
    expect(result.lines.find((l) => l.kind === 'paid_member_price')?.amountFen ?? null).toBe(paidLine);
    expect(result.remainderFen).toBe(afterMember);
  });

  it('labels the member price lines in Chinese', () => {
    const result = priced(priceOrder(order({ listFen: 9999, tier: { name: '黄金会员', discountPercent: 95 }, paidMembership: { name: '超级会员', pricePercent: 90 }, stackMemberPrices: true })));
    expect(result.lines.map((l) => l.label)).toEqual(['原价', '会员价（黄金会员 9.5折）', '付费会员价（超级会员 9折）', '还需支付']);
  });
});

describe('3. coupons, one at a time', () => {
  it.each`
    case                                               | listFen  | tierPct | coupon                                      | discount | remainder
    ${'满100减20 on ¥120'}                             | ${12000} | ${100}  | ${amountOff('c', 10000, 2000)}              | ${2000}  | ${10000}
    ${'满100减20 on exactly ¥100 (≥ threshold)'}       | ${10000} | ${100}  | ${amountOff('c', 10000, 2000)}              | ${2000}  | ${8000}
    ${'无门槛减5 on ¥30'}                              | ${3000}  | ${100}  | ${amountOff('c', 0, 500)}                   | ${500}   | ${2500}
    ${'无门槛减20 on ¥15: never below zero'}           | ${1500}  | ${100}  | ${amountOff('c', 0, 2000)}                  | ${1500}  | ${0}
    ${'8折 最多减30 on ¥100: 20 off, cap not hit'}     | ${10000} | ${100}  | ${percentOff('c', 0, 80, 3000)}             | ${2000}  | ${8000}
    ${'8折 最多减30 on ¥200: 40 → cap 30'}             | ${20000} | ${100}  | ${percentOff('c', 0, 80, 3000)}             | ${3000}  | ${17000}
    ${'8折 no cap on ¥200'}                            | ${20000} | ${100}  | ${percentOff('c', 0, 80, null)}             | ${4000}  | ${16000}
    ${'8.5折 on ¥99.99: price 8499.15 → 8499'}         | ${9999}  | ${100}  | ${percentOff('c', 0, 85, null)}             | ${1500}  | ${8499}
    ${'8折 after 9折 member price: ¥90 → ¥72'}         | ${10000} | ${90}   | ${percentOff('c', 0, 80, null)}             | ${1800}  | ${7200}
  `('$case', ({ listFen, tierPct, coupon, discount, remainder }) => {
    const result = priced(priceOrder(order({ listFen, tier: { name: '会员', discountPercent: tierPct }, coupons: [coupon] })));
    expect(result.coupons).toEqual([expect.objectContaining({ couponId: 'c', discountFen: discount })]);
    expect(result.couponDiscountFen).toBe(discount);
    expect(result.remainderFen).toBe(remainder);
    expect(result.lines.find((l) => l.kind === 'coupon')).toEqual({ kind: 'coupon', label: `优惠券（${couponRuleText(coupon)}）`, amountFen: discount, couponId: 'c' });
  });

  it('checks the threshold after the member price: ¥100 at 9折 is ¥90, so 满100减20 does not apply', () => {
    const input = order({ listFen: 10000, tier: { name: '白银会员', discountPercent: 90 }, coupons: [amountOff('c', 10000, 2000)] });
    const result = priced(priceOrder(input));
    expect(result.coupons).toEqual([]);
    expect(result.remainderFen).toBe(9000);
    expect(result.availableCoupons).toEqual([
      { couponId: 'c', kind: 'amount_off', rule: '满100减20', usable: false, reason: 'BELOW_THRESHOLD', reasonText: '未达使用门槛（还差 ¥10）', discountAloneFen: 0, selected: false },
    ]);
    expect(priceOrder({ ...input, couponSelection: ['c'] })).toEqual({
      refused: { code: 'COUPON_INELIGIBLE', couponId: 'c', reason: 'BELOW_THRESHOLD', message: '这张券不可用：未达使用门槛（还差 ¥10）' },
    });
  });

  it('a gift-item coupon is used only when picked and leaves the amount as it is', () => {
    const input = order({ listFen: 5000, coupons: [gift('g', '马克杯')] });
    expect(priced(priceOrder(input)).coupons).toEqual([]);
    const result = priced(priceOrder({ ...input, couponSelection: ['g'] }));
    expect(result.coupons).toEqual([{ couponId: 'g', kind: 'gift_item', rule: '兑换券：马克杯', discountFen: 0, itemName: '马克杯' }]);
    expect(result.remainderFen).toBe(5000);
    expect(result.lines).toEqual([
      { kind: 'list', label: '原价', amountFen: 5000 },
      { kind: 'gift', label: '兑换券（马克杯）', amountFen: 0, couponId: 'g' },
      { kind: 'remainder', label: '还需支付', amountFen: 5000 },
    ]);
  });
});

describe('3. coupons: the best one preselected, the cashier\'s pick, stacking', () => {
  // On ¥200: A 满100减20 = 20 off; B 8折 最多减30 = min(40, 30) = 30 off; C 无门槛减5 = 5 off;
  // D would take 100 off but has expired.
  const held = [amountOff('A', 10000, 2000), percentOff('B', 0, 80, 3000), amountOff('C', 0, 500), amountOff('D', 0, 10000, { eligible: false, reason: 'EXPIRED' })];

  it('preselects the largest discount and lists why the others cannot be used', () => {
    const result = priced(priceOrder(order({ listFen: 20000, coupons: held })));
    expect(result.coupons.map((c) => [c.couponId, c.discountFen])).toEqual([['B', 3000]]);
    expect(result.remainderFen).toBe(17000);
    expect(result.availableCoupons.map((c) => [c.couponId, c.usable, c.discountAloneFen, c.selected, c.reasonText])).toEqual([
      ['A', true, 2000, false, null],
      ['B', true, 3000, true, null],
      ['C', true, 500, false, null],
      ['D', false, 0, false, '已过期'],
    ]);
  });

  it.each`
    case                                   | coupons                                                                                                                                    | chosen
    ${'equal discounts: the smaller id'}   | ${[amountOff('c2', 0, 1000), amountOff('c1', 0, 1000)]}                                                                                    | ${'c1'}
    ${'equal discounts: earlier expiry'}   | ${[amountOff('c1', 0, 1000, { expiresAt: new Date('2026-12-20T00:00:00Z') }), amountOff('c2', 0, 1000, { expiresAt: new Date('2026-12-05T00:00:00Z') })]} | ${'c2'}
    ${'an expiry beats none'}              | ${[amountOff('c1', 0, 1000), amountOff('c2', 0, 1000, { expiresAt: new Date('2027-01-01T00:00:00Z') })]}                                   | ${'c2'}
    ${'a larger discount beats expiry'}    | ${[amountOff('c1', 0, 1000, { expiresAt: new Date('2026-12-05T00:00:00Z') }), amountOff('c2', 0, 1001)]}                                   | ${'c2'}
  `('ties: $case', ({ coupons, chosen }) => {
    expect(priced(priceOrder(order({ listFen: 5000, coupons }))).coupons.map((c) => c.couponId)).toEqual([chosen]);
  });

  it('the cashier may pick another coupon or none', () => {
    expect(priced(priceOrder(order({ listFen: 20000, coupons: held, couponSelection: ['A'] }))).remainderFen).toBe(18000);
    const none = priced(priceOrder(order({ listFen: 20000, coupons: held, couponSelection: [] })));
    expect(none.coupons).toEqual([]);
    expect(none.remainderFen).toBe(20000);
  });

  // S1 满100减20 and S2 9折 (no cap), both stackable, on ¥200: amounts first → 200 − 20 = 180,
  // then 9折 of 180 = 162, so 18 off; 38 in all, 162 left, whichever order they are picked in.
  const s1 = amountOff('S1', 10000, 2000, { stackable: true });
  const s2 = percentOff('S2', 0, 90, null, { stackable: true });
  it.each`
    selection
    ${['S1', 'S2']}
    ${['S2', 'S1']}
  `('stacks two stackable coupons, amounts before percentages ($selection)', ({ selection }) => {
    const result = priced(priceOrder(order({ listFen: 20000, coupons: [s2, s1], couponSelection: selection })));
    expect(result.coupons.map((c) => [c.couponId, c.discountFen])).toEqual([
      ['S1', 2000],
      ['S2', 1800],
    ]);
    expect(result.couponDiscountFen).toBe(3800);
    expect(result.remainderFen).toBe(16200);
  });

  it.each`
    case                                           | listFen  | coupons                                                                               | selection               | refused
    ${'one of the two is not stackable'}           | ${20000} | ${[s1, amountOff('C', 0, 500)]}                                                       | ${['S1', 'C']}          | ${{ code: 'COUPON_NOT_STACKABLE', couponId: 'C', message: '这张券不能与其他券同时使用' }}
    ${'three coupons'}                             | ${20000} | ${[s1, s2, amountOff('S3', 0, 100, { stackable: true })]}                             | ${['S1', 'S2', 'S3']}   | ${{ code: 'TOO_MANY_COUPONS', couponId: 'S3', message: '一单最多使用 2 张券' }}
    ${'a coupon the member does not hold'}         | ${20000} | ${[s1]}                                                                               | ${['someone-elses']}    | ${{ code: 'COUPON_NOT_HELD', couponId: 'someone-elses', message: '该会员没有这张券' }}
    ${'the same coupon twice'}                     | ${20000} | ${[s1]}                                                                               | ${['S1', 'S1']}         | ${{ code: 'COUPON_DUPLICATE', couponId: 'S1', message: '同一张券只能用一次' }}
    ${'an expired coupon'}                         | ${20000} | ${held}                                                                               | ${['D']}                | ${{ code: 'COUPON_INELIGIBLE', couponId: 'D', reason: 'EXPIRED', message: '这张券不可用：已过期' }}
    ${'another store\'s coupon'}                   | ${20000} | ${[amountOff('E', 0, 500, { eligible: false, reason: 'NOT_FOR_STORE' })]}             | ${['E']}                | ${{ code: 'COUPON_INELIGIBLE', couponId: 'E', reason: 'NOT_FOR_STORE', message: '这张券不可用：本门店不可用' }}
    ${'the first took all ¥15, the second nothing'}| ${1500}  | ${[amountOff('X', 0, 2000, { stackable: true }), amountOff('Y', 0, 500, { stackable: true })]} | ${['X', 'Y']} | ${{ code: 'COUPON_NO_EFFECT', couponId: 'Y', message: '优惠券（无门槛减5）在本单不再抵扣金额' }}
  `('refuses $case', ({ listFen, coupons, selection, refused }) => {
    expect(priceOrder(order({ listFen, coupons, couponSelection: selection }))).toEqual({ refused });
  });
});

describe('4. points as cash (whole-fen steps, at most the cap and the balance)', () => {
  it.each`
    case                                                      | listFen  | perYuan | capPct | balance   | points   | pointsFen | remainder | limitedBy
    ${'100 = ¥1, cap binds: 50% of ¥100 = 5,000 points'}      | ${10000} | ${100}  | ${50}  | ${100000} | ${5000}  | ${5000}   | ${5000}   | ${'cap'}
    ${'100 = ¥1, balance binds: 1,234 points = ¥12.34'}       | ${10000} | ${100}  | ${50}  | ${1234}   | ${1234}  | ${1234}   | ${8766}   | ${'balance'}
    ${'150 = ¥1: 3 points per 2 fen, 1,000 → 999 points'}     | ${10001} | ${150}  | ${50}  | ${1000}   | ${999}   | ${666}    | ${9335}   | ${'balance'}
    ${'150 = ¥1, cap 5000.5 → 5000 fen = 7,500 points'}       | ${10001} | ${150}  | ${50}  | ${100000} | ${7500}  | ${5000}   | ${5001}   | ${'cap'}
    ${'1 = ¥1: cap ¥4.99 → whole yuan only, 4 points'}        | ${999}   | ${1}    | ${50}  | ${100}    | ${4}     | ${400}    | ${599}    | ${'cap'}
    ${'1000 = ¥1: 10 points per fen, 12,345 → 12,340'}        | ${3333}  | ${1000} | ${50}  | ${12345}  | ${12340} | ${1234}   | ${2099}   | ${'balance'}
    ${'no balance'}                                           | ${10000} | ${100}  | ${50}  | ${0}      | ${0}     | ${0}      | ${10000}  | ${'balance'}
    ${'cap 100 %: the whole order'}                           | ${10000} | ${100}  | ${100} | ${20000}  | ${10000} | ${10000}  | ${0}      | ${'cap'}
  `('$case', ({ listFen, perYuan, capPct, balance, points, pointsFen, remainder, limitedBy }) => {
    const result = priced(priceOrder(order({ listFen, pointsAsCash: { pointsPerYuan: perYuan, capPercent: capPct }, usePoints: true, pointsBalance: balance })));
    expect([result.pointsSpent, result.pointsFen, result.remainderFen, result.pointsOffer?.limitedBy]).toEqual([points, pointsFen, remainder, limitedBy]);
  });

  it('caps on what is left after the member price and the coupon', () => {
    // ¥200 at 9折 = ¥180; 满100减20 → ¥160; 50 % → ¥80 = 8,000 points.
    const result = priced(
      priceOrder(order({ listFen: 20000, tier: { name: '白银会员', discountPercent: 90 }, coupons: [amountOff('c', 10000, 2000)], usePoints: true, pointsBalance: 100000 })),
    );
    expect([result.afterCouponsFen, result.pointsSpent, result.pointsFen, result.remainderFen]).toEqual([16000, 8000, 8000, 8000]);
    expect(result.lines.find((l) => l.kind === 'points')).toEqual({ kind: 'points', label: '积分抵现（8,000 积分）', amountFen: 8000 });
  });

  it('with the toggle off spends nothing but still shows what could be used', () => {
    const result = priced(priceOrder(order({ listFen: 10000, pointsBalance: 100000 })));
    expect([result.pointsSpent, result.pointsFen, result.remainderFen]).toEqual([0, 0, 10000]);
    expect(result.pointsOffer).toMatchObject({ maxPoints: 5000, maxFen: 5000, capFen: 5000, limitedBy: 'cap' });
  });

  it.each`
    case                                | perYuan | balance   | requested | expected
    ${'fewer than the most'}            | ${100}  | ${100000} | ${3000}   | ${{ pointsSpent: 3000, pointsFen: 3000, remainderFen: 7000 }}
    ${'above the cap (5,000)'}          | ${100}  | ${100000} | ${5001}   | ${{ refused: { code: 'POINTS_ABOVE_CAP', message: '本单最多可用 5,000 积分抵现' } }}
    ${'above the balance'}              | ${100}  | ${1234}   | ${2000}   | ${{ refused: { code: 'POINTS_ABOVE_BALANCE', message: '积分不足，还差 766 分' } }}
    ${'not a whole fen (150 = ¥1)'}     | ${150}  | ${1000}   | ${4}      | ${{ refused: { code: 'POINTS_NOT_WHOLE_STEP', message: '积分需按 3 分的整数倍抵扣' } }}
    ${'6 points at 150 = ¥1 is 4 fen'}  | ${150}  | ${1000}   | ${6}      | ${{ pointsSpent: 6, pointsFen: 4, remainderFen: 9996 }}
  `('the cashier asks for points: $case', ({ perYuan, balance, requested, expected }) => {
    const result = priceOrder(order({ listFen: 10000, pointsAsCash: { pointsPerYuan: perYuan, capPercent: 50 }, usePoints: true, pointsBalance: balance, pointsRequested: requested }));
    expect(result).toMatchObject(expected);
  });

  it('refuses points when the brand has no points as cash', () => {
    expect(priceOrder(order({ pointsAsCash: null, usePoints: true, pointsBalance: 100 }))).toEqual({ refused: { code: 'POINTS_AS_CASH_OFF', message: '本品牌暂不支持积分抵现' } });
  });
});

describe('5–6. stored value and the remainder', () => {
  it.each`
    case                                  | walletFen | balance  | expected
    ${'part from the wallet'}             | ${3000}   | ${5000}  | ${{ walletFen: 3000, walletMaxFen: 5000, remainderFen: 7000 }}
    ${'all from the wallet: remainder 0'} | ${10000}  | ${20000} | ${{ walletFen: 10000, walletMaxFen: 10000, remainderFen: 0 }}
    ${'more than is due'}                 | ${10001}  | ${20000} | ${{ refused: { code: 'WALLET_ABOVE_DUE', message: '储值最多可付 ¥100' } }}
    ${'more than the balance'}            | ${6000}   | ${5000}  | ${{ refused: { code: 'INSUFFICIENT_WALLET', message: '储值余额不足，还差 ¥10' } }}
  `('$case', ({ walletFen, balance, expected }) => {
    expect(priceOrder(order({ listFen: 10000, walletFen, walletBalanceFen: balance }))).toMatchObject(expected);
  });

  it('points then wallet leave nothing at the till', () => {
    // ¥100: points pay 50 % = ¥50, the wallet the other ¥50.
    const result = priced(priceOrder(order({ listFen: 10000, usePoints: true, pointsBalance: 9000, walletFen: 5000, walletBalanceFen: 5000 })));
    expect([result.pointsFen, result.walletFen, result.remainderFen, result.paidFen, result.earnBaseFen]).toEqual([5000, 5000, 0, 5000, 0]);
  });
});

describe('the whole order and its earn base', () => {
  // ¥200 list; 黄金会员 9.5折 → ¥190 (10 off); 满100减20 → ¥170; points: cap 50 % = ¥85, balance
  // 3,000 points = ¥30 binds → ¥140; wallet ¥40 → ¥100 at the till. Paid = 40 + 100 = ¥140.
  const input = order({
    listFen: 20000,
    tier: { name: '黄金会员', discountPercent: 95 },
    coupons: [amountOff('c', 10000, 2000), amountOff('far', 30000, 5000)],
    usePoints: true,
    pointsBalance: 3000,
    walletFen: 4000,
    walletBalanceFen: 10000,
  });

  it('returns every line, in order', () => {
    const result = priced(priceOrder(input));
    expect(result.lines).toEqual([
      { kind: 'list', label: '原价', amountFen: 20000 },
      { kind: 'member_price', label: '会员价（黄金会员 9.5折）', amountFen: 1000 },
      { kind: 'coupon', label: '优惠券（满100减20）', amountFen: 2000, couponId: 'c' },
      { kind: 'points', label: '积分抵现（3,000 积分）', amountFen: 3000 },
      { kind: 'wallet', label: '储值支付', amountFen: 4000 },
      { kind: 'remainder', label: '还需支付', amountFen: 10000 },
    ]);
    expect(result.availableCoupons.find((c) => c.couponId === 'far')).toMatchObject({ usable: false, reason: 'BELOW_THRESHOLD', reasonText: '未达使用门槛（还差 ¥110）' });
    expect(result).toMatchObject({ afterMemberFen: 19000, afterCouponsFen: 17000, pointsSpent: 3000, pointsFen: 3000, walletMaxFen: 10000, paidFen: 14000 });
  });

  it.each`
    walletEarns | earnBase
    ${false}    | ${10000}
    ${true}     | ${14000}
  `('earns on what was paid (walletEarns $walletEarns): never on discounts, coupons or points', ({ walletEarns, earnBase }) => {
    expect(priced(priceOrder({ ...input, walletEarns })).earnBaseFen).toBe(earnBase);
  });
});

describe('malformed input is a bug, not a refusal', () => {
  it.each`
    case                       | overrides
    ${'zero amount'}           | ${{ listFen: 0 }}
    ${'a fraction of a fen'}   | ${{ listFen: 99.5 }}
    ${'a negative wallet'}     | ${{ walletFen: -1 }}
    ${'a tier above 100 %'}    | ${{ tier: { name: 't', discountPercent: 101 } }}
    ${'a coupon listed twice'} | ${{ coupons: [amountOff('c', 0, 100), amountOff('c', 0, 200)] }}
  `('throws on $case', ({ overrides }) => {
    expect(() => priceOrder(order(overrides))).toThrow();
  });
});
