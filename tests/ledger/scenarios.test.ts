import type { LocalCloud } from '../../scripts/local-cloud';
import { checkLedger } from '../../cloudfunctions/core/ledger/check';
import { callAs, snapshotAll } from '../support/cloud';
import { CASHIER, CASHIER_2, OPERATOR, STORE, TEST_BRAND, acceptStoredValueAgreement, account, balances, entriesOf, memberCode, register, requestId, onASeededCloudEachTest, seedWorld, sdkDb, setClock, topUp } from '../support/world';

// Scenario tables in the TigerBeetle manner: one line per operation, with the code it must
// answer and the balances after it. Each table runs on a fresh cloud, one member "M".

type Op =
  | { op: 'purchase'; amountFen: number; walletFen?: number; by?: string; as?: string }
  | { op: 'refundPurchase'; purchase: string; by?: string }
  | { op: 'topup'; packageId: string }
  | { op: 'refundTopup'; lot: number }
  | { op: 'adjust'; amount: number }
  | { op: 'clock'; at: string }
  | { op: 'cron' };

interface Line {
  step: Op;
  code?: string;
  expect?: Partial<ReturnType<typeof balances>> & { tier?: string };
}

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

async function run(lines: Line[]) {
  const { memberId, memberNo } = await register(cloud, 'openid-M');
  const purchases: Record<string, string> = {};
  const lots: string[] = [];
  for (const [index, line] of lines.entries()) {
    const step = line.step;
    let result: any = { ok: true };
    switch (step.op) {
      case 'purchase': {
        const code = await memberCode(cloud, 'openid-M');
        result = await callAs(cloud, step.by ?? CASHIER, 'staff', 'recordPurchase', { code, amountFen: step.amountFen, walletFen: step.walletFen ?? 0 }, requestId());
        if (result.ok && step.as) purchases[step.as] = result.data.purchaseId;
        break;
      }
      case 'refundPurchase':
        result = await callAs(cloud, step.by ?? CASHIER, 'staff', 'refundPurchase', { purchaseId: purchases[step.purchase] }, requestId());
        break;
      case 'topup':
        lots.push(await topUp(cloud, 'openid-M', step.packageId));
        break;
      case 'refundTopup':
        result = await callAs(cloud, 'openid-M', 'member', 'refundTopup', { lotId: lots[step.lot] }, requestId());
        break;
      case 'adjust':
        result = await callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: step.amount, reason: '测试调整' }, requestId());
        break;
      case 'clock':
        setClock(step.at);
        break;
      case 'cron':
        result = await cloud.host.invoke('cron', { Type: 'Timer', TriggerName: 't', Time: '' }, { source: 'timer' });
        break;
    }
    const where = `line ${index + 1} ${JSON.stringify(step)}`;
    expect([where, result.ok ? 'ok' : result.code]).toEqual([where, line.code ?? 'ok']);
    if (line.expect) {
      const { tier, ...expected } = line.expect;
      expect([where, balances(cloud, memberId)]).toEqual([where, expect.objectContaining(expected)]);
      if (tier) expect([where, cloud.db.dump('members').find((m: any) => m._id === memberId).tierCode]).toEqual([where, tier]);
    }
    expect(checkLedger(cloud.db.dump('accounts'), cloud.db.dump('ledger_entries'))).toEqual([]);
  }
  return { memberId, memberNo };
}

