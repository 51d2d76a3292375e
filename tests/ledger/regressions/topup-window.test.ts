import type { LocalCloud } from '../../../scripts/local-cloud';
import { callAs } from '../../support/cloud';
import { acceptStoredValueAgreement, onASeededCloudEachTest, register, requestId, setClock } from '../../support/world';

// Unpaid top-up orders hold room under the ceiling (¥1000 here) only for WeChat Pay's two hours,
// so an order older than that must not become payable again by a replay of its request.

let cloud: LocalCloud;
let errorLog: jest.SpyInstance;
onASeededCloudEachTest((seeded) => (cloud = seeded));
beforeEach(async () => {
  errorLog = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  await register(cloud, 'openid-M');
  await acceptStoredValueAgreement(cloud, 'openid-M');
});
afterEach(() => errorLog.mockRestore());

it('does not hand out payment for an order older than two hours once its room has been released', async () => {
  setClock('2026-03-10T04:00:00Z');
  const idA = requestId();
  const a = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p500' }, idA); // 600.00 of room
  expect(a.ok).toBe(true);
  setClock('2026-03-10T06:01:00Z'); // A no longer counts
  const b = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p500' }, requestId());
  expect(b.ok).toBe(true); // 600.00 more: fine only if A can no longer be paid
  const replayA = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p500' }, idA);
  // Correct: A's payment window is over; paying A and B would put 1200.00 in a ¥1000-ceiling wallet.
  expect(replayA.ok && replayA.data.payment).toBeFalsy();
});

it('a retry of a top-up order that has since been paid answers its first outcome, not a failure', async () => {
  const id = requestId();
  const first = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p100' }, id);
  expect(first.ok).toBe(true);
  await cloud.services.completePayment(first.data.outTradeNo);
  const retry = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p100' }, id);
  expect(retry).toMatchObject({ ok: true, replayed: true, data: { outTradeNo: first.data.outTradeNo } });
});
