import { MemberLedger } from '../../scripts/sim/ledger-model';

// The simulation's model is itself a set of rules: its numbers are checked here against ones
// worked out by hand (1 point and 1 growth per yuan, expiry at the end of the next year, a lot
// of ¥100 + ¥20 bonus keeps its principal spent at floor(spent × 10000 / 12000)).

const at = (iso: string) => Date.parse(iso);

describe('the model of points', () => {
  it('owes only what was spent of a purchase refunded after its bucket expired', () => {
    const m = new MemberLedger();
    const p = m.purchase(10_000, 0, at('2026-03-02T02:00:00Z'))!.purchase; // 100 into 2027-12-31
    expect(m.adjust(-30, at('2026-04-01T02:00:00Z'))).toEqual({ ok: true, balance: 70 });
    expect(m.refund(p, at('2028-01-02T02:00:00Z'))).toMatchObject({ pointsReversed: 0, pointsOwed: 30, growthReversed: 100 });
    expect([m.points, m.debt]).toEqual([0, 30]);
  });

  it('takes a refunded purchase’s points from its own bucket', () => {
    const m = new MemberLedger();
    const p = m.purchase(10_000, 0, at('2026-03-02T02:00:00Z'))!.purchase;
    m.purchase(10_000, 0, at('2027-03-02T02:00:00Z'));
    m.refund(p, at('2027-04-02T02:00:00Z'));
    expect([...m.buckets]).toEqual([['2028-12-31', 100]]);
  });

  it('caps a day at 5,000 points and gives the room back on a same-day refund', () => {
    const m = new MemberLedger();
    const first = m.purchase(600_000, 0, at('2026-03-02T02:00:00Z'))!; // ¥6,000 at ×1: 5,000 (capped); growth 6,000 → black
    expect(first.purchase.points).toBe(5_000);
    expect(m.tier).toBe('black');
    m.refund(first.purchase, at('2026-03-02T03:00:00Z'));
    expect(m.tier).toBe('green');
    expect(m.purchase(10_000, 0, at('2026-03-02T04:00:00Z'))!.purchase.points).toBe(100);
  });
});

describe('the model of stored value', () => {
  it('keeps a lot on its line through payments and returns', () => {
    const m = new MemberLedger();
    m.creditTopup('T1', 10_000, 2_000, at('2026-03-02T02:00:00Z'));
    // Pay ¥60: spent 6000 → principal spent floor(6000 × 10000 / 12000) = 5000.
    const paid = m.purchase(6_000, 6_000, at('2026-03-02T03:00:00Z'))!;
    expect(paid.walletPaid).toEqual({ principal: 5_000, bonus: 1_000 });
    // Three one-fen payments: spent 6003 → principal spent floor(6003 × 5 / 6) = 5002.
    const small = [1, 2, 3].map(() => m.purchase(1, 1, at('2026-03-02T04:00:00Z'))!.purchase);
    expect(m.lots[0]).toMatchObject({ pL: 4_998, bL: 999 });
    // Returning the ¥60: spent 3 → principal spent floor(3 × 5 / 6) = 2.
    m.refund(paid.purchase, at('2026-03-02T05:00:00Z'));
    expect(m.lots[0]).toMatchObject({ pL: 9_998, bL: 1_999 });
    for (const p of small) m.refund(p, at('2026-03-02T06:00:00Z'));
    expect(m.lots[0]).toMatchObject({ pL: 10_000, bL: 2_000 });
    expect(m.refundTopup('T1', at('2026-03-03T02:00:00Z'))).toEqual({ ok: true, cashBackFen: 10_000, bonusWithdrawnFen: 2_000 });
  });

  it('places top-up orders only while they fit under the ceiling with those unpaid', () => {
    const m = new MemberLedger();
    const now = at('2026-03-02T02:00:00Z');
    expect([1, 2, 3].map((i) => m.placeOrder(`T${i}`, 12_000, 30_000, now))).toEqual([true, true, false]);
    // Two hours on, the unpaid orders hold nothing.
    expect(m.placeOrder('T4', 12_000, 30_000, now + 2 * 3_600_000)).toBe(true);
  });

  it('refuses a top-up refund past WeChat Pay’s year', () => {
    const m = new MemberLedger();
    m.creditTopup('T1', 10_000, 2_000, at('2026-03-02T02:00:00Z'));
    expect(m.refundTopup('T1', at('2027-02-28T02:00:00Z'))).toEqual({ ok: false, code: 'REFUND_WINDOW_CLOSED' });
  });
});