describe('points from purchases', () => {
  it('earns per whole yuan, spends oldest first, refuses an overdraft', async () => {
    await run([
      { step: { op: 'clock', at: '2026-03-10T04:00:00Z' } },
      { step: { op: 'purchase', amountFen: 12_80 }, expect: { points: 12, growth: 12 } },
      { step: { op: 'purchase', amountFen: 99 }, expect: { points: 12, growth: 12 } },
      { step: { op: 'clock', at: '2027-02-01T04:00:00Z' } },
      { step: { op: 'purchase', amountFen: 100_00 }, expect: { points: 112, growth: 112 } },
      { step: { op: 'adjust', amount: -20 }, expect: { points: 92 } },
      { step: { op: 'adjust', amount: -93 }, code: 'INSUFFICIENT_POINTS', expect: { points: 92 } },
    ]);
    // The 20 came out of the 2027 bucket (the 12 earned in 2026 expire first, end of 2027).
    const points = cloud.db.dump('accounts').find((a: any) => a.asset === 'points');
    expect(points.buckets).toEqual([{ expiresOn: '2027-12-31', remaining: 0 + 12 - 12 }, { expiresOn: '2028-12-31', remaining: 92 }].filter((b) => b.remaining > 0));
  });

  it('expires a bucket at the end of its day and posts an expire entry', async () => {
    const { memberId } = await run([
      { step: { op: 'clock', at: '2026-03-10T04:00:00Z' } },
      { step: { op: 'purchase', amountFen: 50_00 }, expect: { points: 50 } },
      { step: { op: 'clock', at: '2027-12-31T15:00:00Z' } }, // 23:00 in Shanghai: still valid
      { step: { op: 'cron' }, expect: { points: 50 } },
      { step: { op: 'clock', at: '2027-12-31T16:00:01Z' } }, // 00:00:01 on 2028-01-01
      { step: { op: 'cron' }, expect: { points: 0, growth: 50 } },
      { step: { op: 'cron' }, expect: { points: 0 } },
    ]);
    expect(entriesOf(cloud, memberId).filter((e) => e.kind === 'expire').map((e) => e.amount)).toEqual([-50]);
  });

  it('applies the tier multiplier and upgrades at once', async () => {
    await run([
      { step: { op: 'purchase', amountFen: 900_00 }, expect: { points: 900, growth: 900, tier: 'green' } },
      { step: { op: 'purchase', amountFen: 100_00 }, expect: { points: 1000, growth: 1000, tier: 'gold' } },
      { step: { op: 'purchase', amountFen: 100_00 }, expect: { points: 1150, growth: 1100, tier: 'gold' } },
    ]);
    const me = await callAs(cloud, 'openid-M', 'member', 'me');
    expect(me.data.tierProgress).toEqual({ growthInWindow: 1100, next: { name: '黑金', growthNeeded: 3900, spendNeededFen: 3900_00 } });
  });

  it('reverses a refunded purchase, keeping spent points as a debt the next earning settles', async () => {
    await run([
      { step: { op: 'purchase', amountFen: 100_00, as: 'A' }, expect: { points: 100, growth: 100 } },
      { step: { op: 'adjust', amount: -70 }, expect: { points: 30 } },
      { step: { op: 'refundPurchase', purchase: 'A' }, expect: { points: 0, debt: 70, growth: 0 } },
      { step: { op: 'refundPurchase', purchase: 'A' }, code: 'ALREADY_REFUNDED', expect: { points: 0, debt: 70 } },
      { step: { op: 'purchase', amountFen: 50_00 }, expect: { points: 0, debt: 20, growth: 50 } },
      { step: { op: 'purchase', amountFen: 50_00 }, expect: { points: 30, debt: 0, growth: 100 } },
    ]);
  });

  it('caps purchase points per brand day, and a refund gives its points back to the day', async () => {
    await seedWorld({ points: { ...TEST_BRAND.points, dailyCapPoints: 500 } });
    await run([
      { step: { op: 'clock', at: '2026-03-10T04:00:00Z' } },
      { step: { op: 'purchase', amountFen: 500_00, as: 'A' }, expect: { points: 500 } }, // keyed ¥500 instead of ¥300
      { step: { op: 'purchase', amountFen: 10_00 }, expect: { points: 500, growth: 510 } }, // capped: growth still counts
      { step: { op: 'refundPurchase', purchase: 'A' }, expect: { points: 0, growth: 10 } },
      { step: { op: 'purchase', amountFen: 300_00 }, expect: { points: 300 } }, // the real order, same day
      { step: { op: 'purchase', amountFen: 300_00 }, expect: { points: 500 } }, // 200 of room left
      { step: { op: 'clock', at: '2026-03-10T16:00:30Z' } }, // 00:00:30 the next day in Shanghai
      { step: { op: 'purchase', amountFen: 10_00 }, expect: { points: 510 } },
    ]);
  });

  it('lets only the cashier who recorded a purchase refund it', async () => {
    await run([
      { step: { op: 'purchase', amountFen: 10_00, as: 'A' } },
      { step: { op: 'refundPurchase', purchase: 'A', by: CASHIER_2 }, code: 'PURCHASE_NOT_FOUND', expect: { points: 10 } },
    ]);
  });
});

