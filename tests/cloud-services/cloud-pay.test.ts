import { LOCAL_APPID, LOCAL_ENV, installPerInvocationContext, runWithContext } from '../../scripts/local-cloud/context';
import { type Harness, startHarness } from './harness';

const ORDER = {
  body: '会员储值-100元',
  outTradeNo: 'TOPUP20250101A1',
  spbillCreateIp: '127.0.0.1',
  subMchId: '1900000109',
  totalFee: 10000,
  envId: 'local-env',
  functionName: 'pay',
  nonceStr: 'abcdef0123456789',
  tradeType: 'JSAPI',
  attach: 'wallet_topup',
};

/** Runs as a function invoked by a mini-program user, which is how cloudPay learns the payer. */
function asMember(openid: string, work: () => Promise<any>): Promise<any> {
  return runWithContext({ OPENID: openid, APPID: LOCAL_APPID, ENV: LOCAL_ENV, SOURCE: 'wx_client' }, work);
}

describe('cloudPay through wx-server-sdk, with the local pay page', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    installPerInvocationContext();
  });
  afterAll(() => h.close());

  let payment: any;

  it('unifiedOrder answers what the real API answers, plus a local pay page URL', async () => {
    const result = await asMember('o-payer-1', () => h.cloud.cloudPay.unifiedOrder(ORDER));
    expect(result).toMatchObject({
      returnCode: 'SUCCESS',
      returnMsg: 'OK',
      resultCode: 'SUCCESS',
      subMchId: '1900000109',
      subAppid: LOCAL_APPID,
      tradeType: 'JSAPI',
      prepayId: expect.stringMatching(/^wx/),
      errCode: 0,
      errMsg: 'cloudPay.unifiedOrder:ok',
    });
    payment = result.payment;
    expect(payment).toEqual({
      appId: LOCAL_APPID,
      timeStamp: expect.stringMatching(/^\d{10}$/),
      nonceStr: expect.any(String),
      package: `prepay_id=${result.prepayId}`,
      signType: 'MD5',
      paySign: expect.stringMatching(/^[0-9A-F]{32}$/),
      localPayUrl: `${h.baseUrl}/__local/pay?outTradeNo=${ORDER.outTradeNo}`,
    });
    expect(h.services.getPendingPayment(ORDER.outTradeNo)).toMatchObject({ status: 'pending', openid: 'o-payer-1', totalFee: 10000 });
    expect(h.db.dump('_local_payments')).toEqual([expect.objectContaining({ _id: ORDER.outTradeNo, status: 'pending' })]);
  });

  it('queryOrder says NOTPAY before the payment', async () => {
    const result = await h.cloud.cloudPay.queryOrder({ subMchId: ORDER.subMchId, outTradeNo: ORDER.outTradeNo, nonceStr: 'n1' });
    expect(result).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', tradeState: 'NOTPAY', errCode: 0 });
  });

  it('the pay page shows the order with a 确认支付 button', async () => {
    const response = await fetch(payment.localPayUrl);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('确认支付');
    expect(html).toContain('¥100.00');
    expect(html).toContain('会员储值-100元');
    expect(h.invocations).toHaveLength(0);
  });

  it('paying on the page delivers WeChat Pay’s notification to the function named in unifiedOrder', async () => {
    const response = await fetch(payment.localPayUrl, { method: 'POST', headers: { Accept: 'application/json' } });
    expect(await response.json()).toEqual({ ok: true, outTradeNo: ORDER.outTradeNo, answer: { errcode: 0, errmsg: 'OK' } });
    expect(h.invocations).toHaveLength(1);
    const { name, event, info } = h.invocations[0];
    expect(name).toBe('pay');
    expect(info).toEqual({ trigger: 'payment' });
    expect(event).toEqual({
      returnCode: 'SUCCESS',
      appid: expect.any(String),
      mchId: expect.any(String),
      subAppid: LOCAL_APPID,
      subMchId: '1900000109',
      nonceStr: expect.any(String),
      resultCode: 'SUCCESS',
      openid: expect.any(String),
      isSubscribe: 'N',
      subOpenid: 'o-payer-1',
      subIsSubscribe: 'N',
      tradeType: 'JSAPI',
      bankType: 'OTHERS',
      totalFee: 10000,
      feeType: 'CNY',
      cashFee: 10000,
      transactionId: expect.stringMatching(/^4200\d{24}$/),
      outTradeNo: ORDER.outTradeNo,
      timeEnd: expect.stringMatching(/^20\d{12}$/),
      attach: 'wallet_topup',
      userInfo: { appId: LOCAL_APPID, openId: 'o-payer-1' },
    });
  });

  it('delivers again on each completion (WeChat re-delivers), with the same transaction', async () => {
    h.answer = () => ({ errcode: 1, errmsg: 'busy' });
    await expect(h.services.completePayment(ORDER.outTradeNo)).resolves.toEqual({ errcode: 1, errmsg: 'busy' });
    h.answer = () => ({ errcode: 0, errmsg: 'OK' });
    await expect(h.services.completePayment(ORDER.outTradeNo)).resolves.toEqual({ errcode: 0, errmsg: 'OK' });
    expect(h.invocations).toHaveLength(3);
    const [first, second, third] = h.invocations.map((i) => i.event);
    expect(second.transactionId).toBe(first.transactionId);
    expect(third.timeEnd).toBe(first.timeEnd);
    expect(third.totalFee).toBe(10000);
  });

  it('queryOrder then says SUCCESS, and ordering the same outTradeNo again answers ORDERPAID', async () => {
    const query = await h.cloud.cloudPay.queryOrder({ subMchId: ORDER.subMchId, outTradeNo: ORDER.outTradeNo, nonceStr: 'n2' });
    expect(query).toMatchObject({ tradeState: 'SUCCESS', transactionId: h.invocations[0].event.transactionId, totalFee: 10000, cashFee: 10000 });
    const again = await asMember('o-payer-1', () => h.cloud.cloudPay.unifiedOrder(ORDER));
    expect(again).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'FAIL', errCodeDes: '该订单已支付' });
  });

  it('refunds, answers a retried refund with the first one, and refuses to refund more than was paid', async () => {
    const refund = { subMchId: ORDER.subMchId, outTradeNo: ORDER.outTradeNo, outRefundNo: 'R1', totalFee: 10000, refundFee: 3000, nonceStr: 'n3' };
    const first = await h.cloud.cloudPay.refund(refund);
    expect(first).toMatchObject({
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      outTradeNo: ORDER.outTradeNo,
      outRefundNo: 'R1',
      refundId: expect.any(String),
      refundFee: 3000,
      totalFee: 10000,
      errMsg: 'cloudPay.refund:ok',
    });
    const retried = await h.cloud.cloudPay.refund(refund);
    expect(retried.refundId).toBe(first.refundId);
    const tooMuch = await h.cloud.cloudPay.refund({ ...refund, outRefundNo: 'R2', refundFee: 8000 });
    expect(tooMuch).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'FAIL' });
    const query = await h.cloud.cloudPay.queryOrder({ subMchId: ORDER.subMchId, outTradeNo: ORDER.outTradeNo, nonceStr: 'n4' });
    expect(query.tradeState).toBe('REFUND');
    const unknown = await h.cloud.cloudPay.refund({ ...refund, outTradeNo: 'NEVER-ORDERED' });
    expect(unknown).toMatchObject({ resultCode: 'FAIL', errCodeDes: '订单不存在' });
  });

  it('finds the order again after a restart of the fakes (it lives in _local_payments)', async () => {
    const restarted = h.reinstall();
    expect(restarted.getPendingPayment(ORDER.outTradeNo)).toBeUndefined();
    const byTransaction = await h.cloud.cloudPay.queryOrder({ subMchId: ORDER.subMchId, transactionId: h.invocations[0].event.transactionId, nonceStr: 'n5' });
    expect(byTransaction).toMatchObject({ outTradeNo: ORDER.outTradeNo, tradeState: 'REFUND' });
    await restarted.completePayment(ORDER.outTradeNo);
    const last = h.invocations.at(-1)!;
    expect(last.event).toMatchObject({ outTradeNo: ORDER.outTradeNo, transactionId: h.invocations[0].event.transactionId, subOpenid: 'o-payer-1' });
  });

  it('answers 404 on the pay page and throws on completion for an unknown order', async () => {
    const response = await fetch(`${h.baseUrl}/__local/pay?outTradeNo=NOPE`);
    expect(response.status).toBe(404);
    await expect(h.services.completePayment('NOPE')).rejects.toThrow(/no cloudPay order NOPE/);
  });

  it('sends the browser back only to a page of this server', async () => {
    const post = (redirect: string) => fetch(`${payment.localPayUrl}&redirect=${encodeURIComponent(redirect)}`, { method: 'POST', redirect: 'manual' });
    const home = await post(`${h.baseUrl}/#/pages/wallet/index?outTradeNo=${ORDER.outTradeNo}`);
    expect([home.status, home.headers.get('location')]).toEqual([303, `${h.baseUrl}/#/pages/wallet/index?outTradeNo=${ORDER.outTradeNo}`]);
    for (const elsewhere of ['https://evil.example/', '//evil.example/x', 'javascript:alert(1)']) {
      const answer = await post(elsewhere);
      expect([elsewhere, answer.status, answer.headers.get('location')]).toEqual([elsewhere, 200, null]);
    }
  });
});

