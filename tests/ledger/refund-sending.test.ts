import type { LocalCloud } from '../../scripts/local-cloud';
import { MAX_REFUND_ATTEMPTS } from '../../cloudfunctions/core/wallet/refund-sending';
import { callAs, startTestCloud } from '../support/cloud';
import { balances, register, requestId, seedWorld, setClock, topUp } from '../support/world';

// A top-up refund moves the ledger first and then asks WeChat Pay for the money. When WeChat Pay
// cannot take the call, the member's retry or the cron job must send it later, exactly once.

let cloud: LocalCloud;
let memberId: string;
let lotId: string;
let errorLog: jest.SpyInstance;
beforeEach(async () => {
  // A refused refund is logged for whoever watches the function's logs; kept out of the test output.
  errorLog = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  cloud = await startTestCloud();
  await seedWorld();
  ({ memberId } = await register(cloud, 'openid-M'));
  lotId = await topUp(cloud, 'openid-M', 'p100');
});
afterEach(async () => {
  errorLog.mockRestore();
  setClock(null);
  await cloud.close();
});

const refundRecord = () => cloud.db.dump('wallet_refunds')[0];
const refundedByWeChat = () => cloud.services.getPendingPayment(lotId)!.refunds.map((r) => r.refundFee);
const tick = () => cloud.host.invoke('cron', { Type: 'Timer', TriggerName: 't', Time: '' }, { source: 'timer' }) as Promise<any>;
let minutes = 0;
/** Cron runs every 15 minutes; each tick here is a later moment than the last. */
const later = () => setClock(new Date(Date.now() + (minutes += 15) * 60_000).toISOString());

it('sends the money again when the member retries a refund WeChat Pay refused', async () => {
  cloud.services.setPayOutage('refund');
  const id = requestId();
  const first = await callAs(cloud, 'openid-M', 'member', 'refundTopup', { lotId }, id);
  expect(first).toMatchObject({ ok: true, data: { cashBackFen: 100_00, bonusWithdrawnFen: 20_00, refundStatus: 'pending' } });
  expect(balances(cloud, memberId)).toMatchObject({ principal: 0, bonus: 0 });
  expect(refundRecord()).toMatchObject({ status: 'pending', attempts: 1, lastAnswer: { resultCode: 'FAIL' } });
  expect(refundedByWeChat()).toEqual([]);
  expect(errorLog).toHaveBeenCalledWith(expect.stringContaining('not sent (attempt 1)'), expect.anything());
  const lotView = async () => (await callAs(cloud, 'openid-M', 'member', 'wallet', {})).data.lots[0];
  expect(await lotView()).toMatchObject({ refunded: true, refundState: 'pending', refundableFen: 0 });

  cloud.services.setPayOutage('refund', null);
  const retry = await callAs(cloud, 'openid-M', 'member', 'refundTopup', { lotId }, id);
  expect(retry).toEqual({ ...first, data: { ...first.data, refundStatus: 'submitted' }, replayed: true });
  expect(refundRecord()).toMatchObject({ status: 'submitted', attempts: 2 });
  expect(refundedByWeChat()).toEqual([100_00]);
  expect((await lotView()).refundState).toBeUndefined();

  // Once sent, a further retry neither calls WeChat Pay nor moves the ledger.
  const third = await callAs(cloud, 'openid-M', 'member', 'refundTopup', { lotId }, id);
  expect(third).toEqual(retry);
  expect(refundRecord().attempts).toBe(2);
  expect(refundedByWeChat()).toEqual([100_00]);
  expect(balances(cloud, memberId)).toMatchObject({ principal: 0, bonus: 0 });
  expect(cloud.db.dump('ledger_entries').filter((e: any) => e.kind === 'topup_refund')).toHaveLength(2);
});

it('the cron job sends a refund left pending, once, when WeChat Pay is back', async () => {
  cloud.services.setPayOutage('refund');
  await callAs(cloud, 'openid-M', 'member', 'refundTopup', { lotId }, requestId());
  later();
  await tick();
  expect(refundRecord()).toMatchObject({ status: 'pending', attempts: 2 });

  cloud.services.setPayOutage('refund', null);
  later();
  const { data } = await tick();
  expect(data.jobs).toContainEqual({ name: 'wallet-refunds', processed: 1, done: true });
  expect(refundRecord()).toMatchObject({ status: 'submitted', attempts: 3 });
  later();
  await tick();
  expect(refundRecord().attempts).toBe(3);
  expect(refundedByWeChat()).toEqual([100_00]);
});

it('stops after repeated refusals and marks the refund failed for a person to act on', async () => {
  cloud.services.setPayOutage('refund', 'NOTENOUGH');
  await callAs(cloud, 'openid-M', 'member', 'refundTopup', { lotId }, requestId());
  for (let i = 1; i < MAX_REFUND_ATTEMPTS; i++) {
    later();
    await tick();
  }
  expect(refundRecord()).toMatchObject({ status: 'failed', attempts: MAX_REFUND_ATTEMPTS, lastAnswer: { resultCode: 'FAIL' } });
  cloud.services.setPayOutage('refund', null);
  later();
  await tick();
  expect(refundRecord().status).toBe('failed');
  expect(refundedByWeChat()).toEqual([]);
});
