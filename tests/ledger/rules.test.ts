import fc from 'fast-check';
import { addToBuckets, takeEarliestFirst } from '../../cloudfunctions/core/points/buckets';
import { expiryDayFor, quoteEarn } from '../../cloudfunctions/core/points/earn';
import { creditPoints, debitPoints, expireBuckets, reversePoints } from '../../cloudfunctions/core/points/operations';
import { DEFAULT_POINTS_POLICY } from '../../cloudfunctions/core/points/policy';
import { newAccounts, type WalletLot } from '../../cloudfunctions/core/ledger/accounts';
import { drawFromLots, quoteTopupRefund } from '../../cloudfunctions/core/wallet/lots';
import { mulDivFloor } from '../../cloudfunctions/core/ledger/arithmetic';
import { spendForGrowthFen, tierForGrowth, windowGrowth } from '../../cloudfunctions/core/tiers/rules';
import { evaluateTier } from '../../cloudfunctions/core/tiers/evaluate';
import { DEFAULT_BRAND } from '../../cloudfunctions/core/brand/settings';
import { BusinessError } from '../../cloudfunctions/core/platform/business-error';

const TZ = 'Asia/Shanghai';
const points0 = newAccounts('m1').points;

describe('earn quotes (one line per case)', () => {
  const policy = { ...DEFAULT_POINTS_POLICY, dailyCapPoints: 100 };
  it.each`
    amountFen | multiplier | earnedToday | points | growth | cappedBy
    ${99}     | ${100}     | ${0}        | ${0}   | ${0}   | ${0}
    ${100}    | ${100}     | ${0}        | ${1}   | ${1}   | ${0}
    ${1299}   | ${100}     | ${0}        | ${12}  | ${12}  | ${0}
    ${1299}   | ${150}     | ${0}        | ${18}  | ${12}  | ${0}
    ${5000}   | ${200}     | ${0}        | ${100} | ${50}  | ${0}
    ${5000}   | ${200}     | ${40}       | ${60}  | ${50}  | ${40}
    ${5000}   | ${100}     | ${100}      | ${0}   | ${50}  | ${50}
  `('$amountFen fen at ×$multiplier% with $earnedToday already today', ({ amountFen, multiplier, earnedToday, points, growth, cappedBy }) => {
    expect(quoteEarn(amountFen, policy, multiplier, earnedToday)).toEqual({ points, growth, cappedBy });
  });

  it('expires at the end of the year after earning, in the brand zone', () => {
    // 2026-12-31 20:00 UTC is already 2027-01-01 in Shanghai.
    expect(expiryDayFor(new Date('2026-12-31T20:00:00Z'), DEFAULT_POINTS_POLICY, TZ)).toBe('2028-12-31');
    expect(expiryDayFor(new Date('2026-06-01T00:00:00Z'), { ...DEFAULT_POINTS_POLICY, expiry: { type: 'days', days: 90 } }, TZ)).toBe('2026-08-30');
  });
});