describe('cloudPay refunds within WeChat Pay’s limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    installPerInvocationContext();
  });
  afterAll(() => h.close());
  afterEach(() => delete process.env.LOCAL_CLOCK_OFFSET_MS);

  /** The functions' clock, which the fake reads too (tests move it with setClock). */
  const setClock = (at: string) => (process.env.LOCAL_CLOCK_OFFSET_MS = String(new Date(at).getTime() - Date.now()));
  const paidOrder = async (outTradeNo: string) => {
    await asMember('o-payer-2', () => h.cloud.cloudPay.unifiedOrder({ ...ORDER, outTradeNo }));
    await h.services.completePayment(outTradeNo, { deliver: false });
  };
  const refund = (outTradeNo: string, outRefundNo: string, refundFee = 1) =>
    h.cloud.cloudPay.refund({ subMchId: ORDER.subMchId, outTradeNo, outRefundNo, totalFee: 10000, refundFee, nonceStr: 'n' });

  it('pays on the functions’ clock and refuses a refund more than 365 days after the payment', async () => {
    setClock('2025-10-01T02:00:00Z');
    await paidOrder('TOLD1');
    expect(h.services.getPendingPayment('TOLD1')).toMatchObject({ status: 'paid', timeEnd: '20251001100000' });
    await paidOrder('TOLD2');

    setClock('2026-10-01T01:59:00Z'); // 364 days and 23 hours later: still refundable
    expect(await refund('TOLD1', 'R-in-time')).toMatchObject({ resultCode: 'SUCCESS', refundFee: 1 });
    setClock('2026-10-01T02:01:00Z'); // a minute past 365 days
    // err_code TRADE_OVERDUE; wx-server-sdk's own errCode (0) covers it in the camelCased answer.
    expect(await refund('TOLD2', 'R-late')).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'FAIL', errCodeDes: '订单已经超过退款期限' });
    expect(h.services.getPendingPayment('TOLD2')!.refunds).toEqual([]);
    // A refund accepted in time answers the same when retried later (same out_refund_no).
    expect(await refund('TOLD1', 'R-in-time')).toMatchObject({ resultCode: 'SUCCESS', refundFee: 1 });
  });

  it('takes 50 refunds on one order and refuses the 51st', async () => {
    await paidOrder('TMANY');
    for (let i = 1; i <= 50; i++) expect([i, (await refund('TMANY', `R${i}`)).resultCode]).toEqual([i, 'SUCCESS']);
    expect(await refund('TMANY', 'R51')).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'FAIL', errCodeDes: '同一笔订单的部分退款次数不能超过50次' });
    expect(h.services.getPendingPayment('TMANY')!.refunds).toHaveLength(50);
    // A retry of one of the fifty is still answered with that refund.
    expect(await refund('TMANY', 'R50')).toMatchObject({ resultCode: 'SUCCESS', outRefundNo: 'R50' });
  });
});