describe('the model of tiers', () => {
  it('announces a downgrade at the review and lowers the tier when the notice ends', () => {
    const m = new MemberLedger();
    m.purchase(120_000, 0, at('2026-01-10T04:00:00Z')); // 1,200 growth: gold, reviewed 2026-02-01
    m.review(at('2027-02-01T04:00:00Z')); // both windows (2026-03..2027-02 and 2026-02..2027-01) hold 0
    expect([m.tier, m.notice?.to]).toEqual(['gold', 'green']);
    m.review(at('2027-03-04T04:00:00Z')); // 31 days on, the notice has run out
    expect([m.tier, m.notice]).toEqual(['green', null]);
  });
});

describe('the model of points as cash', () => {
  it('spends the earliest-ending bucket first and earns on what was paid', () => {
    const m = new MemberLedger();
    m.purchase(30_000, 0, at('2026-03-02T02:00:00Z')); // 300 into 2027-12-31
    m.purchase(20_000, 0, at('2027-03-02T02:00:00Z')); // 200 into 2028-12-31
    // ¥100 with a ¥10 coupon: ¥90 left, points may pay at most ¥45 = 4,500 points; the member has 500.
    expect(m.pointsCashLimits(9_000, at('2027-03-03T02:00:00Z'))).toEqual({ cap: 4_500, balance: 500, max: 500 });
    // 400 points: 300 from 2027-12-31, 100 from 2028-12-31; paid ¥100 − ¥10 − ¥4 = ¥86 → 86 points.
    const p = m.checkout(10_000, 1_000, 400, 0, at('2027-03-03T02:00:00Z'))!.purchase;
    expect(p.pointsDraws).toEqual([
      { expiresOn: '2027-12-31', amount: 300 },
      { expiresOn: '2028-12-31', amount: 100 },
    ]);
    expect([p.points, p.growth]).toEqual([86, 86]);
    expect([...m.buckets]).toEqual([['2028-12-31', 186]]);
  });

  it('puts refunded points back into their buckets, where an ended one expires at once', () => {
    const m = new MemberLedger();
    m.purchase(30_000, 0, at('2026-03-02T02:00:00Z')); // 300 into 2027-12-31
    m.purchase(20_000, 0, at('2027-03-02T02:00:00Z')); // 200 into 2028-12-31
    const p = m.checkout(10_000, 0, 400, 0, at('2027-03-03T02:00:00Z'))!.purchase; // earns 96 into 2028-12-31
    // Refunded on 2028-01-02: the 300 go back to 2027-12-31, which has ended, and expire; the 100 stay.
    // The 96 earned come out of 2028-12-31 (196 + 100 = 296 → 200).
    expect(m.refund(p, at('2028-01-02T02:00:00Z'))).toMatchObject({ pointsReturned: 400, pointsReversed: 96, pointsOwed: 0 });
    expect([...m.buckets]).toEqual([['2028-12-31', 200]]);
  });

  it('settles a debt from returned points that are still live', () => {
    const m = new MemberLedger();
    const earned = m.purchase(10_000, 0, at('2026-03-02T02:00:00Z'))!.purchase; // 100 into 2027-12-31
    const spent = m.checkout(10_000, 0, 100, 0, at('2026-03-03T02:00:00Z'))!.purchase; // spends the 100, earns 99
    m.adjust(-99, at('2026-03-04T02:00:00Z'));
    m.refund(earned, at('2026-03-05T02:00:00Z')); // 100 owed
    expect([m.points, m.debt]).toEqual([0, 100]);
    // The 100 spent come back and settle the debt; the 99 earned are owed on top.
    expect(m.refund(spent, at('2026-03-06T02:00:00Z'))).toMatchObject({ pointsReturned: 100, pointsReversed: 0, pointsOwed: 99 });
    expect([m.points, m.debt]).toEqual([0, 99]);
  });

  it('refuses a mall item beyond the points that have not ended', () => {
    const m = new MemberLedger();
    m.purchase(30_000, 0, at('2026-03-02T02:00:00Z')); // 300 into 2027-12-31
    expect(m.spendOnItem(300, at('2028-01-01T02:00:00Z'))).toEqual({ ok: false, code: 'INSUFFICIENT_POINTS' });
    expect(m.spendOnItem(300, at('2027-12-31T02:00:00Z'))).toEqual({ ok: true, balance: 0 });
  });
});
