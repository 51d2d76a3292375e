import type { LocalCloud } from '../../scripts/local-cloud';
import { LocalPay } from '../../scripts/local-cloud/services/pay';
import { MAX_REFUND_ATTEMPTS } from '../../cloudfunctions/core/wallet/refund-sending';
import { callAs } from '../support/cloud';
import { balances, onASeededCloudEachTest, register, requestId, sdkDb, setClock, topUp } from '../support/world';

// A top-up refund moves the ledger first and then asks WeChat Pay for the money. When WeChat Pay
// cannot take the call, the member's retry or the cron job must send it later, exactly once.

let cloud: LocalCloud;
let memberId: string;
let lotId: string;
let errorLog: jest.SpyInstance;
const callWxPayApi = LocalPay.prototype.callWxPayApi;
onASeededCloudEachTest((seeded) => (cloud = seeded));
beforeEach(async () => {
  // A refused refund is logged for whoever watches the function's logs; kept out of the test output.
  errorLog = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  ({ memberId } = await register(cloud, 'openid-M'));
  lotId = await topUp(cloud, 'openid-M', 'p100');
});
afterEach(() => {
  LocalPay.prototype.callWxPayApi = callWxPayApi;
  errorLog.mockRestore();
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
  expect(data.jobs).toContainEqual({ name: 'wallet-refunds', processed: 1, done: true, failed: 0 });
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

// The cron job and a member's retry send the same pending refund at once. WeChat Pay refunds
// once (same out_refund_no); one of the two calls comes back refused (e.g. a timeout while
// WeChat was still processing the other). A refund WeChat Pay accepted must end up submitted.
it('a refund WeChat Pay accepted is not marked failed by a concurrent refused send', async () => {
  cloud.services.setPayOutage('refund');
  const id = requestId();
  const first = await callAs(cloud, 'openid-M', 'member', 'refundTopup', { lotId }, id);
  expect(first.data.refundStatus).toBe('pending');
  // Nineteen refusals so far (as after ~5 h of cron ticks during an outage).
  await sdkDb().collection('wallet_refunds').doc(refundRecord()._id).update({ data: { attempts: MAX_REFUND_ATTEMPTS - 1 } });
  cloud.services.setPayOutage('refund', null);

  let refundCalls = 0;
  LocalPay.prototype.callWxPayApi = async function (this: LocalPay, options: any) {
    if (options.apiName === 'refund' && ++refundCalls === 1) {
      // This call is slow and comes back refused; meanwhile the other call gets through.
      await new Promise((r) => setTimeout(r, 300));
      return Buffer.from(JSON.stringify({ return_code: 'SUCCESS', return_msg: 'OK', result_code: 'FAIL', err_code: 'SYSTEMERROR', err_code_des: '系统超时' }));
    }
    return callWxPayApi.call(this, options);
  };

  setClock(new Date(Date.now() + 15 * 60_000).toISOString());
  const [retry] = await Promise.all([callAs(cloud, 'openid-M', 'member', 'refundTopup', { lotId }, id), tick()]);
  expect(refundCalls).toBe(2);
  expect(refundedByWeChat()).toEqual([100_00]); // WeChat Pay did refund it
  expect(refundRecord().status).toBe('submitted');
  expect(retry.data.refundStatus).not.toBe('failed');
});
