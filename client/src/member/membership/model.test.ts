import type { MembershipView, PlanOfferView, PlanRefundQuote, PlanView } from '@contract';
import { monthLabel, offerText, priceOf, quoteLines, receivedLines, statusOf } from './model';

const plan: PlanView = {
  planId: 'monthly',
  name: '月卡',
  kind: 'monthly',
  months: 1,
  priceFen: 2500,
  trialPriceFen: 990,
  openingGift: { points: 100, couponTemplateIds: [] },
  monthlyCouponTemplateIds: ['tpl-a'],
  pointsMultiplierPercent: 120,
  memberPricePercent: 95,
  monthlyPackValueFen: 1000,
  status: 'active',
  benefitsText: ['会员价 9.5折'],
};

const membership: MembershipView = {
  status: 'active',
  planId: 'monthly',
  planName: '月卡',
  expiresAt: '2026-06-15T02:00:00.000Z',
  daysLeft: 12,
  periods: [],
  receivedThisPeriod: { packs: [{ month: '2026-05', couponCount: 3 }], openingGift: true, extraPoints: 1234 },
  savedFen: 4560,
  trialUsed: true,
};

function offer(patch: Partial<PlanOfferView>): PlanOfferView {
  return { planId: 'monthly', mode: 'buy', payFen: 2500, startsAt: '2026-06-15T02:00:00.000Z', endsAt: '2026-07-15T02:00:00.000Z', creditFen: 0, trial: false, ...patch };
}

describe('付费会员 page text', () => {
  test.each([
    [null, 'none', '未开通'],
    [membership, 'active', '开通中'],
    [{ ...membership, status: 'expired' as const }, 'expired', '已过期'],
  ])('status of %#', (m, key, label) => {
    expect(statusOf(m)).toEqual({ key, label });
  });

  test('benefits received: packs by month, the opening gift, extra points', () => {
    expect(monthLabel('2026-05')).toBe('2026年5月');
    expect(receivedLines(membership.receivedThisPeriod)).toEqual(['2026年5月券包 · 3 张券', '开卡礼已发放', '消费额外获得 1,234 积分']);
    expect(receivedLines({ packs: [], openingGift: false, extraPoints: 0 })).toEqual([]);
  });

  test.each([
    // [offer, membership, action, detail]
    [offer({}), membership, '续费 ¥25.00', '续费后有效期至 2026-07-15'],
    [offer({ planId: 'annual', payFen: 19_900, endsAt: '2027-06-15T02:00:00.000Z' }), { ...membership, planId: 'quarterly' }, '购买 ¥199.00', '当前会员到期后生效，有效期 2026-06-15 至 2027-06-15'],
    [offer({ payFen: 990, trial: true, startsAt: '2026-05-01T04:00:00.000Z', endsAt: '2026-06-01T04:00:00.000Z' }), null, '首次开通 ¥9.90', '有效期 2026-05-01 至 2026-06-01'],
    [offer({ startsAt: '2026-05-01T04:00:00.000Z', endsAt: '2026-06-01T04:00:00.000Z' }), { ...membership, status: 'expired' as const }, '开通 ¥25.00', '有效期 2026-05-01 至 2026-06-01'],
    [
      offer({ planId: 'annual', mode: 'upgrade', payFen: 18_333, creditFen: 1_667, startsAt: '2026-06-03T04:00:00.000Z', endsAt: '2027-06-03T04:00:00.000Z' }),
      membership,
      '补差价 ¥183.33 升级',
      '当前会员卡剩余价值抵扣 ¥16.67，升级后有效期 2026-06-03 至 2027-06-03',
    ],
  ])('offer %#', (o, m, action, detail) => {
    expect(offerText(o, plan, m)).toEqual({ action, detail });
  });

  test('a trial price shows with the list price beside it', () => {
    expect(priceOf(plan, offer({ payFen: 990, trial: true }))).toEqual({ price: '¥9.90', was: '¥25.00', note: '首次开通价' });
    expect(priceOf(plan, offer({}))).toEqual({ price: '¥25.00', was: null, note: null });
    expect(priceOf(plan, undefined)).toEqual({ price: '¥25.00', was: null, note: null });
  });

  const base: PlanRefundQuote = {
    outTradeNo: 'P1',
    paidFen: 2500,
    mode: 'pro_rata',
    unusedDays: 12,
    totalDays: 30,
    unusedValueFen: 1000,
    benefitsReceivedFen: 1200,
    refundFen: 0,
    shortfallFen: 200,
    memberRefusal: '开通已超过 7 天',
  };

  test('a pro rata quote shows every figure and the shortfall', () => {
    expect(quoteLines(base).map((l) => `${l.label}=${l.value}`)).toEqual([
      '实付金额=¥25.00',
      '未使用天数=12 / 30 天',
      '未使用部分价值=¥10.00',
      '已领取权益价值=−¥12.00',
      '可退金额=¥0.00',
      '说明=已领取权益比未使用部分多 ¥2.00，可退金额为 0',
    ]);
  });

  test('a full refund says so', () => {
    const lines = quoteLines({ ...base, mode: 'full', unusedDays: 30, unusedValueFen: 2500, benefitsReceivedFen: 0, refundFen: 2500, shortfallFen: 0, memberRefusal: null });
    expect(lines.map((l) => l.value)).toEqual(['¥25.00', '开通 7 天内且未使用权益，全额退款', '¥25.00']);
  });
});
