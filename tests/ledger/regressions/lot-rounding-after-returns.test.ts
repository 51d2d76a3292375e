import fc from 'fast-check';
import type { LocalCloud } from '../../../scripts/local-cloud';
import type { WalletLot } from '../../../cloudfunctions/core/ledger/accounts';
import { checkLedger } from '../../../cloudfunctions/core/ledger/check';
import { mulDivFloor } from '../../../cloudfunctions/core/ledger/arithmetic';
import { type LotDraw, drawFromLots, quoteTopupRefund, returnToLots } from '../../../cloudfunctions/core/wallet/lots';
import { callAs } from '../../support/cloud';
import { CASHIER, account, balances, memberCode, onASeededCloudEachTest, register, requestId, topUp } from '../../support/world';

// A returned payment (a refunded purchase paid by wallet) used to go back to its lot exactly as it
// was drawn, which left the lot off the README line `spent principal = floor(S × pG / G)`: the
// top-up refund then paid too much or too little. Whatever the mix of payments and returns, the
// lot must stay on that line.

const lot = (principal: number, bonus: number): WalletLot => ({
  lotId: 'a', principalGranted: principal, bonusGranted: bonus, principalLeft: principal, bonusLeft: bonus, toppedUpAt: new Date(0), refunded: false,
});

/** Pays `count` one-fen payments from the lot and answers each payment's draw. */
function onePennyPayments(start: WalletLot, count: number): { lot: WalletLot; draws: LotDraw[] } {
  let lots = [start];
  const draws: LotDraw[] = [];
  for (let i = 0; i < count; i++) {
    const paid = drawFromLots(lots, 1);
    lots = paid.lots;
    draws.push(...paid.draws);
  }
  return { lot: lots[0], draws };
}

function returnAll(start: WalletLot, draws: LotDraw[]): WalletLot {
  let lots = [start];
  for (const draw of draws) lots = returnToLots(lots, [draw]).lots;
  return lots[0];
}

describe('a lot stays on the refund formula after returned payments (pay 100, get 120)', () => {
  // Hand-computed. The n-th one-fen payment draws principal when floor(5n/6) > floor(5(n−1)/6):
  // five payments in every six draw principal, the sixth draws bonus.
  it.each`
    pattern                                                                 | payments | refunded       | principalLeft | bonusLeft | cashBack | bonusWithdrawn
    ${'6,000 payments, the 5,000 that drew principal refunded: 1,000 fen stand'} | ${6000}  | ${'principal'} | ${9167}       | ${1833}   | ${9167}  | ${1833}
    ${'600 payments, the 100 that drew bonus refunded: 500 fen stand'}      | ${600}   | ${'bonus'}     | ${9584}       | ${1916}   | ${9584}  | ${1916}
  `('$pattern', ({ payments, refunded, principalLeft, bonusLeft, cashBack, bonusWithdrawn }) => {
    const paid = onePennyPayments(lot(10000, 2000), payments);
    const back = paid.draws.filter((d) => (refunded === 'principal' ? d.principal : d.bonus) > 0);
    expect(back).toHaveLength(refunded === 'principal' ? 5000 : 100);
    const after = returnAll(paid.lot, back);
    // 1,000 fen stand: spent principal floor(1000 × 10000 / 12000) = 833, so 10000 − 833 = 9167 is
    //   left (drawing them back as drawn left 10000: 833 fen too much on the top-up refund).
    // 500 fen stand: spent principal floor(500 × 10000 / 12000) = 416, so 9584 is left (as drawn:
    //   9500, 84 fen too little).
    expect(after).toMatchObject({ principalLeft, bonusLeft });
    expect(quoteTopupRefund(after)).toMatchObject({ cashBack, bonusWithdrawn });
  });

  it('keeps principalLeft = principalGranted − floor(S × pG / G) after any mix of payments and returns', () => {
    type Step = { kind: 'pay'; amount: number } | { kind: 'return'; pick: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('pay' as const), amount: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 50_000 })) }),
      fc.record({ kind: fc.constant('return' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.array(step, { maxLength: 120 }), (principal, bonus, steps) => {
        let lots = [lot(principal, bonus)];
        const outstanding: LotDraw[] = [];
        for (const s of steps) {
          if (s.kind === 'pay') {
            const take = Math.min(s.amount, lots[0].principalLeft + lots[0].bonusLeft);
            if (take === 0) continue;
            const paid = drawFromLots(lots, take);
            lots = paid.lots;
            outstanding.push(...paid.draws);
          } else {
            if (outstanding.length === 0) continue;
            const [draw] = outstanding.splice(s.pick % outstanding.length, 1);
            lots = returnToLots(lots, [draw]).lots;
          }
          const [{ principalLeft, bonusLeft }] = lots;
          const spent = principal + bonus - principalLeft - bonusLeft;
          expect(spent).toBe(outstanding.reduce((t, d) => t + d.principal + d.bonus, 0));
          expect(principalLeft).toBe(principal - mulDivFloor(spent, principal, principal + bonus));
          expect(bonusLeft).toBeGreaterThanOrEqual(0);
          expect(bonusLeft).toBeLessThanOrEqual(bonus);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('through the functions', () => {
  let cloud: LocalCloud;
  onASeededCloudEachTest((seeded) => (cloud = seeded));

  it('a refunded one-fen purchase that drew bonus gives back what keeps the lot on the formula, and the top-up refund follows it', async () => {
    const { memberId } = await register(cloud, 'openid-M');
    const lotId = await topUp(cloud, 'openid-M', 'p100'); // pay 100, get 120
    const purchases: string[] = [];
    for (let i = 0; i < 6; i++) {
      const code = await memberCode(cloud, 'openid-M');
      const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: 1, walletFen: 1 }, requestId());
      expect(bought.ok).toBe(true);
      purchases.push(bought.data.purchaseId);
    }
    // Six fen spent: floor(6 × 5/6) = 5 principal, 1 bonus; the first payment drew the bonus fen.
    expect(balances(cloud, memberId)).toMatchObject({ principal: 9995, bonus: 1999 });
    const refund = await callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: purchases[0] }, requestId());
    expect(refund).toMatchObject({ ok: true, data: { walletReturnedFen: 1, cashRefundedFen: 0, bonusWithdrawnFen: 0 } });
    // Five fen stand: spent principal floor(5 × 5/6) = 4, so the fen comes back as principal.
    expect(balances(cloud, memberId)).toMatchObject({ principal: 9996, bonus: 1999 });
    expect(account(cloud, memberId, 'wallet_principal').lots[0]).toMatchObject({ principalLeft: 9996, bonusLeft: 1999 });
    const returned = cloud.db.dump('ledger_entries').filter((e: any) => e.postingId && e.kind === 'reversal' && e.asset.startsWith('wallet'));
    expect(returned.map((e: any) => [e.asset, e.amount])).toEqual([['wallet_principal', 1]]);

    const lotRefund = await callAs(cloud, 'openid-M', 'member', 'refundTopup', { lotId }, requestId());
    expect(lotRefund).toMatchObject({ ok: true, data: { cashBackFen: 9996, bonusWithdrawnFen: 1999 } });
    expect(checkLedger(cloud.db.dump('accounts'), cloud.db.dump('ledger_entries'))).toEqual([]);
  });
});
