import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, snapshotAll, startTestCloud } from '../support/cloud';
import { CASHIER, OPERATOR, memberCode, register, requestId, seedWorld, setClock, topUp } from '../support/world';

// Every mutating ledger action, fed bad amounts and foreign ids: a typed error, and nothing moves.

let cloud: LocalCloud;
let memberNo: string;
let code: string;
let purchaseId: string;
let lotId: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedWorld();
  ({ memberNo } = await register(cloud, 'openid-M'));
  await register(cloud, 'openid-other');
  lotId = await topUp(cloud, 'openid-M', 'p100');
  code = await memberCode(cloud, 'openid-M');
  const purchase = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: 10_00 }, requestId());
  purchaseId = purchase.data.purchaseId;
});
afterAll(async () => {
  setClock(null);
  await cloud.close();
});

const badAmounts = [0, -1, 1.5, Number.NaN, 1e12, '100', null, true, { $gt: 0 }];

/**
 * Nothing but the request record may change: a refusal that depends on the data (not found,
 * not enough) is remembered under its request id so that a retry answers the same.
 */
async function refused(openid: string, fn: string, action: string, data: unknown, code: string, withRequestId = true) {
  const { requests: requestsBefore = [], ...before } = snapshotAll(cloud);
  const result = await callAs(cloud, openid, fn, action, data, withRequestId ? requestId() : undefined);
  expect([fn, action, data, result.code]).toEqual([fn, action, data, code]);
  expect(result.message).toMatch(/[\u4e00-\u9fa5]/);
  const { requests: requestsAfter = [], ...after } = snapshotAll(cloud);
  expect(after).toEqual(before);
  const added = requestsAfter.slice(requestsBefore.length) as { outcome: { ok: boolean; code: string } }[];
  expect(added.every((r) => !r.outcome.ok && r.outcome.code === code)).toBe(true);
  if (code === 'INVALID_INPUT' || code === 'FORBIDDEN') expect(added).toHaveLength(0);
}