describe('stored value', () => {
  it('tops up with bonus, pays in proportion, refunds the unspent principal', async () => {
    await run([
      { step: { op: 'topup', packageId: 'p100' }, expect: { principal: 100_00, bonus: 20_00 } },
      { step: { op: 'purchase', amountFen: 60_00, walletFen: 60_00 }, expect: { principal: 50_00, bonus: 10_00, points: 60 } },
      { step: { op: 'purchase', amountFen: 70_00, walletFen: 70_00 }, code: 'INSUFFICIENT_WALLET', expect: { principal: 50_00, bonus: 10_00, points: 60 } },
      { step: { op: 'refundTopup', lot: 0 }, expect: { principal: 0, bonus: 0 } },
      { step: { op: 'refundTopup', lot: 0 }, code: 'REFUND_NOT_ALLOWED', expect: { principal: 0, bonus: 0 } },
    ]);
    const refund = cloud.db.dump('wallet_refunds')[0];
    expect(refund).toMatchObject({ refundFee: 50_00, status: 'submitted' });
  });

  it('leaves the wallet accounts untouched by a purchase and refund without a wallet payment', async () => {
    const { memberId } = await register(cloud, 'openid-M');
    await topUp(cloud, 'openid-M', 'p100');
    const versions = () => ['wallet_principal', 'wallet_bonus'].map((asset) => account(cloud, memberId, asset).version);
    const before = versions();
    const code = await memberCode(cloud, 'openid-M');
    const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: 30_00, walletFen: 0 }, requestId());
    const refunded = await callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: bought.data.purchaseId }, requestId());
    expect([bought.ok, refunded.ok]).toEqual([true, true]);
    // Rewriting an unchanged account would only add conflicts with the member's top-ups.
    expect(versions()).toEqual(before);
    expect(balances(cloud, memberId)).toMatchObject({ principal: 100_00, bonus: 20_00, points: 0 });
  });

  it('returns a refunded purchase paid by wallet to the lots it came from', async () => {
    await run([
      { step: { op: 'topup', packageId: 'p100' } },
      { step: { op: 'purchase', amountFen: 30_00, walletFen: 30_00, as: 'A' }, expect: { principal: 75_00, bonus: 15_00 } },
      { step: { op: 'refundPurchase', purchase: 'A' }, expect: { principal: 100_00, bonus: 20_00, points: 0 } },
    ]);
  });

  it('sends a refunded purchase back to WeChat Pay for the part paid from a top-up refunded since', async () => {
    const { memberId } = await register(cloud, 'openid-M');
    const refunded = await topUp(cloud, 'openid-M', 'p100'); // pay 100, get 120
    const code = await memberCode(cloud, 'openid-M');
    const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: 60_00, walletFen: 60_00 }, requestId()); // 50 principal + 10 bonus
    const kept = await topUp(cloud, 'openid-M', 'p100');
    const lotRefund = await callAs(cloud, 'openid-M', 'member', 'refundTopup', { lotId: refunded }, requestId());
    expect(lotRefund.data).toMatchObject({ cashBackFen: 50_00, bonusWithdrawnFen: 10_00 });

    const id = requestId();
    const purchaseRefund = await callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: bought.data.purchaseId }, id);
    expect(purchaseRefund.data).toMatchObject({ walletReturnedFen: 0, cashRefundedFen: 50_00, bonusWithdrawnFen: 10_00 });
    // Nothing was delivered in the end: the whole ¥100 of that top-up is back with the member.
    const refundedByWeChat = (lotId: string) => cloud.services.getPendingPayment(lotId)!.refunds.reduce((t, r) => t + r.refundFee, 0);
    expect(refundedByWeChat(refunded)).toBe(100_00);
    expect(refundedByWeChat(kept)).toBe(0);
    expect(balances(cloud, memberId)).toMatchObject({ principal: 100_00, bonus: 20_00 });
    expect(cloud.db.dump('wallet_refunds').map((r: any) => r.status)).toEqual(['submitted', 'submitted']);
    expect(checkLedger(cloud.db.dump('accounts'), cloud.db.dump('ledger_entries'))).toEqual([]);

    // A retry answers the same and sends nothing more.
    expect(await callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: bought.data.purchaseId }, id)).toEqual({ ...purchaseRefund, replayed: true });
    expect(refundedByWeChat(refunded)).toBe(100_00);
  });

  it('counts unpaid top-up orders against the ceiling until WeChat Pay’s two hours are up', async () => {
    const { memberId } = await register(cloud, 'openid-M');
    await acceptStoredValueAgreement(cloud, 'openid-M');
    setClock('2026-03-10T04:00:00Z');
    const first = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p500' }, requestId()); // 600 of a 1,000 yuan ceiling, unpaid
    expect(first.ok).toBe(true);
    const second = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p500' }, requestId());
    expect(second).toMatchObject({ ok: false, code: 'WALLET_LIMIT_EXCEEDED' });
    expect(second.message).toContain('¥600.00 待支付订单');
    expect(cloud.db.dump('payment_orders')).toHaveLength(1);

    setClock('2026-03-10T06:01:00Z'); // the first order can no longer be paid
    const later = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p500' }, requestId());
    expect(later.ok).toBe(true);
    await cloud.services.completePayment(later.data.outTradeNo);
    expect(balances(cloud, memberId)).toMatchObject({ principal: 500_00, bonus: 100_00 });
  });

  it('refuses a top-up that would pass the balance ceiling, and nothing changes', async () => {
    const { memberId } = await register(cloud, 'openid-M');
    await topUp(cloud, 'openid-M', 'p500'); // 600 of a 1,000 yuan ceiling
    const { requests: _before, ...before } = snapshotAll(cloud);
    const id = requestId();
    const again = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p500' }, id);
    expect(again).toMatchObject({ ok: false, code: 'WALLET_LIMIT_EXCEEDED' });
    expect(again.message).toContain('¥400.00');
    // Only the refusal is remembered, so a retry answers the same.
    const { requests: _after, ...after } = snapshotAll(cloud);
    expect(after).toEqual(before);
    expect(await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p500' }, id)).toEqual({ ...again, replayed: true });
    expect(balances(cloud, memberId)).toMatchObject({ principal: 500_00, bonus: 100_00 });
  });
});

