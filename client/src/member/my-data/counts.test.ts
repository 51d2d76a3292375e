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
    [{ somethingNew: 2 }, [{ key: 'somethingNew', label: 'somethingNew', count: 2 }]],
  ] as [Record<string, number>, ReturnType<typeof countLines>][])('%j', (counts, lines) => {
    expect(countLines(counts)).toEqual(lines);
  });
});
