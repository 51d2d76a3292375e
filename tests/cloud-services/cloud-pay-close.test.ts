import { LOCAL_APPID, LOCAL_ENV, installPerInvocationContext, runWithContext } from '../../scripts/local-cloud/context';
import { type Harness, startHarness } from './harness';

// cloudPay.closeOrder as WeChat Pay v2 closeorder documents it: a closed order can no longer be
// paid (the local pay page refuses it, unifiedOrder answers ORDERCLOSED), queryOrder answers
// trade_state CLOSED; a paid order answers ORDERPAID, a closed one ORDERCLOSED. wx-server-sdk
// covers err_code with its own errCode 0 in the camelCased answer, so errCodeDes is what a test
// (and the code, which asks queryOrder instead: payments/cloud-pay.ts closeUnpaidOrder) can read.

const ORDER = {
  body: '会员卡-月卡',
  spbillCreateIp: '127.0.0.1',
  subMchId: '1900000109',
  totalFee: 990,
  envId: 'local-env',
  functionName: 'pay',
  nonceStr: 'abcdef0123456789',
  tradeType: 'JSAPI',
};

function asMember(openid: string, work: () => Promise<any>): Promise<any> {
  return runWithContext({ OPENID: openid, APPID: LOCAL_APPID, ENV: LOCAL_ENV, SOURCE: 'wx_client' }, work);
}

describe('cloudPay.closeOrder, locally', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    installPerInvocationContext();
  });
  afterAll(() => h.close());

  const close = (outTradeNo: string) => h.cloud.cloudPay.closeOrder({ subMchId: ORDER.subMchId, outTradeNo, nonceStr: 'n-close' });
  const query = (outTradeNo: string) => h.cloud.cloudPay.queryOrder({ subMchId: ORDER.subMchId, outTradeNo, nonceStr: 'n-query' });

  it('closes an unpaid order for good: queryOrder CLOSED, the pay page and completePayment refuse it, ordering it again answers ORDERCLOSED', async () => {
    const placed = await asMember('o-closer', () => h.cloud.cloudPay.unifiedOrder({ ...ORDER, outTradeNo: 'PCLOSE1' }));
    const closed = await close('PCLOSE1');
    expect(closed).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', subMchId: ORDER.subMchId, errMsg: 'cloudPay.closeOrder:ok' });
    expect(h.services.getPendingPayment('PCLOSE1')).toMatchObject({ status: 'closed' });
    expect(await query('PCLOSE1')).toMatchObject({ resultCode: 'SUCCESS', tradeState: 'CLOSED', tradeStateDesc: '订单已关闭' });

    const page = await fetch(placed.payment.localPayUrl);
    expect(await page.text()).toContain('该订单已关闭，无法支付');
    const post = await fetch(placed.payment.localPayUrl, { method: 'POST', headers: { Accept: 'application/json' } });
    expect(post.status).toBe(409);
    expect(await post.json()).toEqual({ ok: false, message: '该订单已关闭，无法支付' });
    await expect(h.services.completePayment('PCLOSE1')).rejects.toThrow(/closed/);
    expect(h.invocations.filter((i: { event: { outTradeNo?: string } }) => i.event.outTradeNo === 'PCLOSE1')).toEqual([]);
    expect(await asMember('o-closer', () => h.cloud.cloudPay.unifiedOrder({ ...ORDER, outTradeNo: 'PCLOSE1' }))).toMatchObject({ resultCode: 'FAIL', errCodeDes: '当前订单已关闭，无法支付' });

    const again = await close('PCLOSE1');
    expect(again).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'FAIL', errCodeDes: '订单已关闭，无法重复关闭' });
  });

  it('a paid order answers ORDERPAID and stays paid', async () => {
    await asMember('o-closer', () => h.cloud.cloudPay.unifiedOrder({ ...ORDER, outTradeNo: 'PCLOSE2' }));
    await h.services.completePayment('PCLOSE2', { deliver: false });
    const answer = await close('PCLOSE2');
    expect(answer).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'FAIL', errCodeDes: '订单已支付，不能发起关单' });
    expect(await query('PCLOSE2')).toMatchObject({ tradeState: 'SUCCESS' });
  });

  it('an outage answers SYSTEMERROR, which leaves the order payable', async () => {
    await asMember('o-closer', () => h.cloud.cloudPay.unifiedOrder({ ...ORDER, outTradeNo: 'PCLOSE3' }));
    h.services.setPayOutage('closeOrder');
    const answer = await close('PCLOSE3');
    h.services.setPayOutage('closeOrder', null);
    expect(answer).toMatchObject({ resultCode: 'FAIL', errCodeDes: '系统超时，请稍后重试' });
    expect(await query('PCLOSE3')).toMatchObject({ tradeState: 'NOTPAY' });
  });
});
