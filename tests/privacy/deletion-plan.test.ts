import type { PointsAccountDoc, WalletBonusAccountDoc } from '../../cloudfunctions/core/ledger/accounts';
import { deletionPlan, forfeitChange, previewOf } from '../../cloudfunctions/core/privacy/deletion-plan';
import type { HoldingAccount } from '../../cloudfunctions/core/wallet/holds';

// What 注销 does to the balances, by hand: WeChat Pay refunds an order within 365 days of its
// payment and we stop two days earlier (refund-limits.ts), so a lot topped up on 2026-01-01T00:00Z
// can be refunded until 2026-12-30T00:00Z.

const TOPPED_UP = new Date('2026-01-01T00:00:00Z');
const SOON = new Date('2026-01-11T00:00:00Z');
const LATE = new Date('2026-12-30T00:00:00Z'); // the window has just closed

const lot = (lotId: string, principalLeft: number, bonusLeft: number, more: Record<string, unknown> = {}) => ({
  lotId,
  principalGranted: 10_000,
  bonusGranted: 2_000,
  principalLeft,
  bonusLeft,
  toppedUpAt: TOPPED_UP,
  refunded: false,
  ...more,
});

function accounts(lots: ReturnType<typeof lot>[], points = 0, debt = 0, holds: HoldingAccount['topupHolds'] = []) {
  const base = { memberId: 'm', version: 1 };
  return {
    points: { ...base, _id: 'm:points', asset: 'points', balance: points, buckets: points ? [{ expiresOn: '2027-12-31', remaining: points }] : [], debt, nextExpiryAt: null, earnedOn: null, remindedFor: null } as PointsAccountDoc,
    wallet_principal: { ...base, _id: 'm:wallet_principal', asset: 'wallet_principal', balance: lots.reduce((t, l) => t + l.principalLeft, 0), lots, topupHolds: holds } as HoldingAccount,
    wallet_bonus: { ...base, _id: 'm:wallet_bonus', asset: 'wallet_bonus', balance: lots.reduce((t, l) => t + l.bonusLeft, 0) } as WalletBonusAccountDoc,
  };
}