describe('bad input changes nothing', () => {
  it('refuses bad purchase amounts', async () => {
    for (const amountFen of badAmounts) await refused(CASHIER, 'staff', 'recordPurchase', { code, amountFen }, 'INVALID_INPUT');
    await refused(CASHIER, 'staff', 'recordPurchase', { code, amountFen: 10_00, walletFen: 20_00 }, 'INVALID_INPUT');
    await refused(CASHIER, 'staff', 'recordPurchase', { code, amountFen: 10_00, walletFen: -1 }, 'INVALID_INPUT');
    await refused(CASHIER, 'staff', 'recordPurchase', { code, amountFen: 10_00, memberId: 'm_x' }, 'INVALID_INPUT');
  });

  it('refuses bad point adjustments', async () => {
    for (const amount of badAmounts.filter((a) => a !== -1)) await refused(OPERATOR, 'admin', 'adjustPoints', { memberNo, amount, reason: '测试' }, 'INVALID_INPUT');
    await refused(OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: 5 }, 'INVALID_INPUT');
    await refused(OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: 5, reason: ' ' }, 'INVALID_INPUT');
    // Shown to the member in their history: no control characters, no bidi overrides or marks,
    // no lone surrogates, and something visible.
    for (const reason of ['补发\u0000积分', '补发\u202e分积', '\u2066补发积分\u2069', '\u200E补发积分', '补发\uD800积分', '\u200B\u200B', '\u200B \uFEFF\u2060']) {
      await refused(OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: 5, reason }, 'INVALID_INPUT');
    }
    await refused(OPERATOR, 'admin', 'adjustPoints', { memberNo: '0000000000', amount: 5, reason: '测试' }, 'MEMBER_NOT_FOUND');
  });

  it('refuses a history cursor it did not hand out', async () => {
    for (const before of ['garbage', '|', '123|', 'abc|def', `${Date.now()}|a b`]) {
      await refused('openid-M', 'member', 'history', { book: 'points', before }, 'INVALID_INPUT', false);
    }
    // The shape the server hands out is taken (wallet-history.test.ts pages with real ones).
    const wellFormed = await callAs(cloud, 'openid-M', 'member', 'history', { book: 'points', before: `${Date.now()}|pay_T1:0` });
    expect(wellFormed.ok).toBe(true);
  });

    it('requires a request id on every mutating action', async () => {
    await refused(CASHIER, 'staff', 'recordPurchase', { code, amountFen: 10_00 }, 'INVALID_INPUT', false);
    await refused('openid-M', 'member', 'createTopup', { packageId: 'p100' }, 'INVALID_INPUT', false);
    await refused(OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: 1, reason: '测试' }, 'INVALID_INPUT', false);
  });

  it('refuses forged, altered and expired member codes', async () => {
    await refused(CASHIER, 'staff', 'recordPurchase', { code: 'M1.forged.123.AAAAAAAAAAAAAAAAAAAAAA', amountFen: 10_00 }, 'MEMBER_CODE_INVALID');
    const tampered = code.slice(0, -2) + (code.endsWith('A') ? 'BB' : 'AA');
    await refused(CASHIER, 'staff', 'recordPurchase', { code: tampered, amountFen: 10_00 }, 'MEMBER_CODE_INVALID');
    setClock(new Date(Date.now() + 61_000).toISOString());
    await refused(CASHIER, 'staff', 'recordPurchase', { code, amountFen: 10_00 }, 'MEMBER_CODE_EXPIRED');
    await refused(CASHIER, 'staff', 'lookupMember', { code }, 'MEMBER_CODE_EXPIRED', false);
    setClock(null);
  });

  it('refuses other people\'s purchases, lots and unknown packages', async () => {
    await refused(CASHIER, 'staff', 'refundPurchase', { purchaseId: 'nonexistent-purchase' }, 'PURCHASE_NOT_FOUND');
    await refused('openid-other', 'member', 'refundTopup', { lotId }, 'ORDER_NOT_FOUND');
    await refused('openid-other', 'member', 'topupStatus', { outTradeNo: lotId }, 'ORDER_NOT_FOUND', false);
    await refused('openid-M', 'member', 'createTopup', { packageId: 'p999' }, 'TOPUP_PACKAGE_NOT_FOUND');
    await refused('openid-M', 'member', 'createTopup', { packageId: 123 }, 'INVALID_INPUT');
    expect(purchaseId).toBeTruthy();
  });

  it('refuses a consumer calling staff and operator actions', async () => {
    await refused('openid-M', 'staff', 'recordPurchase', { code, amountFen: 10_00 }, 'FORBIDDEN');
    await refused('openid-M', 'admin', 'adjustPoints', { memberNo, amount: 1000, reason: '给自己加分' }, 'FORBIDDEN');
  });

  it('records WeChat Pay’s transaction id, not the one a notification claims', async () => {
    const order = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p100' }, requestId());
    const { outTradeNo } = order.data;
    await cloud.services.completePayment(outTradeNo, { deliver: false }); // paid; WeChat's notification is late
    const early = await cloud.host.invoke('pay', { returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo, totalFee: 100_00, transactionId: 'forged-id' }, { openid: 'openid-M' });
    expect(early).toMatchObject({ errcode: 0 });
    const paid = cloud.db.dump('payment_orders').find((o: { _id: string }) => o._id === outTradeNo);
    expect(paid.transactionId).toBe(cloud.services.getPendingPayment(outTradeNo)!.transactionId);
    const credit = cloud.db.dump('ledger_entries').filter((e: any) => e.kind === 'topup' && e.source.id === outTradeNo);
    expect(credit.map((e: any) => e.actor.id)).toEqual([paid.transactionId, paid.transactionId]);
    const huge = await cloud.host.invoke('pay', { returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo, totalFee: 100_00, transactionId: 'x'.repeat(20_000) }, { openid: 'openid-M' });
    expect(huge).toMatchObject({ errcode: 400 });
  });

  it('refuses a forged payment notification', async () => {
    const before = snapshotAll(cloud);
    const forged = await cloud.host.invoke('pay', { returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo: 'Tforged', totalFee: 100_00 }, { openid: 'openid-M' });
    expect(forged).toMatchObject({ errcode: 404 });
    expect(snapshotAll(cloud).accounts).toEqual(before.accounts);
    const order = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p100' }, requestId());
    const afterOrder = snapshotAll(cloud);
    // The order exists but WeChat Pay says it is unpaid: no credit, and the attempt is logged.
    const errorLog = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const unpaid = await cloud.host.invoke('pay', { returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo: order.data.outTradeNo, totalFee: 100_00 }, { openid: 'openid-M' });
    const logged = errorLog.mock.calls.map(([line, error]) => `${line} ${(error as Error).message}`);
    errorLog.mockRestore();
    expect(unpaid).toMatchObject({ errcode: 500 });
    expect(logged).toEqual([expect.stringMatching(new RegExp(`settling ${order.data.outTradeNo} failed .*not confirmed by WeChat Pay`))]);
    // Placing the order wrote its hold on the principal account; the notification changed nothing.
    expect(snapshotAll(cloud).accounts).toEqual(afterOrder.accounts);
  });
});
