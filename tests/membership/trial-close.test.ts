import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs } from '../support/cloud';
import { onASeededCloudEachTest, register, requestId, sdkDb, setClock } from '../support/world';
import { membershipTemplates, planInput, savePlan } from './helpers';

// The trial price's window. A trial order holds the trial for its 2 payable hours; a trial order
// paid in its last seconds whose notice arrives after a second trial order was placed must not
// leave two periods at the trial price. Before a new order takes the trial over, the earlier
// order is closed with WeChat Pay (cloudPay.closeOrder); if the close fails (or it was paid after
// all), the new order gets no trial price. And a trial-priced order credited after its
// reservation was taken over is credited at the price paid, marks trialUsed, and is not the trial.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const M = 'openid-trial-window';
const dump = (name: string) => cloud.db.dump(name) as any[];
const membership = (memberId: string) => dump('paid_memberships').find((m) => m._id === memberId);
const order = (outTradeNo: string) => dump('payment_orders').find((o) => o._id === outTradeNo);
const createOrder = (planId: string, expectedPayFen?: number) =>
  callAs(cloud, M, 'member', 'createPlanOrder', { planId, mode: 'buy', ...(expectedPayFen === undefined ? {} : { expectedPayFen }) }, requestId());

async function setUp(): Promise<{ planId: string; memberId: string; first: string }> {
  setClock('2026-03-01T00:00:00Z');
  const t = await membershipTemplates(cloud);
  const planId = await savePlan(cloud, planInput(t)); // ¥19.90, trial ¥9.90
  const { memberId } = await register(cloud, M);
  const placed = await createOrder(planId, 990);
  expect(placed.data).toMatchObject({ totalFee: 990, offer: { trial: true } });
  expect(membership(memberId).trialReservation).toMatchObject({ outTradeNo: placed.data.outTradeNo });
  return { planId, memberId, first: placed.data.outTradeNo };
}

describe('a new trial order after the first one’s reservation ran out', () => {
  it('closes the first with WeChat Pay, which then cannot be paid; the new one takes the trial', async () => {
    const { planId, memberId, first } = await setUp();
    setClock('2026-03-01T02:00:01Z');
    const second = await createOrder(planId, 990);
    expect(second.ok).toBe(true);
    expect(second.data).toMatchObject({ totalFee: 990, offer: { trial: true } });
    // Closed at WeChat Pay and marked here; the reservation is the new order's.
    expect(cloud.services.getPendingPayment(first)).toMatchObject({ status: 'closed' });
    expect(order(first)).toMatchObject({ status: 'pending' });
    expect(Math.abs(new Date(order(first).closedAt).getTime() - Date.parse('2026-03-01T02:00:01Z'))).toBeLessThan(5_000);
    expect(membership(memberId).trialReservation).toMatchObject({ outTradeNo: second.data.outTradeNo });
    // The first can no longer be paid (the local pay page refuses it as WeChat would).
    await expect(cloud.services.completePayment(first)).rejects.toThrow(/closed/);
    const status = await callAs(cloud, M, 'member', 'planOrderStatus', { outTradeNo: first });
    expect(status.data.status).toBe('pending');
    // The second, paid, is the one trial.
    await cloud.services.completePayment(second.data.outTradeNo);
    const doc = membership(memberId);
    expect(doc.periods.map((p: any) => [p.outTradeNo, p.paidFen, p.trial])).toEqual([[second.data.outTradeNo, 990, true]]);
    expect(doc.trialUsed).toBe(true);
    expect(doc.trialReservation).toBeNull();
    // The deletion check no longer counts the closed order as payable.
    expect(order(first).closedAt).toBeDefined();
  });

  it('the first was paid in its last seconds (notice late): the close finds it paid, credits it as the trial, and the new order pays the price', async () => {
    const { planId, memberId, first } = await setUp();
    setClock('2026-03-01T01:59:58Z');
    await cloud.services.completePayment(first, { deliver: false }); // paid at WeChat; the notice is on its way
    setClock('2026-03-01T02:00:30Z');
    const stale = await createOrder(planId, 990);
    expect(stale).toMatchObject({ ok: false, code: 'PRICE_CHANGED' });
    expect(stale.message).toContain('¥19.90');
    // Found paid by the close: credited now, as the trial.
    expect(cloud.services.getPendingPayment(first)).toMatchObject({ status: 'paid' });
    expect(order(first)).toMatchObject({ status: 'paid' });
    let doc = membership(memberId);
    expect(doc.periods.map((p: any) => [p.outTradeNo, p.paidFen, p.trial])).toEqual([[first, 990, true]]);
    expect(doc.trialUsed).toBe(true);
    const full = await createOrder(planId);
    expect(full.data).toMatchObject({ totalFee: 1990, offer: { trial: false } });
    // WeChat's late notice changes nothing.
    expect(await cloud.services.completePayment(first)).toEqual({ errcode: 0, errmsg: 'OK' });
    await cloud.services.completePayment(full.data.outTradeNo);
    doc = membership(memberId);
    expect(doc.periods.map((p: any) => [p.paidFen, p.trial])).toEqual([
      [990, true],
      [1990, false],
    ]);
  });

  it('the close fails (WeChat Pay down): no trial price for the new order, the first keeps the reservation; a later order closes it and takes the trial', async () => {
    const { planId, memberId, first } = await setUp();
    setClock('2026-03-01T02:00:01Z');
    cloud.services.setPayOutage('closeOrder');
    try {
      const refused = await createOrder(planId, 990);
      expect(refused).toMatchObject({ ok: false, code: 'PRICE_CHANGED' });
      const full = await createOrder(planId);
      expect(full.data).toMatchObject({ totalFee: 1990, offer: { trial: false } });
    } finally {
      cloud.services.setPayOutage('closeOrder', null);
    }
    expect(cloud.services.getPendingPayment(first)).toMatchObject({ status: 'pending' });
    expect(order(first).closedAt).toBeUndefined();
    expect(membership(memberId).trialReservation).toMatchObject({ outTradeNo: first });
    const later = await createOrder(planId, 990);
    expect(later.data).toMatchObject({ totalFee: 990, offer: { trial: true } });
    expect(cloud.services.getPendingPayment(first)).toMatchObject({ status: 'closed' });
    expect(membership(memberId).trialReservation).toMatchObject({ outTradeNo: later.data.outTradeNo });
  });
});