describe('points buckets', () => {
  const source = { type: 'test', id: 't' };
  it('spends the earliest-expiring bucket first, across buckets', () => {
    let account = creditPoints(points0, { amount: 50, expiresOn: '2027-12-31', kind: 'earn', reason: 'r', source }, TZ).after;
    account = creditPoints(account, { amount: 30, expiresOn: '2026-12-31', kind: 'earn', reason: 'r', source }, TZ).after;
    const spent = debitPoints(account, { amount: 40, kind: 'spend', reason: 'r', source }, TZ).after;
    expect(spent.buckets).toEqual([{ expiresOn: '2027-12-31', remaining: 40 }]);
    expect(spent.balance).toBe(40);
    expect(spent.nextExpiryAt?.toISOString()).toBe('2027-12-31T16:00:00.000Z'); // end of day, Shanghai
  });

  it('refuses to spend more than the balance and names the shortfall', () => {
    const account = creditPoints(points0, { amount: 10, expiresOn: '2027-12-31', kind: 'earn', reason: 'r', source }, TZ).after;
    expect(() => debitPoints(account, { amount: 130, kind: 'spend', reason: 'r', source }, TZ)).toThrow(new BusinessError('INSUFFICIENT_POINTS', '积分不足，还差 120 分'));
  });

  it('turns a reversal of spent points into a debt that the next earning settles first', () => {
    let account = creditPoints(points0, { amount: 100, expiresOn: '2027-12-31', kind: 'earn', reason: 'r', source }, TZ).after;
    account = debitPoints(account, { amount: 70, kind: 'spend', reason: 'r', source }, TZ).after;
    const reversed = reversePoints(account, { amount: 100, expiresOn: '2027-12-31', correctsEntryId: 'e1', reason: 'r', source }, TZ);
    expect(reversed.after).toMatchObject({ balance: 0, debt: 70 });
    expect(reversed.entries[0]).toMatchObject({ amount: -30, debtDelta: 70, correctsEntryId: 'e1' });
    const earned = creditPoints(reversed.after, { amount: 50, expiresOn: '2027-12-31', kind: 'earn', reason: 'r', source }, TZ);
    expect(earned.after).toMatchObject({ balance: 0, debt: 20 });
    expect(earned.entries.map((e) => [e.kind, e.amount, e.debtDelta])).toEqual([['earn', 50, undefined], ['debt_settle', -50, -50]]);
  });

  it('expires only buckets whose day has ended', () => {
    let account = creditPoints(points0, { amount: 5, expiresOn: '2026-11-22', kind: 'earn', reason: 'r', source }, TZ).after;
    account = creditPoints(account, { amount: 7, expiresOn: '2026-11-23', kind: 'earn', reason: 'r', source }, TZ).after;
    const change = expireBuckets(account, '2026-11-23', TZ);
    expect(change.after.buckets).toEqual([{ expiresOn: '2026-11-23', remaining: 7 }]);
    expect(change.entries).toEqual([expect.objectContaining({ kind: 'expire', amount: -5 })]);
  });

  it('keeps buckets sorted and merged', () => {
    expect(addToBuckets(addToBuckets([], '2027-12-31', 1), '2027-12-31', 2)).toEqual([{ expiresOn: '2027-12-31', remaining: 3 }]);
    expect(takeEarliestFirst([{ expiresOn: 'a', remaining: 1 }, { expiresOn: 'b', remaining: 5 }], 3).draws).toEqual([{ expiresOn: 'a', amount: 1 }, { expiresOn: 'b', amount: 2 }]);
  });
});

describe('stored-value lots', () => {
  const lot = (id: string, principal: number, bonus: number): WalletLot => ({
    lotId: id, principalGranted: principal, bonusGranted: bonus, principalLeft: principal, bonusLeft: bonus, toppedUpAt: new Date(0), refunded: false,
  });

  it.each`
    amount   | principal | bonus
    ${1200}  | ${1000}   | ${200}
    ${600}   | ${500}    | ${100}
    ${7}     | ${5}      | ${2}
    ${12000} | ${10000}  | ${2000}
  `('a payment of $amount from a 100+20 lot draws $principal principal and $bonus bonus', ({ amount, principal, bonus }) => {
    const { draws, lots } = drawFromLots([lot('a', 10000, 2000)], amount);
    expect(draws).toEqual([{ lotId: 'a', principal, bonus }]);
    expect(lots[0].principalLeft + lots[0].bonusLeft).toBe(12000 - amount);
  });

  it('keeps the granted proportion over many small payments (rounded on the running total)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.array(fc.integer({ min: 1, max: 5_000 }), { maxLength: 60 }), (principal, bonus, payments) => {
        let lots = [lot('a', principal, bonus)];
        let spent = 0;
        for (const payment of payments) {
          const take = Math.min(payment, lots[0].principalLeft + lots[0].bonusLeft);
          if (take === 0) break;
          lots = drawFromLots(lots, take).lots;
          spent += take;
          const [{ principalLeft, bonusLeft }] = lots;
          expect(principalLeft).toBeGreaterThanOrEqual(0);
          expect(bonusLeft).toBeGreaterThanOrEqual(0);
          expect(principal - principalLeft).toBe(mulDivFloor(spent, principal, principal + bonus));
        }
      }),
    );
  });

  it('refunds by the README formula after 2,000 one-fen payments', () => {
    let lots = [lot('a', 10000, 2000)];
    for (let i = 0; i < 2000; i++) lots = drawFromLots(lots, 1).lots;
    // spent principal = 2000 × 10000 / 12000 = 1666.67, rounded down: the member gets 83.34 back.
    expect(quoteTopupRefund(lots[0])).toMatchObject({ cashBack: 8334, bonusWithdrawn: 1666 });
  });

  it('draws the oldest lot first and spills into the next', () => {
    const { draws } = drawFromLots([lot('old', 1000, 0), lot('new', 10000, 2000)], 2200);
    expect(draws).toEqual([{ lotId: 'old', principal: 1000, bonus: 0 }, { lotId: 'new', principal: 1000, bonus: 200 }]);
  });

  it('refunds the unspent principal and withdraws the bonus left in the lot', () => {
    // Pay 100 get 120; spend 60 (50 principal + 10 bonus); refund returns 50 and withdraws 10.
    const { lots } = drawFromLots([lot('a', 10000, 2000)], 6000);
    expect(quoteTopupRefund(lots[0])).toEqual({ cashBack: 5000, bonusWithdrawn: 1000, spentPrincipal: 5000, spentBonus: 1000 });
  });

  it('multiplies and divides exactly beyond 2^53', () => {
    expect(mulDivFloor(9_000_000_000_000, 9_000_000, 7)).toBe(Number((9_000_000_000_000n * 9_000_000n) / 7n));
  });
});

