import {
  addMonths,
  benefitsFen,
  cutForRefund,
  daysLeft,
  monthStarts,
  nextPeriod,
  offerPriceFen,
  periodDays,
  pointsAsFen,
  proRataRefund,
  receivedBenefits,
  upgradePrice,
  withinMemberRefundWindow,
} from '../../cloudfunctions/core/membership/pricing';
import { scheduleOf } from '../../cloudfunctions/core/membership/collections';

const TZ = 'Asia/Shanghai';
const at = (s: string) => new Date(s);
const period = (startsAt: string, endsAt: string, paidFen: number, refunded = false) => ({ startsAt: at(startsAt), endsAt: at(endsAt), paidFen, refunded });

describe('periods stack', () => {
  it.each([
    // [periods, now, months, expected start, expected end, stacked]
    [[], '2026-03-15T02:00:00Z', 1, '2026-03-15T02:00:00Z', '2026-04-15T02:00:00Z', false],
    // Bought before expiry: starts when the current one ends.
    [[period('2026-03-15T02:00:00Z', '2026-04-15T02:00:00Z', 1990)], '2026-04-01T00:00:00Z', 1, '2026-04-15T02:00:00Z', '2026-05-15T02:00:00Z', true],
    // Two stacked already: after the last.
    [[period('2026-03-15T02:00:00Z', '2026-04-15T02:00:00Z', 1990), period('2026-04-15T02:00:00Z', '2026-07-15T02:00:00Z', 5400)], '2026-04-01T00:00:00Z', 12, '2026-07-15T02:00:00Z', '2027-07-15T02:00:00Z', true],
    // Bought after expiry: starts now.
    [[period('2026-03-15T02:00:00Z', '2026-04-15T02:00:00Z', 1990)], '2026-04-20T00:00:00Z', 1, '2026-04-20T00:00:00Z', '2026-05-20T00:00:00Z', false],
    // Exactly at the end: expired, starts now (= the old end).
    [[period('2026-03-15T02:00:00Z', '2026-04-15T02:00:00Z', 1990)], '2026-04-15T02:00:00Z', 1, '2026-04-15T02:00:00Z', '2026-05-15T02:00:00Z', false],
    // A refunded period does not count.
    [[period('2026-03-15T02:00:00Z', '2026-04-15T02:00:00Z', 1990, true)], '2026-04-01T00:00:00Z', 1, '2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z', false],
    // Months in the brand zone: 31 January 10:00 (Shanghai) + 1 month = 28 February 10:00.
    [[], '2026-01-31T02:00:00Z', 1, '2026-01-31T02:00:00Z', '2026-02-28T02:00:00Z', false],
    // 31 January 23:30 Shanghai (15:30 UTC) + 1 month = 28 February 23:30 Shanghai, not 1 March.
    [[], '2026-01-31T15:30:00Z', 1, '2026-01-31T15:30:00Z', '2026-02-28T15:30:00Z', false],
  ])('case %#', (periods, now, months, start, end, stacked) => {
    const next = nextPeriod(periods, at(now), months, TZ);
    expect(next.startsAt.toISOString()).toBe(at(start).toISOString());
    expect(next.endsAt.toISOString()).toBe(at(end).toISOString());
    expect(next.stacked).toBe(stacked);
  });

  it('adds months in the brand zone', () => {
    expect(addMonths(at('2027-11-30T16:30:00Z'), 3, TZ).toISOString()).toBe('2028-02-29T16:30:00.000Z'); // 1 Dec 00:30 → 1 Mar 00:30 Shanghai
  });
});