describe('deletionPlan', () => {
  test.each([
    // name, lots, unsent refunds, now, points → refundable, unrefundable, bonus, forfeit, block
    ['an untouched top-up inside its year: refund it first', [lot('A', 10_000, 2_000)], 0, SOON, 120, { refundablePrincipalFen: 10_000, unrefundablePrincipalFen: 0, bonusFen: 2_000, walletForfeitFen: 2_000, points: 120, block: 'WALLET_NOT_EMPTY' }],
    ['the same top-up once its year has closed: all forfeited', [lot('A', 10_000, 2_000)], 0, LATE, 0, { refundablePrincipalFen: 0, unrefundablePrincipalFen: 10_000, bonusFen: 2_000, walletForfeitFen: 12_000, points: 0, block: null }],
    ['a refunded lot a purchase refund put 30.00 back into: not refundable again', [lot('A', 3_000, 0, { refunded: true })], 0, SOON, 0, { refundablePrincipalFen: 0, unrefundablePrincipalFen: 3_000, bonusFen: 0, walletForfeitFen: 3_000, block: null }],
    ['an order that took its 50 refunds', [lot('A', 4_000, 800, { refundsSent: 50 })], 0, SOON, 0, { refundablePrincipalFen: 0, unrefundablePrincipalFen: 4_000, bonusFen: 800, walletForfeitFen: 4_800, block: null }],
    ['an old lot and a recent one: the recent principal must go back first', [lot('A', 5_000, 1_000, { toppedUpAt: new Date('2025-01-01T00:00:00Z') }), lot('B', 8_000, 1_600)], 0, SOON, 0, { refundablePrincipalFen: 8_000, unrefundablePrincipalFen: 5_000, bonusFen: 2_600, walletForfeitFen: 7_600, block: 'WALLET_NOT_EMPTY' }],
    ['a refund WeChat Pay has not taken yet blocks before anything else', [lot('A', 10_000, 2_000)], 1, SOON, 0, { refundablePrincipalFen: 10_000, block: 'WALLET_REFUND_PENDING' }],
    ['an empty wallet', [], 0, SOON, 0, { refundablePrincipalFen: 0, unrefundablePrincipalFen: 0, bonusFen: 0, walletForfeitFen: 0, block: null }],
  ] as const)('%s', (_name, lots, unsent, now, points, expected) => {
    expect(deletionPlan(accounts([...lots], points), unsent, now)).toMatchObject(expected);
  });

  test('an unpaid top-up order still payable blocks; one past its two hours does not', () => {
    const hold = { outTradeNo: 'T1', fen: 12_000, expiresAt: new Date('2026-01-11T02:00:00Z') };
    expect(deletionPlan(accounts([], 0, 0, [hold]), 0, SOON).block).toBe('TOPUP_ORDER_PENDING');
    expect(deletionPlan(accounts([], 0, 0, [hold]), 0, new Date('2026-01-11T02:00:00Z')).block).toBeNull();
  });

  test.each([
    // name, pending orders, now → block
    ['a plan order placed an hour ago, still payable', [{ purpose: 'plan', createdAt: '2026-01-10T23:00:00Z' }], SOON, 'PAYMENT_ORDER_PENDING'],
    ['the same plan order at its two hours: no longer payable', [{ purpose: 'plan', createdAt: '2026-01-10T22:00:00Z' }], SOON, null],
    ['a plan order closed with WeChat Pay', [{ purpose: 'plan', createdAt: '2026-01-10T23:00:00Z', closedAt: '2026-01-10T23:30:00Z' }], SOON, null],
    ['a top-up order among them keeps its own code', [{ purpose: 'plan', createdAt: '2026-01-10T23:00:00Z' }, { purpose: 'topup', createdAt: '2026-01-10T23:30:00Z' }], SOON, 'TOPUP_ORDER_PENDING'],
    ['an order of a purpose yet to come blocks too', [{ purpose: 'gift_card', createdAt: '2026-01-10T23:59:00Z' }], SOON, 'PAYMENT_ORDER_PENDING'],
  ] as const)('%s', (_name, orders, now, block) => {
    expect(deletionPlan(accounts([]), 0, now, orders).block).toBe(block);
  });

  test('a pending order blocks before refundable principal, after a refund on its way', () => {
    const pending = [{ purpose: 'plan', createdAt: '2026-01-10T23:00:00Z' }];
    expect(deletionPlan(accounts([lot('A', 10_000, 2_000)]), 0, SOON, pending).block).toBe('PAYMENT_ORDER_PENDING');
    expect(deletionPlan(accounts([lot('A', 10_000, 2_000)]), 1, SOON, pending).block).toBe('WALLET_REFUND_PENDING');
    expect(previewOf(deletionPlan(accounts([]), 0, SOON, pending)).blockedReason).toBe('有未完成的支付订单（如付费会员卡），请完成支付或 2 小时后再注销');
  });

  test('the preview says why it is blocked and what is given up', () => {
    const blocked = previewOf(deletionPlan(accounts([lot('A', 10_000, 2_000)], 120), 0, SOON));
    expect(blocked.blockedReason).toBe('储值中还有 ¥100.00 本金可以原路退回，请先在储值页申请退款');
    expect(blocked.consequences).toContain('剩余 120 积分将作废');
    const late = previewOf(deletionPlan(accounts([lot('A', 10_000, 2_000)]), 0, LATE));
    expect(late.blockedReason).toBeNull();
    expect(late.consequences).toContain('剩余储值 ¥120.00（其中赠送金 ¥20.00，无法原路退回的本金 ¥100.00）将放弃，须确认后注销');
  });
});

describe('forfeitChange', () => {
  const source = { type: 'account_deletion', id: 'm' };

  test('points, and each lot’s principal and bonus, in one entry each; everything ends at zero', () => {
    const { after, entries } = forfeitChange(accounts([lot('A', 5_000, 1_000), lot('B', 0, 300)], 300), source);
    expect(entries).toEqual([
      { asset: 'points', amount: -300, kind: 'forfeit', reason: '注销：积分作废', source },
      { asset: 'wallet_principal', amount: -5_000, kind: 'forfeit', reason: '注销：放弃无法退回的储值本金', source, lotId: 'A' },
      { asset: 'wallet_bonus', amount: -1_000, kind: 'forfeit', reason: '注销：放弃赠送金', source, lotId: 'A' },
      { asset: 'wallet_bonus', amount: -300, kind: 'forfeit', reason: '注销：放弃赠送金', source, lotId: 'B' },
    ]);
    expect([after.points.balance, after.points.buckets, after.wallet_principal.balance, after.wallet_bonus.balance]).toEqual([0, [], 0, 0]);
    expect(after.wallet_principal.lots.map((l) => [l.principalLeft, l.bonusLeft])).toEqual([[0, 0], [0, 0]]);
  });

  test('a points debt is written off by an entry that moves the debt alone', () => {
    const { after, entries } = forfeitChange(accounts([], 0, 40), source);
    expect(entries).toEqual([{ asset: 'points', amount: 0, debtDelta: -40, kind: 'forfeit', reason: '注销：欠还积分核销', source }]);
    expect(after.points.debt).toBe(0);
  });
});
