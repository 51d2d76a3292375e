import type { CheckoutCouponView } from '@contract';
import { orderCoupons, toggleCoupon } from './coupon-selection';

function coupon(couponId: string, more: Partial<CheckoutCouponView> = {}): CheckoutCouponView {
  return {
    couponId,
    name: `券 ${couponId}`,
    kind: 'amount_off',
    rule: '满100减20',
    usable: true,
    reason: null,
    reasonText: null,
    discountAloneFen: 2000,
    selected: false,
    stackable: false,
    validUntil: '2026-12-31T15:59:59.999Z',
    ...more,
  };
}

// A and B stack, C and D do not, X is not usable here, S stacks too.
const coupons = [
  coupon('A', { stackable: true }),
  coupon('B', { stackable: true }),
  coupon('C'),
  coupon('D', { stackable: false }),
  coupon('X', { usable: false, reason: 'BELOW_THRESHOLD', reasonText: '未达使用门槛（还差 ¥10.01）', stackable: true }),
  coupon('S', { stackable: true }),
];

describe('tapping a coupon chip', () => {
  const table: [string, string[], string, string[]][] = [
    ['picks the first coupon', [], 'A', ['A']],
    ['picks a non-stackable one alone', [], 'C', ['C']],
    ['takes a selected coupon off', ['A'], 'A', []],
    ['takes one of two off, keeping the other', ['A', 'B'], 'A', ['B']],
    ['adds a second stackable one to a stackable one', ['A'], 'B', ['A', 'B']],
    ['replaces a stackable one with a non-stackable one', ['A'], 'C', ['C']],
    ['replaces a non-stackable one with a stackable one', ['C'], 'A', ['A']],
    ['replaces a non-stackable one with another non-stackable one', ['C'], 'D', ['D']],
    ['keeps the most recent stackable one when a third would pass the limit of two', ['A', 'B'], 'S', ['B', 'S']],
    ['ignores an unusable coupon', ['A'], 'X', ['A']],
    ['ignores a coupon the member does not hold', ['A'], 'nope', ['A']],
    ['drops a selected id the quote no longer lists when stacking', ['gone', 'A'], 'B', ['A', 'B']],
  ];
  it.each(table)('%s', (_name, selected, tapped, expected) => {
    expect(toggleCoupon(selected, coupons, tapped)).toEqual(expected);
  });

  it('treats a coupon without the stackable flag as not stackable', () => {
    const plain = [coupon('P'), coupon('Q')];
    expect(toggleCoupon(['P'], plain, 'Q')).toEqual(['Q']);
  });

  it('never changes the selection it was given', () => {
    const selected = ['A'];
    toggleCoupon(selected, coupons, 'B');
    expect(selected).toEqual(['A']);
  });
});

describe('the order of the chips', () => {
  it('puts usable coupons first, keeping the server order within each group', () => {
    const list = [coupon('1', { usable: false }), coupon('2'), coupon('3', { usable: false }), coupon('4')];
    expect(orderCoupons(list).map((c) => c.couponId)).toEqual(['2', '4', '1', '3']);
  });
});
