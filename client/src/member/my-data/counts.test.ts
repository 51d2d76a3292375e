import { countLines } from './counts';

describe('countLines', () => {
  it.each([
    [{}, []],
    [{ profile: 1 }, [{ key: 'profile', label: '个人资料', count: 1 }]],
    [
      { ledgerEntries: 12, purchases: 3, coupons: 0 },
      [
        { key: 'ledgerEntries', label: '积分与储值流水', count: 12 },
        { key: 'purchases', label: '消费记录', count: 3 },
        { key: 'coupons', label: '优惠券', count: 0 },
      ],
    ],
    [
      // exportMyData's keys, each with a Chinese label.
      { accounts: 4, topupOrders: 1, walletRefunds: 1, couponRedemptions: 0, couponClaims: 2, consents: 3 },
      [
        { key: 'accounts', label: '积分与储值账户', count: 4 },
        { key: 'topupOrders', label: '充值订单', count: 1 },
        { key: 'walletRefunds', label: '储值退款记录', count: 1 },
        { key: 'couponRedemptions', label: '优惠券核销记录', count: 0 },
        { key: 'couponClaims', label: '领券记录', count: 2 },
        { key: 'consents', label: '授权记录', count: 3 },
      ],
    ],
    [{ somethingNew: 2 }, [{ key: 'somethingNew', label: 'somethingNew', count: 2 }]],
  ] as [Record<string, number>, ReturnType<typeof countLines>][])('%j', (counts, lines) => {
    expect(countLines(counts)).toEqual(lines);
  });
});
