import type { LocalCloud } from '../../../scripts/local-cloud';
import { LocalPay } from '../../../scripts/local-cloud/services/pay';
import { MAX_REFUND_ATTEMPTS } from '../../../cloudfunctions/core/wallet/refund-sending';
import { callAs, startTestCloud } from '../../support/cloud';
import { register, requestId, sdkDb, seedWorld, setClock, topUp } from '../../support/world';

// The cron job and a member's retry send the same pending refund at once. WeChat Pay refunds
// once (same out_refund_no); one of the two calls comes back refused (e.g. a timeout while
// WeChat was still processing the other). Whatever order the two writes land in, a refund
// WeChat Pay has accepted must not end up `failed` (nor `pending`).

let cloud: LocalCloud;
let lotId: string;
let errorLog: jest.SpyInstance;
const original = LocalPay.prototype.callWxPayApi;
beforeEach(async () => {
  errorLog = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  cloud = await startTestCloud();
  await seedWorld();
  await register(cloud, 'openid-M');
  lotId = await topUp(cloud, 'openid-M', 'p100');
});
afterEach(async () => {
  LocalPay.prototype.callWxPayApi = original;
  errorLog.mockRestore();
  setClock(null);
  await cloud.close();
});

const refundRecord = () => cloud.db.dump('wallet_refunds')[0];
const refundedByWeChat = () => cloud.services.getPendingPayment(lotId)!.refunds.map((r) => r.refundFee);
const tick = () => cloud.host.invoke('cron', { Type: 'Timer', TriggerName: 't', Time: '' }, { source: 'timer' }) as Promise<any>;

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
    return original.call(this, options);
  };

  setClock(new Date(Date.now() + 15 * 60_000).toISOString());
  const [retry] = await Promise.all([callAs(cloud, 'openid-M', 'member', 'refundTopup', { lotId }, id), tick()]);
  expect(refundCalls).toBe(2);
  expect(refundedByWeChat()).toEqual([100_00]); // WeChat Pay did refund it
  expect(refundRecord().status).toBe('submitted');
  expect(retry.data.refundStatus).not.toBe('failed');
});
