import { type CheckoutChoice, quoteInput, quoteMatches, recordInput, walletFenFor } from './checkout-request';
import { quoteFixture } from './quote-fixture';

const TICKET = 'T1.ticket.for.this.cashier';

describe('the stored value drawn', () => {
  const table: [string, CheckoutChoice['wallet'], number, number][] = [
    ['off: nothing', { on: false }, 3000, 0],
    ['on, no amount typed: the most allowed', { on: true, fen: null }, 3000, 3000],
    ['on, less than the most: as typed', { on: true, fen: 1250 }, 3000, 1250],
    ['on, more than the most: held to the most', { on: true, fen: 5000 }, 3000, 3000],
    ['on, empty wallet: nothing', { on: true, fen: null }, 0, 0],
  ];
  it.each(table)('%s', (_name, wallet, maxFen, expected) => {
    expect(walletFenFor(wallet, maxFen)).toBe(expected);
  });
});

describe('the quote request', () => {
  it('leaves the coupons to the server until the cashier picks', () => {
    expect(quoteInput(TICKET, { amountFen: 10000, usePoints: false, wallet: { on: false } }, 0)).toEqual({
      code: TICKET,
      amountFen: 10000,
      walletFen: 0,
      usePoints: false,
    });
  });

  it('sends [] for 不使用优惠券 and the points toggle and wallet as chosen', () => {
    expect(quoteInput(TICKET, { amountFen: 10000, couponIds: [], usePoints: true, wallet: { on: true, fen: null } }, 3000)).toEqual({
      code: TICKET,
      amountFen: 10000,
      walletFen: 3000,
      usePoints: true,
      couponIds: [],
    });
  });
});

describe('the confirmation', () => {
  it('names the preselected coupon and the quote remainder', () => {
    expect(recordInput(TICKET, quoteFixture(), 10000)).toEqual({
      code: TICKET,
      amountFen: 10000,
      walletFen: 0,
      usePoints: false,
      couponIds: ['coupon-a'],
      expectedRemainderFen: 8500,
    });
  });

  it('sends exactly the points and the stored value the quote drew', () => {
    // ¥100.00 − ¥5.00 − ¥10.00 = ¥85.00; 1,200 points take ¥12.00, the wallet ¥30.00: ¥43.00 left.
    const quote = quoteFixture({
      points: { balance: 1200, offer: { maxPoints: 1200, maxFen: 1200, limitedBy: 'balance', stepPoints: 1, stepFen: 1 }, ruleText: null, spent: 1200, fen: 1200 },
      wallet: { balanceFen: 3000, maxFen: 3000, fen: 3000 },
      remainderFen: 4300,
    });
    expect(recordInput(TICKET, quote, 10000)).toEqual({
      code: TICKET,
      amountFen: 10000,
      walletFen: 3000,
      usePoints: true,
      pointsRequested: 1200,
      couponIds: ['coupon-a'],
      expectedRemainderFen: 4300,
    });
  });

  it('sends no coupon when the quote used none', () => {
    expect(recordInput(TICKET, quoteFixture({ selectedCouponIds: [] }), 10000).couponIds).toEqual([]);
  });
});

describe('whether the quote on screen answers the choice', () => {
  const base: CheckoutChoice = { amountFen: 10000, usePoints: false, wallet: { on: false } };
  const table: [string, CheckoutChoice, boolean][] = [
    ['the same choice', base, true],
    ['another amount', { ...base, amountFen: 9000 }, false],
    ['the server preselection, whatever it chose', { ...base, couponIds: undefined }, true],
    ['the same coupons picked', { ...base, couponIds: ['coupon-a'] }, true],
    ['other coupons picked', { ...base, couponIds: [] }, false],
    ['points switched on since', { ...base, usePoints: true }, false],
    ['the wallet switched on since', { ...base, wallet: { on: true, fen: null } }, false],
  ];
  it.each(table)('%s', (_name, choice, expected) => {
    expect(quoteMatches(quoteFixture(), choice)).toBe(expected);
  });

  it('a points toggle with nothing to spend matches a quote that spent none', () => {
    const quote = quoteFixture({ points: { balance: 0, offer: { maxPoints: 0, maxFen: 0, limitedBy: 'balance', stepPoints: 1, stepFen: 1 }, ruleText: null, spent: 0, fen: 0 } });
    expect(quoteMatches(quote, { ...base, usePoints: true })).toBe(true);
  });
});
