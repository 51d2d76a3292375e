import type { LocalCloud } from '../../../scripts/local-cloud';
import { checkLedger } from '../../../cloudfunctions/core/ledger/check';
import { BusinessError } from '../../../cloudfunctions/core/platform/business-error';
import { type WalletAccounts, refundTopupLot, returnToWallet } from '../../../cloudfunctions/core/wallet/operations';
import { type RefundCountedLot, refundClosesAt, weChatRefundRefusal } from '../../../cloudfunctions/core/wallet/refund-limits';
import { callAs, snapshotAll } from '../../support/cloud';
import { CASHIER, account, balances, memberCode, onASeededCloudEachTest, register, requestId, setClock, topUp } from '../../support/world';

// WeChat Pay refunds an order only within a year of its payment and at most 50 times. A 14-month-old
// top-up's refund used to take the money out of the wallet, answer 已提交 and then fail 20 times,
// leaving the member with neither balance nor cash. Such a refund is now refused before anything
// is posted; a purchase refund whose principal would go back to such an order puts it back in the
// wallet instead.

const TOPPED_UP = new Date('2025-10-02T02:00:00Z');
const lot = (over: Partial<RefundCountedLot> = {}): RefundCountedLot => ({
  lotId: 'T1', principalGranted: 10000, bonusGranted: 2000, principalLeft: 10000, bonusLeft: 2000, toppedUpAt: TOPPED_UP, refunded: false, ...over,
});

describe('what WeChat Pay would still refund (pure)', () => {
  // Closes 365 − 2 days after the credit: 2025-10-02 02:00Z + 363 days = 2026-09-30 02:00Z (10:00 in Beijing).
  it('closes refunds two days before WeChat Pay’s 365', () => {
    expect(refundClosesAt(lot()).toISOString()).toBe('2026-09-30T02:00:00.000Z');
  });

  it.each`
    case                                        | at                        | refundsSent  | refunded | code
    ${'the day after the top-up'}               | ${'2025-10-03T02:00:00Z'} | ${undefined} | ${false} | ${null}
    ${'a minute before refunds close'}          | ${'2026-09-30T01:59:00Z'} | ${undefined} | ${false} | ${null}
    ${'when refunds close'}                     | ${'2026-09-30T02:00:00Z'} | ${undefined} | ${false} | ${'REFUND_WINDOW_CLOSED'}
    ${'14 months on'}                           | ${'2026-12-02T02:00:00Z'} | ${undefined} | ${false} | ${'REFUND_WINDOW_CLOSED'}
    ${'49 refunds taken'}                       | ${'2026-01-01T00:00:00Z'} | ${49}        | ${true}  | ${null}
    ${'50 refunds taken'}                       | ${'2026-01-01T00:00:00Z'} | ${50}        | ${true}  | ${'REFUND_LIMIT_REACHED'}
    ${'refunded before the count was kept'}     | ${'2026-01-01T00:00:00Z'} | ${undefined} | ${true}  | ${null}
  `('$case: $code', ({ at, refundsSent, refunded, code }) => {
    const refusal = weChatRefundRefusal(lot({ refundsSent, refunded }), new Date(at));
    expect(refusal?.code ?? null).toBe(code);
  });

  it('says why, with the day refunds closed', () => {
    expect(weChatRefundRefusal(lot(), new Date('2026-12-02T02:00:00Z'))?.message).toBe('该笔储值的退款期限已于2026年9月30日截止：微信支付只受理支付后一年内的退款');
  });

  const accounts = (l: RefundCountedLot, principal: number, bonus: number): WalletAccounts => ({
    wallet_principal: { _id: 'm:wallet_principal', memberId: 'm', asset: 'wallet_principal', balance: principal, version: 1, lots: [l] },
    wallet_bonus: { _id: 'm:wallet_bonus', memberId: 'm', asset: 'wallet_bonus', balance: bonus, version: 1 },
  });
  const source = { type: 'purchase_refund', id: 'P1' };

  it('refuses the top-up refund itself, before any change', () => {
    const refuse = () => refundTopupLot(accounts(lot(), 10000, 2000), 'T1', { type: 'topup_refund', id: 'T1' }, new Date('2026-12-02T02:00:00Z'));
    expect(refuse).toThrow(BusinessError);
    expect(refuse).toThrow(/微信支付只受理支付后一年内的退款/);
    const within = refundTopupLot(accounts(lot(), 10000, 2000), 'T1', { type: 'topup_refund', id: 'T1' }, new Date('2026-09-01T00:00:00Z'));
    expect(within.after.wallet_principal.lots[0]).toMatchObject({ refunded: true, principalLeft: 0, bonusLeft: 0, refundsSent: 1 });
  });

  // Pay 100 get 120, spend 60 (50 principal + 10 bonus), top-up refunded (50 back, 10 withdrawn):
  // the lot is closed and empty, one refund taken. Then the ¥60 purchase is refunded.
  const closed = (over: Partial<RefundCountedLot> = {}) => lot({ principalLeft: 0, bonusLeft: 0, refunded: true, refundsSent: 1, ...over });
  const draw = { lotId: 'T1', principal: 5000, bonus: 1000 };

  it.each`
    case                         | now                       | refundsSent | cash    | principalAfter | lotPrincipal | refundsAfter
    ${'within WeChat’s year'}    | ${'2026-03-01T00:00:00Z'} | ${1}        | ${5000} | ${0}           | ${0}         | ${2}
    ${'past WeChat’s year'}      | ${'2026-12-02T02:00:00Z'} | ${1}        | ${0}    | ${5000}        | ${5000}      | ${1}
    ${'after 50 refunds'}        | ${'2026-03-01T00:00:00Z'} | ${50}       | ${0}    | ${5000}        | ${5000}      | ${50}
  `('a purchase refund reaching a refunded top-up $case: cash $cash, wallet principal $principalAfter', ({ now, refundsSent, cash, principalAfter, lotPrincipal, refundsAfter }) => {
    const back = returnToWallet(accounts(closed({ refundsSent }), 0, 0), [draw], source, new Date(now));
    expect(back.sentBack).toEqual([{ lotId: 'T1', principal: cash, bonus: 1000 }]);
    expect(back.after.wallet_principal.balance).toBe(principalAfter);
    expect(back.after.wallet_bonus.balance).toBe(0); // the bonus comes back and is withdrawn either way
    expect(back.after.wallet_principal.lots[0]).toMatchObject({ refunded: true, principalLeft: lotPrincipal, bonusLeft: 0, refundsSent: refundsAfter });
    expect(back.entries.map((e) => [e.kind, e.asset, e.amount])).toEqual([
      ['reversal', 'wallet_principal', 5000],
      ['reversal', 'wallet_bonus', 1000],
      ...(cash > 0 ? [['topup_refund', 'wallet_principal', -5000]] : []),
      ['topup_refund', 'wallet_bonus', -1000],
    ]);
  });
});