describe('the upgrade formula', () => {
  it.each([
    // Monthly ¥19.90, 1 Mar 00:00 → 1 Apr 00:00 UTC (31 days); now 16 Mar 12:00: 15.5 days left of 31 → 1990 × 15.5/31 = 995.0 → credit 995, pay 19900 − 995 = 18905.
    [[period('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 1990)], '2026-03-16T12:00:00Z', 19900, 995, 18905],
    // Same with 10 days left: 1990 × 10/31 = 641.935… → 641 (down), pay 19259.
    [[period('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 1990)], '2026-03-22T00:00:00Z', 19900, 641, 19259],
    // Plus a stacked quarterly ¥54 not started: its whole 5400 counts. 641.935… + 5400 = 6041.935… → 6041, pay 13859.
    [[period('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 1990), period('2026-04-01T00:00:00Z', '2026-07-01T00:00:00Z', 5400)], '2026-03-22T00:00:00Z', 19900, 6041, 13859],
    // Summed before rounding: two periods of 1000 over 3 ms each, 1 ms left in each: 333.3… + 333.3… = 666.6… → 666 (not 333 + 333).
    [[period('2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.003Z', 1000), period('2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.003Z', 1000)], '2026-03-01T00:00:00.002Z', 19900, 666, 19234],
    // Refunded and ended periods give nothing.
    [[period('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', 1990), period('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 1990, true)], '2026-03-22T00:00:00Z', 19900, 0, 19900],
    // Credit above the price: pay 0 (offers.ts refuses such an upgrade).
    [[period('2026-03-01T00:00:00Z', '2027-03-01T00:00:00Z', 30000)], '2026-03-01T00:00:00Z', 19900, 30000, 0],
  ])('case %#', (periods, now, price, credit, pay) => {
    expect(upgradePrice(periods, at(now), price)).toEqual({ creditFen: credit, payFen: pay });
  });
});

describe('the trial price', () => {
  const plan = { priceFen: 1990, trialPriceFen: 990 };
  it.each([
    [plan, { everPaid: false, trialUsed: false }, 990, true],
    [plan, { everPaid: true, trialUsed: false }, 1990, false],
    [plan, { everPaid: false, trialUsed: true }, 1990, false],
    [{ priceFen: 1990, trialPriceFen: null }, { everPaid: false, trialUsed: false }, 1990, false],
  ])('case %#', (p, member, payFen, trial) => {
    expect(offerPriceFen(p, member)).toEqual({ payFen, trial });
  });
});

describe('the refund formulas', () => {
  it.each([
    ['2026-03-15T02:00:00Z', '2026-03-22T01:59:59.999Z', true],
    ['2026-03-15T02:00:00Z', '2026-03-22T02:00:00Z', false],
  ])('member window: paid %s, now %s → %s', (paidAt, now, within) => {
    expect(withinMemberRefundWindow(at(paidAt), at(now))).toBe(within);
  });

  // Period 15 Mar 10:00 → 15 Apr 10:00 Shanghai = 31 days (15 Mar … 14 Apr).
  const p = { startsAt: at('2026-03-15T02:00:00Z'), endsAt: at('2026-04-15T02:00:00Z') };
  it.each([
    ['2026-03-10T00:00:00Z', 31, 31], // not started: all unused
    ['2026-03-15T02:00:00Z', 31, 30], // first day begun
    ['2026-03-20T15:59:59Z', 31, 25], // 20 Mar 23:59:59 Shanghai: 21 Mar … 14 Apr
    ['2026-03-20T16:00:00Z', 31, 24], // 21 Mar 00:00 Shanghai: that day has begun
    ['2026-04-14T16:00:00Z', 31, 0], // 15 Apr 00:00 Shanghai: nothing left
    ['2026-05-01T00:00:00Z', 31, 0],
  ])('days at %s: total %d, unused %d', (now, total, unused) => {
    expect(periodDays(p, at(now), TZ)).toEqual({ totalDays: total, unusedDays: unused });
  });

  it.each([
    // Annual ¥199 (365 days), 200 unused: floor(19900 × 200 / 365) = floor(10904.1…) = 10904; benefits 3000 → refund 7904.
    [19900, 365, 200, 3000, { unusedValueFen: 10904, refundFen: 7904, shortfallFen: 0 }],
    // Monthly ¥19.90, 10 of 31 unused: floor(19900/31) = 641; benefits 1000 → shortfall 359, refund 0.
    [1990, 31, 10, 1000, { unusedValueFen: 641, refundFen: 0, shortfallFen: 359 }],
    // Exactly even: refund 0, shortfall 0.
    [1990, 31, 10, 641, { unusedValueFen: 641, refundFen: 0, shortfallFen: 0 }],
  ])('pro rata %#', (paid, total, unused, benefits, expected) => {
    expect(proRataRefund(paid, { totalDays: total, unusedDays: unused }, benefits)).toEqual({ totalDays: total, unusedDays: unused, benefitsReceivedFen: benefits, ...expected });
  });

  // A bundle (a month's pack, or the opening gift's coupons) counts only when one of its coupons
  // was used; savings as recorded; extra points + opening points at the points-as-cash rate.
  const pack = (valueFen: number, anyUsed: boolean) => ({ valueFen, anyUsed });
  it.each([
    // Nothing used, 100 opening points at 100 = ¥1: packs 0, opening 0, savings 0, points 100 → 100.
    [{ packs: [pack(1000, false)], opening: pack(500, false), savedFen: 0, extraPoints: 0, openingPoints: 100 }, 100, { packValuesFen: 0, openingCouponValuesFen: 0, memberPriceSavingsFen: 0, extraPointsFen: 100 }, 100],
    // One coupon of March's pack used, April's untouched: 1000 + 0; opening unused 0; saving 500;
    // (18 + 100) points = 118 → 1000 + 500 + 118 = 1618.
    [{ packs: [pack(1000, true), pack(1000, false)], opening: pack(500, false), savedFen: 500, extraPoints: 18, openingPoints: 100 }, 100, { packValuesFen: 1000, openingCouponValuesFen: 0, memberPriceSavingsFen: 500, extraPointsFen: 118 }, 1618],
    // The opening coupon used, a pack that came short (2 of 3 coupons: 666) used: 666 + 500 = 1166; points 0.
    [{ packs: [pack(666, true)], opening: pack(500, true), savedFen: 0, extraPoints: 0, openingPoints: 0 }, 100, { packValuesFen: 666, openingCouponValuesFen: 500, memberPriceSavingsFen: 0, extraPointsFen: 0 }, 1166],
    // No opening gift; points cannot pay (no rate): 250 points count 0; two used packs 2000 + saving 30 = 2030.
    [{ packs: [pack(1000, true), pack(1000, true)], opening: null, savedFen: 30, extraPoints: 250, openingPoints: 0 }, null, { packValuesFen: 2000, openingCouponValuesFen: 0, memberPriceSavingsFen: 30, extraPointsFen: 0 }, 2030],
  ] as const)('benefits received %#', (period, rate, expected, total) => {
    const received = receivedBenefits(period, rate);
    expect(received).toEqual(expected);
    expect(benefitsFen(received)).toBe(total);
  });

  it('points as cash: 100 points = ¥1, rounded down; nothing when points cannot pay', () => {
    expect(pointsAsFen(250, 100)).toBe(250);
    expect(pointsAsFen(250, 300)).toBe(83);
    expect(pointsAsFen(250, null)).toBe(0);
  });

  it('cuts the refunded period and moves later ones earlier by the length cut off', () => {
    const periods = [period('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 1990), period('2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z', 1990)];
    const cut = cutForRefund(periods, 0, at('2026-03-21T00:00:00Z'));
    expect(cut[0]).toMatchObject({ endsAt: at('2026-03-21T00:00:00Z'), refunded: true });
    // 11 days were cut off: the next one now runs 21 Mar → 20 Apr.
    expect(cut[1]).toMatchObject({ startsAt: at('2026-03-21T00:00:00Z'), endsAt: at('2026-04-20T00:00:00Z'), refunded: false });
    // Refunding the stacked one before it starts cuts it to nothing and moves nothing else.
    const second = cutForRefund(periods, 1, at('2026-03-21T00:00:00Z'));
    expect(second[1]).toMatchObject({ startsAt: at('2026-04-01T00:00:00Z'), endsAt: at('2026-04-01T00:00:00Z'), refunded: true });
    expect(second[0]).toBe(periods[0]);
  });
});

describe('days left and packs', () => {
  it.each([
    ['2026-04-15T02:00:00Z', '2026-04-15T01:59:59Z', 1], // the last day, one second left
    ['2026-04-15T02:00:00Z', '2026-04-15T02:00:00Z', 0],
    ['2026-04-15T02:00:00Z', '2026-04-14T00:00:00Z', 2], // 14 Apr 08:00 Shanghai: 14th and 15th
    ['2026-04-15T16:00:00Z', '2026-04-14T00:00:00Z', 2], // ends 16 Apr 00:00 Shanghai: the last day is the 15th
  ])('until %s at %s → %d', (until, now, left) => {
    expect(daysLeft(at(until), at(now), TZ)).toBe(left);
  });

  it('month n starts at start + n months: 12 for a year', () => {
    const year = { startsAt: at('2026-01-31T02:00:00Z'), endsAt: at('2027-01-31T02:00:00Z') };
    const starts = monthStarts(year, 12, TZ).map((d) => d.toISOString());
    expect(starts).toHaveLength(12);
    expect(starts.slice(0, 3)).toEqual(['2026-01-31T02:00:00.000Z', '2026-02-28T02:00:00.000Z', '2026-03-31T02:00:00.000Z']);
    expect(monthStarts(year, 12, TZ, 1)).toHaveLength(11);
  });

  it('schedules the next pack and the 7-day reminder', () => {
    const p = { ...period('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 1990), months: 1, packsFromMonth: 0, packs: [] as any[] };
    expect(scheduleOf({ periods: [p] as any, remindersSent: [] }, TZ)).toEqual({ nextPackAt: at('2026-03-01T00:00:00Z'), nextReminderAt: at('2026-03-25T00:00:00Z') });
    const packed = { ...p, packs: [{ monthStart: '2026-03-01T00:00:00.000Z' }] };
    expect(scheduleOf({ periods: [packed] as any, remindersSent: ['2026-04-01T00:00:00.000Z:7'] }, TZ)).toEqual({ nextPackAt: null, nextReminderAt: at('2026-03-31T00:00:00Z') });
  });
});
