import type { CouponTemplateInput } from '../../cloudfunctions/core/contract/coupons';
import { splitStock } from '../../cloudfunctions/core/coupons/collections';
import { remainingForMember } from '../../cloudfunctions/core/coupons/member';
import { brandDay, rulesOf, summaryLines, templateProblems, validityAt } from '../../cloudfunctions/core/coupons/model';

// Template rules as pure functions, with expected values written by hand.

const NOW = new Date('2026-06-10T02:00:00Z'); // 10:00 in Shanghai
const TZ = 'Asia/Shanghai';
const TIERS = ['green', 'gold', 'black'];

const base: CouponTemplateInput = {
  name: '满100减20',
  benefit: { kind: 'amount_off', amountFen: 2000, thresholdFen: 10000 },
  validity: { type: 'days_after_claim', days: 7, startNextDay: false },
  storeIds: null,
  minTierCode: null,
  stackable: false,
  channel: 'center',
  pointsCost: null,
  stock: 100,
  perMemberLimit: 2,
  perMemberPerDayLimit: 1,
};

describe('templateProblems', () => {
  it.each<[string, Partial<CouponTemplateInput>, string[]]>([
    ['a valid template', {}, []],
    ['amount equal to its threshold', { benefit: { kind: 'amount_off', amountFen: 10000, thresholdFen: 10000 } }, ['benefit.amountFen']],
    ['amount above its threshold', { benefit: { kind: 'amount_off', amountFen: 12000, thresholdFen: 10000 } }, ['benefit.amountFen']],
    ['no threshold', { benefit: { kind: 'no_threshold', amountFen: 500 } }, []],
    ['8折 最多减30', { benefit: { kind: 'percent_off', ratePercent: 80, capFen: 3000 } }, []],
    ['a cap above the threshold', { benefit: { kind: 'percent_off', ratePercent: 80, capFen: 3000, thresholdFen: 2000 } }, ['benefit.capFen']],
    ['a gift item', { benefit: { kind: 'gift_item', itemName: '马克杯' } }, []],
    ['a window ending before it starts', { validity: { type: 'fixed', from: '2026-06-20T00:00:00+08:00', until: '2026-06-19T00:00:00+08:00' } }, ['validity.until']],
    ['a window already over', { validity: { type: 'fixed', from: '2026-06-01T00:00:00+08:00', until: '2026-06-10T09:00:00+08:00' } }, ['validity.until']],
    ['a window still open', { validity: { type: 'fixed', from: '2026-06-01T00:00:00+08:00', until: '2026-06-10T11:00:00+08:00' } }, []],
    ['a window over three years', { validity: { type: 'fixed', from: '2026-06-01T00:00:00+08:00', until: '2029-07-01T00:00:00+08:00' } }, ['validity.until']],
    ['repeated weekdays', { weekdays: [1, 1] }, ['weekdays']],
    ['hours ending before they start', { hours: { from: '17:00', to: '14:00' } }, ['hours.to']],
    ['hours of zero length', { hours: { from: '14:00', to: '14:00' } }, ['hours.to']],
    ['repeated stores', { storeIds: ['a', 'a'] }, ['storeIds']],
    ['an unknown tier', { minTierCode: 'platinum' }, ['minTierCode']],
    ['a known tier', { minTierCode: 'gold' }, []],
    ['a daily limit above the total limit', { perMemberLimit: 2, perMemberPerDayLimit: 3 }, ['perMemberPerDayLimit']],
    ['no daily limit', { perMemberPerDayLimit: null }, []],
    ['a member limit above the stock', { stock: 1, perMemberLimit: 2, perMemberPerDayLimit: null }, ['perMemberLimit']],
  ])('%s', (_name, change, fields) => {
    expect(templateProblems({ ...base, ...change }, TIERS, NOW).map((p) => p.field)).toEqual(fields);
  });
});

