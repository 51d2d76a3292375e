import type { LocalCloud } from '../../scripts/local-cloud';
import { checkLedger } from '../../cloudfunctions/core/ledger/check';
import { callAs, startTestCloud } from '../support/cloud';
import { CASHIER, CASHIER_2, OPERATOR, acceptStoredValueAgreement, balances, entriesOf, memberCode, register, requestId, seedWorld } from '../support/world';

// medici's xacid test, for our ledger: races that must end with exact balances.

let cloud: LocalCloud;
beforeEach(async () => {
  cloud = await startTestCloud();
  await seedWorld();
});
afterEach(() => cloud.close());

/** A phone that retries with the same request id while the server says it is busy. */
async function callWithRetry(openid: string, fn: string, action: string, data: unknown, id: string) {
  for (let attempt = 1; ; attempt++) {
    const result = await callAs(cloud, openid, fn, action, data, id);
    if (result.ok || result.code !== 'BUSY' || attempt === 20) return result;
  }
}

function ledgerIsSound() {
  expect(checkLedger(cloud.db.dump('accounts'), cloud.db.dump('ledger_entries'))).toEqual([]);
}

describe('races', () => {
  it('50 parallel spends of 1 point against a balance of 10: exactly 10 succeed, balance 0', async () => {
    const { memberId, memberNo } = await register(cloud, 'openid-M');
    await callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: 10, reason: '测试发放' }, requestId());

    const results = await Promise.all(
      Array.from({ length: 50 }, () => callWithRetry(OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: -1, reason: '并发扣减' }, requestId())),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok).every((r) => r.code === 'INSUFFICIENT_POINTS')).toBe(true);
    expect(balances(cloud, memberId).points).toBe(0);
    expect(entriesOf(cloud, memberId).filter((e) => e.kind === 'deduct')).toHaveLength(10);
    ledgerIsSound();
  });

  it('20 concurrent deliveries of one payment notification credit once', async () => {
    const { memberId } = await register(cloud, 'openid-M');
    await acceptStoredValueAgreement(cloud, 'openid-M');
    const order = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p100' }, requestId());
    const answers = await Promise.all(Array.from({ length: 20 }, () => cloud.services.completePayment(order.data.outTradeNo)));
    expect(answers.every((answer: any) => answer.errcode === 0)).toBe(true);
    expect(balances(cloud, memberId)).toMatchObject({ principal: 100_00, bonus: 20_00 });
    expect(entriesOf(cloud, memberId).filter((e) => e.kind === 'topup')).toHaveLength(2); // principal + bonus, once
    ledgerIsSound();
  });

  it('two cashiers submitting one order with the same request id record one purchase', async () => {
    const { memberId } = await register(cloud, 'openid-M');
    const code = await memberCode(cloud, 'openid-M');
    const id = requestId();
    const [a, b] = await Promise.all([
      callWithRetry(CASHIER, 'staff', 'recordPurchase', { code, amountFen: 25_00 }, id),
      callWithRetry(CASHIER_2, 'staff', 'recordPurchase', { code, amountFen: 25_00 }, id),
    ]);
    expect(a.ok && b.ok).toBe(true);
    expect(a.data.purchaseId).toBe(b.data.purchaseId);
    expect([a.replayed, b.replayed].filter(Boolean)).toHaveLength(1);
    expect(cloud.db.dump('purchases')).toHaveLength(1);
    expect(balances(cloud, memberId).points).toBe(25);
    ledgerIsSound();
  });

  it('parallel wallet payments never overdraw the wallet', async () => {
    const { memberId } = await register(cloud, 'openid-M');
    await acceptStoredValueAgreement(cloud, 'openid-M');
    const order = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p100' }, requestId());
    await cloud.services.completePayment(order.data.outTradeNo); // ¥120 in the wallet
    const code = await memberCode(cloud, 'openid-M');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => callWithRetry(CASHIER, 'staff', 'recordPurchase', { code, amountFen: 50_00, walletFen: 50_00 }, requestId())),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results.filter((r) => !r.ok).every((r) => r.code === 'INSUFFICIENT_WALLET')).toBe(true);
    // Each ¥50 splits in the lot's proportion: 41.66 + 8.34, then 41.67 + 8.33 of what is left.
    expect(balances(cloud, memberId)).toMatchObject({ principal: 16_67, bonus: 3_33 });
    ledgerIsSound();
  });

  it('holds under injected conflicts at commit time too', async () => {
    await cloud.close();
    cloud = await startTestCloud({ database: { conflictSignal: 'commit' } });
    await seedWorld();
    const { memberId, memberNo } = await register(cloud, 'openid-M');
    await callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: 10, reason: '测试发放' }, requestId());
    cloud.db.faults.set({ conflictProbability: 0.3, seed: 7 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => callWithRetry(OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: -1, reason: '并发扣减' }, requestId())),
    );
    cloud.db.faults.clear();
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(balances(cloud, memberId).points).toBe(0);
    ledgerIsSound();
  });
});
