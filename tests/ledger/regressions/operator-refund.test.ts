import type { LocalCloud } from '../../../scripts/local-cloud';
import { callAs } from '../../support/cloud';
import { CASHIER, OPERATOR, balances, entriesOf, memberCode, onASeededCloudEachTest, register, requestId, sdkDb } from '../../support/world';

// A purchase stayed refundable only by the cashier who recorded it, so once that cashier was
// disabled or moved store it could never be refunded. An operator can now refund it, with a
// reason, under a request-id scope of their own; the posting names the operator.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const M = 'openid-operator-refund';

it('refunds a purchase whose cashier was disabled, once, naming the operator', async () => {
  const { memberId } = await register(cloud, M);
  const recorded = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await memberCode(cloud, M), amountFen: 8_800, walletFen: 0 }, requestId());
  expect(recorded.ok).toBe(true);
  expect(balances(cloud, memberId)).toMatchObject({ points: 88, growth: 88 });
  await sdkDb().collection('staff').doc(CASHIER).update({ data: { active: false } });

  const byCashier = await callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: recorded.data.purchaseId }, requestId());
  expect(byCashier).toMatchObject({ ok: false, code: 'FORBIDDEN' });

  const id = requestId();
  const input = { purchaseId: recorded.data.purchaseId, reason: '店员离职，顾客退货' };
  const refunded = await callAs(cloud, OPERATOR, 'admin', 'refundPurchase', input, id);
  expect(refunded).toMatchObject({ ok: true, data: { pointsReversed: 88, growthReversed: 88 } });
  expect(balances(cloud, memberId)).toMatchObject({ points: 0, growth: 0, debt: 0 });
  const reversals = entriesOf(cloud, memberId).filter((e) => e.kind === 'reversal');
  expect(reversals).toHaveLength(2);
  for (const entry of reversals) expect(entry).toMatchObject({ actor: { type: 'operator', id: OPERATOR }, reason: expect.stringContaining('店员离职，顾客退货') });
  const purchase = (await sdkDb().collection('purchases').doc(recorded.data.purchaseId).get()).data;
  expect(purchase).toMatchObject({ status: 'refunded', refundedBy: { type: 'operator', id: OPERATOR } });

  // The replay answers the first outcome; a second refund under a new id is refused.
  expect(await callAs(cloud, OPERATOR, 'admin', 'refundPurchase', input, id)).toMatchObject({ ok: true, replayed: true, data: refunded.data });
  expect(await callAs(cloud, OPERATOR, 'admin', 'refundPurchase', input, requestId())).toMatchObject({ ok: false, code: 'ALREADY_REFUNDED' });
  expect(entriesOf(cloud, memberId).filter((e) => e.kind === 'reversal')).toHaveLength(2);
});

it('is refused to anyone who is not an operator, and needs a reason', async () => {
  await register(cloud, M);
  const recorded = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await memberCode(cloud, M), amountFen: 5_000, walletFen: 0 }, requestId());
  for (const caller of [CASHIER, M]) {
    expect(await callAs(cloud, caller, 'admin', 'refundPurchase', { purchaseId: recorded.data.purchaseId, reason: '退货' }, requestId())).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  }
  expect(await callAs(cloud, OPERATOR, 'admin', 'refundPurchase', { purchaseId: recorded.data.purchaseId }, requestId())).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  expect((await sdkDb().collection('purchases').doc(recorded.data.purchaseId).get()).data.status).toBe('completed');
});