describe('through the functions', () => {
  let cloud: LocalCloud;
  let memberId: string;
  let errorLog: jest.SpyInstance;
  onASeededCloudEachTest((seeded) => (cloud = seeded));
  beforeEach(async () => {
    errorLog = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    setClock(TOPPED_UP.toISOString());
    ({ memberId } = await register(cloud, 'openid-M'));
  });
  afterEach(() => errorLog.mockRestore());

  const refundedByWeChat = (lotId: string) => cloud.services.getPendingPayment(lotId)!.refunds.map((r) => r.refundFee);
  const purchase = async (walletFen: number) => {
    const code = await memberCode(cloud, 'openid-M');
    const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: walletFen, walletFen }, requestId());
    expect(bought.ok).toBe(true);
    return bought.data.purchaseId as string;
  };

  it('refuses a 14-month-old top-up’s refund and posts nothing', async () => {
    const lotId = await topUp(cloud, 'openid-M', 'p100');
    setClock('2026-12-02T02:00:00Z');
    const { requests: _before, ...before } = snapshotAll(cloud);
    const id = requestId();
    const refused = await callAs(cloud, 'openid-M', 'member', 'refundTopup', { lotId }, id);
    expect(refused).toMatchObject({ ok: false, code: 'REFUND_WINDOW_CLOSED', message: '该笔储值的退款期限已于2026年9月30日截止：微信支付只受理支付后一年内的退款' });
    const { requests: _after, ...after } = snapshotAll(cloud);
    expect(after).toEqual(before);
    expect(balances(cloud, memberId)).toMatchObject({ principal: 100_00, bonus: 20_00 });
    expect(cloud.db.dump('wallet_refunds')).toEqual([]);
    expect(refundedByWeChat(lotId)).toEqual([]);
    expect(await callAs(cloud, 'openid-M', 'member', 'refundTopup', { lotId }, id)).toEqual({ ...refused, replayed: true });
    // The wallet says when refunds closed; the balance stays the member's to spend.
    const view = await callAs(cloud, 'openid-M', 'member', 'wallet', {});
    expect(view.data.lots[0]).toMatchObject({ lotId, refundClosesAt: expect.stringMatching(/^2026-09-30T02:00:00/), principalLeft: 100_00, refundableFen: 0 }); // the clock ran on for a few ms
  });

  it('still refunds a top-up within the window', async () => {
    const lotId = await topUp(cloud, 'openid-M', 'p100');
    setClock('2026-09-29T02:00:00Z');
    const refund = await callAs(cloud, 'openid-M', 'member', 'refundTopup', { lotId }, requestId());
    expect(refund).toMatchObject({ ok: true, data: { cashBackFen: 100_00, refundStatus: 'submitted' } });
    expect(refundedByWeChat(lotId)).toEqual([100_00]);
  });

  it('a purchase refund reaching a top-up refunded since, past WeChat Pay’s year, returns the principal to the wallet', async () => {
    const lotId = await topUp(cloud, 'openid-M', 'p100'); // pay 100, get 120
    const bought = await purchase(60_00); // 50 principal + 10 bonus
    const lotRefund = await callAs(cloud, 'openid-M', 'member', 'refundTopup', { lotId }, requestId());
    expect(lotRefund.data).toMatchObject({ cashBackFen: 50_00, bonusWithdrawnFen: 10_00, refundStatus: 'submitted' });

    setClock('2026-12-02T02:00:00Z'); // the goods come back 14 months later
    const refund = await callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: bought }, requestId());
    // The ¥50 cannot reach WeChat Pay any more: it is balance again; the ¥10 of bonus is withdrawn
    // as the top-up refund withdrew it, so the member ends where the cash refund would have left them.
    expect(refund).toMatchObject({ ok: true, data: { walletReturnedFen: 50_00, cashRefundedFen: 0, bonusWithdrawnFen: 10_00 } });
    expect(balances(cloud, memberId)).toMatchObject({ principal: 50_00, bonus: 0 });
    expect(account(cloud, memberId, 'wallet_principal').lots[0]).toMatchObject({ lotId, refunded: true, principalLeft: 50_00, bonusLeft: 0, refundsSent: 1 });
    expect(cloud.db.dump('wallet_refunds')).toHaveLength(1); // the top-up refund's only
    expect(refundedByWeChat(lotId)).toEqual([50_00]);
    const posted = cloud.db.dump('ledger_entries').filter((e: any) => e.source.type === 'purchase_refund' && e.asset.startsWith('wallet'));
    expect(posted.map((e: any) => [e.kind, e.asset, e.amount, e.reason])).toEqual([
      ['reversal', 'wallet_principal', 50_00, '消费退款退回储值（微信支付已无法原路退回）'],
      ['reversal', 'wallet_bonus', 10_00, '消费退款退回赠送金'],
      ['topup_refund', 'wallet_bonus', -10_00, '该笔储值已退款，收回赠送金'],
    ]);

    // The member spends it like any balance.
    await purchase(50_00);
    expect(balances(cloud, memberId)).toMatchObject({ principal: 0, bonus: 0 });
    expect(checkLedger(cloud.db.dump('accounts'), cloud.db.dump('ledger_entries'))).toEqual([]);
  });

  it('a purchase refund that would be the order’s 51st refund returns the principal to the wallet', async () => {
    const lotId = await topUp(cloud, 'openid-M', 'p100');
    const purchases: string[] = [];
    for (let i = 0; i < 50; i++) purchases.push(await purchase(1_20)); // each 1.00 principal + 0.20 bonus
    const lotRefund = await callAs(cloud, 'openid-M', 'member', 'refundTopup', { lotId }, requestId());
    expect(lotRefund.data).toMatchObject({ cashBackFen: 50_00, bonusWithdrawnFen: 10_00 }); // refund 1
    for (const purchaseId of purchases.slice(0, 49)) {
      const sent = await callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId }, requestId()); // refunds 2…50
      expect(sent.data).toMatchObject({ cashRefundedFen: 1_00, bonusWithdrawnFen: 20 });
    }
    expect(refundedByWeChat(lotId)).toHaveLength(50);
    const last = await callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: purchases[49] }, requestId());
    expect(last).toMatchObject({ ok: true, data: { walletReturnedFen: 1_00, cashRefundedFen: 0, bonusWithdrawnFen: 20 } });
    expect(refundedByWeChat(lotId)).toHaveLength(50);
    expect(cloud.db.dump('wallet_refunds').map((r: any) => r.status)).toEqual(Array(50).fill('submitted'));
    expect(balances(cloud, memberId)).toMatchObject({ principal: 1_00, bonus: 0 });
    expect(account(cloud, memberId, 'wallet_principal').lots[0]).toMatchObject({ refundsSent: 50, principalLeft: 1_00 });
    expect(checkLedger(cloud.db.dump('accounts'), cloud.db.dump('ledger_entries'))).toEqual([]);
  });
});