describe('crediting a trial-priced order whose reservation was taken over', () => {
  it('is credited at the price paid and marks trialUsed, and neither it nor the later one is a second trial', async () => {
    const { planId, memberId, first } = await setUp();
    setClock('2026-03-01T02:00:01Z');
    // As a deployment without the close did (or a close WeChat answered while a payment went
    // through): the first order counted as closed here, but still payable at WeChat Pay.
    await sdkDb().collection('payment_orders').doc(first).update({ data: { closedAt: new Date('2026-03-01T02:00:00Z') } });
    const second = await createOrder(planId, 990);
    expect(second.data).toMatchObject({ totalFee: 990, offer: { trial: true } });
    expect(membership(memberId).trialReservation).toMatchObject({ outTradeNo: second.data.outTradeNo });

    // The first's payment arrives: its reservation was taken over.
    await cloud.services.completePayment(first);
    let doc = membership(memberId);
    expect(doc.periods.map((p: any) => [p.outTradeNo, p.paidFen, p.trial, p.trialSuperseded ?? false])).toEqual([[first, 990, false, true]]);
    expect(doc.trialUsed).toBe(true);
    expect(doc.trialReservation).toMatchObject({ outTradeNo: second.data.outTradeNo });
    // No further trial is offered.
    const offers = await callAs(cloud, M, 'member', 'paidPlans', {});
    expect(offers.data.offers.find((o: { planId: string; mode: string }) => o.planId === planId && o.mode === 'buy')).toMatchObject({ trial: false, payFen: 1990 });

    // The second's payment (at the trial price) is credited at what was paid, not as a second trial.
    await cloud.services.completePayment(second.data.outTradeNo);
    doc = membership(memberId);
    expect(doc.periods.map((p: any) => [p.outTradeNo, p.paidFen, p.trial, p.trialSuperseded ?? false])).toEqual([
      [first, 990, false, true],
      [second.data.outTradeNo, 990, false, true],
    ]);
    expect(doc.periods.filter((p: any) => p.trial)).toHaveLength(0);
    expect(doc.trialUsed).toBe(true);
    expect(doc.trialReservation).toBeNull();
  });
});