describe('validityAt (Asia/Shanghai)', () => {
  const days = (n: number, startNextDay: boolean) => ({ type: 'days_after_claim' as const, days: n, startNextDay });
  it.each([
    // claimed at, validity, from, until (exclusive)
    ['10:00 local, 7 days from the claim', '2026-06-10T02:00:00Z', days(7, false), '2026-06-10T02:00:00.000Z', '2026-06-16T16:00:00.000Z'],
    ['10:00 local, 7 days from the next day', '2026-06-10T02:00:00Z', days(7, true), '2026-06-10T16:00:00.000Z', '2026-06-17T16:00:00.000Z'],
    ['23:59 local, 1 day from the claim: ends at midnight', '2026-06-10T15:59:00Z', days(1, false), '2026-06-10T15:59:00.000Z', '2026-06-10T16:00:00.000Z'],
    ['00:00 local (16:00 UTC the day before) is the new day', '2026-06-10T16:00:00Z', days(1, false), '2026-06-10T16:00:00.000Z', '2026-06-11T16:00:00.000Z'],
    ['23:59 local, next day for 1 day', '2026-06-10T15:59:00Z', days(1, true), '2026-06-10T16:00:00.000Z', '2026-06-11T16:00:00.000Z'],
    ['00:30 local, next day for 1 day', '2026-06-10T16:30:00Z', days(1, true), '2026-06-11T16:00:00.000Z', '2026-06-12T16:00:00.000Z'],
    ['across a month end', '2026-06-30T10:00:00Z', days(3, false), '2026-06-30T10:00:00.000Z', '2026-07-02T16:00:00.000Z'],
  ])('%s', (_name, claimedAt, validity, from, until) => {
    const got = validityAt(validity, new Date(claimedAt), TZ);
    expect([got.validFrom.toISOString(), got.validUntil.toISOString()]).toEqual([from, until]);
  });

  it('a fixed window is the window, whenever claimed', () => {
    const got = validityAt({ type: 'fixed', from: '2026-06-01T00:00:00+08:00', until: '2026-07-01T00:00:00+08:00' }, NOW, TZ);
    expect([got.validFrom.toISOString(), got.validUntil.toISOString()]).toEqual(['2026-05-31T16:00:00.000Z', '2026-06-30T16:00:00.000Z']);
  });
});

describe('brandDay', () => {
  it.each([
    ['2026-06-10T15:59:59Z', '2026-06-10'],
    ['2026-06-10T16:00:00Z', '2026-06-11'],
    ['2026-12-31T16:00:00Z', '2027-01-01'],
  ])('%s is %s in Shanghai', (at, day) => expect(brandDay(new Date(at), TZ)).toBe(day));
});

describe('splitStock over 8 shards', () => {
  it.each([
    [100, [13, 13, 13, 13, 12, 12, 12, 12]],
    [8, [1, 1, 1, 1, 1, 1, 1, 1]],
    [3, [1, 1, 1, 0, 0, 0, 0, 0]],
    [10_000, [1250, 1250, 1250, 1250, 1250, 1250, 1250, 1250]],
  ])('%i', (stock, shares) => {
    expect(splitStock(stock, 8)).toEqual(shares);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(stock);
  });
});

describe('remainingForMember', () => {
  const t = { perMemberLimit: 3, perMemberPerDayLimit: 1 };
  it.each<[string, { perMemberLimit: number; perMemberPerDayLimit: number | null }, { total: number; day: string; dayCount: number } | null, number]>([
    ['never claimed', t, null, 1],
    ['claimed today', t, { total: 1, day: '2026-06-10', dayCount: 1 }, 0],
    ['claimed yesterday', t, { total: 1, day: '2026-06-09', dayCount: 1 }, 1],
    ['all claimed', t, { total: 3, day: '2026-06-08', dayCount: 1 }, 0],
    ['no daily limit', { perMemberLimit: 3, perMemberPerDayLimit: null }, { total: 1, day: '2026-06-10', dayCount: 1 }, 2],
  ])('%s', (_name, template, counter, left) => expect(remainingForMember(template, counter, '2026-06-10')).toBe(left));
});

describe('summaryLines', () => {
  it.each<[string, Partial<CouponTemplateInput>, string[]]>([
    ['满100减20', {}, ['满100元减20元', '领取当日起7天内有效', '全部门店可用', '不可与其他券同时使用']],
    [
      '8折 最多减30, weekdays, hours, stores, tier',
      {
        benefit: { kind: 'percent_off', ratePercent: 80, capFen: 3000 },
        validity: { type: 'days_after_claim', days: 30, startNextDay: true },
        weekdays: [5, 1],
        hours: { from: '14:00', to: '17:00' },
        storeIds: ['a', 'b'],
        minTierCode: 'gold',
        stackable: true,
      },
      ['8折，最多减30元', '领取次日起30天内有效', '仅限每周一、五使用', '仅限14:00–17:00使用', '限2家指定门店使用', '金卡及以上会员可用', '可与其他可叠加券同时使用'],
    ],
    ['无门槛 5.5 元, fixed window', { benefit: { kind: 'no_threshold', amountFen: 550 }, validity: { type: 'fixed', from: '2026-06-01T00:00:00+08:00', until: '2026-07-01T00:00:00+08:00' } }, ['无门槛减5.5元', '2026年6月1日 00:00 至 2026年7月1日 00:00 有效', '全部门店可用', '不可与其他券同时使用']],
    ['8.5折 over 50', { benefit: { kind: 'percent_off', ratePercent: 85, capFen: 1000, thresholdFen: 5000 } }, ['满50元8.5折，最多减10元', '领取当日起7天内有效', '全部门店可用', '不可与其他券同时使用']],
    ['a gift', { benefit: { kind: 'gift_item', itemName: '拿铁一杯' } }, ['兑换：拿铁一杯', '领取当日起7天内有效', '全部门店可用', '不可与其他券同时使用']],
  ])('%s', (_name, change, lines) => {
    expect(summaryLines(rulesOf({ ...base, ...change }), TZ, { gold: '金卡' })).toEqual(lines);
  });
});