describe('tiers', () => {
  const tiers = [
    { code: 'green', name: '绿', color: '', threshold: 0, benefits: DEFAULT_BRAND.tiers[0].benefits },
    { code: 'gold', name: '金', color: '', threshold: 1000, benefits: DEFAULT_BRAND.tiers[0].benefits },
  ];
  const brand = { ...DEFAULT_BRAND, tiers };
  const growth = (months: Record<string, number>) => ({ ...newAccounts('m1').growth, months });
  const member = (tierCode: string, extra = {}) => ({ _id: 'm1', memberNo: '1', openid: 'o', nickname: '', avatarUrl: null, tierCode, tierReviewAt: null, registeredAt: new Date(0), ...extra });

  it('counts growth in the rolling window only', () => {
    const months = { '2025-11': 500, '2025-12': 300, '2026-11': 200 };
    expect(windowGrowth(months, new Date('2026-11-23T00:00:00Z'), 'Asia/Shanghai', 12)).toBe(500);
    expect(tierForGrowth(tiers, 999).code).toBe('green');
    expect(tierForGrowth(tiers, 1000).code).toBe('gold');
  });

  it('turns missing growth into whole yuan still to spend', () => {
    expect(spendForGrowthFen(3900, 1)).toBe(3900_00);
    expect(spendForGrowthFen(5, 2)).toBe(3_00);
  });

  it.each`
    case                                 | tierCode  | months              | notice                                                   | expectTier | expectNotice
    ${'holds a tier still earned'}       | ${'gold'} | ${{ '2026-10': 1200 }} | ${null}                                               | ${'gold'}  | ${null}
    ${'announces a downgrade first'}     | ${'gold'} | ${{ '2026-10': 100 }}  | ${null}                                               | ${undefined} | ${'green'}
    ${'downgrades once notice is due'}   | ${'gold'} | ${{ '2026-10': 100 }}  | ${{ toCode: 'green', effectiveAt: new Date('2026-11-01') }} | ${'green'} | ${null}
    ${'waits while notice is running'}   | ${'gold'} | ${{ '2026-10': 100 }}  | ${{ toCode: 'green', effectiveAt: new Date('2026-12-20') }} | ${undefined} | ${undefined}
    ${'cancels notice when earned back'} | ${'gold'} | ${{ '2026-11': 1500 }} | ${{ toCode: 'green', effectiveAt: new Date('2026-12-20') }} | ${'gold'}  | ${null}
  `('$case', ({ tierCode, months, notice, expectTier, expectNotice }) => {
    const decision = evaluateTier(member(tierCode, { downgradeNotice: notice }), growth(months), brand, new Date('2026-11-23T00:00:00Z'));
    expect(decision.update.tierCode).toBe(expectTier);
    if (expectNotice === null) expect(decision.update.downgradeNotice).toBeNull();
    else if (expectNotice) expect(decision.update.downgradeNotice?.toCode).toBe(expectNotice);
    else expect(decision.update.downgradeNotice).toBeUndefined();
  });

  it('keeps an operator override until its end, then evaluates normally', () => {
    const override = { code: 'gold', until: new Date('2026-12-01'), reason: '活动', by: 'op' };
    const during = evaluateTier(member('green', { tierOverride: override }), growth({}), brand, new Date('2026-11-23'));
    expect(during.update).toEqual({ tierReviewAt: override.until });
    const after = evaluateTier(member('green', { tierOverride: override }), growth({}), brand, new Date('2026-12-02'));
    expect(after.update).toMatchObject({ tierOverride: null, tierCode: 'green' });
  });
});