describe('idempotency', () => {
  it('gives a retried top-up order its payment parameters again', async () => {
    await register(cloud, 'openid-M');
    await acceptStoredValueAgreement(cloud, 'openid-M');
    const id = requestId();
    const first = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p100' }, id);
    const retry = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p100' }, id);
    expect(retry).toMatchObject({ ok: true, replayed: true, data: { outTradeNo: first.data.outTradeNo } });
    expect(retry.data.payment.paySign).toBeTruthy();
    expect(cloud.db.dump('payment_orders')).toHaveLength(1);
  });

  it('lets a top-up that WeChat Pay could not take be paid on retry', async () => {
    const errorLog = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await register(cloud, 'openid-M');
    await acceptStoredValueAgreement(cloud, 'openid-M');
    const id = requestId();
    cloud.services.setPayOutage('unifiedOrder');
    const first = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p100' }, id);
    expect(first).toMatchObject({ ok: false, code: 'PAYMENT_FAILED' });
    cloud.services.setPayOutage('unifiedOrder', null);
    const retry = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p100' }, id);
    expect(retry).toMatchObject({ ok: true, replayed: true });
    expect(cloud.db.dump('payment_orders')).toHaveLength(1);
    await cloud.services.completePayment(retry.data.outTradeNo);
    expect(cloud.db.dump('payment_orders')[0].status).toBe('paid');
    errorLog.mockRestore();
  });

  it('answers a replayed purchase with the first outcome and posts once', async () => {
    const { memberId } = await register(cloud, 'openid-M');
    const code = await memberCode(cloud, 'openid-M');
    const id = requestId();
    const first = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: 10_00 }, id);
    const again = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: 10_00 }, id);
    expect(again).toEqual({ ...first, replayed: true });
    expect(balances(cloud, memberId).points).toBe(10);
    const other = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: 11_00 }, id);
    expect(other).toMatchObject({ ok: false, code: 'IDEMPOTENCY_CONFLICT' });
    expect(balances(cloud, memberId).points).toBe(10);
  });

  it('records an order with the lookup’s checkout ticket long after the member code expired', async () => {
    setClock('2026-03-10T04:00:00Z');
    const { memberId } = await register(cloud, 'openid-M');
    const code = await memberCode(cloud, 'openid-M');
    const looked = await callAs(cloud, CASHIER, 'staff', 'lookupMember', { code });
    expect(looked.data.checkoutTicket).toMatch(/^C1\./);
    setClock('2026-03-10T04:05:00Z'); // the code is long gone; the cashier was still typing
    expect((await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: 10_00 }, requestId())).code).toBe('MEMBER_CODE_EXPIRED');
    // Another cashier cannot use it.
    expect((await callAs(cloud, CASHIER_2, 'staff', 'recordPurchase', { code: looked.data.checkoutTicket, amountFen: 10_00 }, requestId())).code).toBe('MEMBER_CODE_INVALID');
    const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: looked.data.checkoutTicket, amountFen: 10_00 }, requestId());
    expect(bought.ok).toBe(true);
    setClock('2026-03-10T04:10:01Z'); // ten minutes after the lookup
    expect((await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: looked.data.checkoutTicket, amountFen: 10_00 }, requestId())).code).toBe('MEMBER_CODE_EXPIRED');
    expect(balances(cloud, memberId).points).toBe(10);
  });

    it('answers a retried purchase with the first outcome even after the member code expired', async () => {
    const { memberId } = await register(cloud, 'openid-M');
    const code = await memberCode(cloud, 'openid-M');
    const id = requestId();
    const first = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: 10_00 }, id);
    setClock(new Date(Date.now() + 5 * 60_000).toISOString());
    const retry = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: 10_00 }, id);
    expect(retry).toEqual({ ...first, replayed: true });
    const fresh = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: 10_00 }, requestId());
    expect(fresh.code).toBe('MEMBER_CODE_EXPIRED');
    expect(balances(cloud, memberId).points).toBe(10);
  });

  it('does not answer a cashier’s refund to another cashier who reuses its request id', async () => {
    const { memberId } = await register(cloud, 'openid-M');
    const code = await memberCode(cloud, 'openid-M');
    const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: 10_00 }, requestId());
    const id = requestId();
    const refund = await callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: bought.data.purchaseId }, id);
    expect(refund.ok).toBe(true);
    const other = await callAs(cloud, CASHIER_2, 'staff', 'refundPurchase', { purchaseId: bought.data.purchaseId }, id);
    expect(other).toMatchObject({ ok: false, code: 'PURCHASE_NOT_FOUND' });
    expect(balances(cloud, memberId).points).toBe(0);
  });

  it('stops the cashiers of a store that was closed', async () => {
    const { memberId } = await register(cloud, 'openid-M');
    const code = await memberCode(cloud, 'openid-M');
    await sdkDb().collection('stores').doc(STORE).update({ data: { active: false } });
    const refused = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: 10_00 }, requestId());
    expect(refused).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '该门店已停用，请联系运营' });
    expect(balances(cloud, memberId).points).toBe(0);
    expect(cloud.db.dump('purchases')).toEqual([]);
  });

  it('replays a business failure too', async () => {
    const { memberNo, memberId } = await register(cloud, 'openid-M');
    const id = requestId();
    const first = await callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: -5, reason: '测试' }, id);
    expect(first.code).toBe('INSUFFICIENT_POINTS');
    await callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: 10, reason: '测试' }, requestId());
    const again = await callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: -5, reason: '测试' }, id);
    expect(again).toEqual({ ...first, replayed: true });
    expect(balances(cloud, memberId).points).toBe(10);
  });
});
