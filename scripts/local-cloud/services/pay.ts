import crypto from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { callerContext, servicesDatabase } from './context';
import { decodeApiOptions, type WxApiOptions } from './seam';

// `cloud.cloudPay.*` as the real service answers it. wx-server-sdk sends the caller's parameters
// converted to snake_case as a JSON Buffer through `CloudBase.callWxPayApi`, parses our JSON
// answer, converts it back to camelCase and adds `errCode: 0, errMsg: 'cloudPay.<api>:ok'`.
// Business failures (an order already paid, an unknown order...) are answered, not thrown, as
// WeChat Pay v2 does: `return_code`/`result_code` plus `err_code`/`err_code_des`.

/** The service provider's merchant id and appid that the cloudPay answers carry (the real ones are WeChat's). */
const PROVIDER_MCH_ID = '1800000000';
const PROVIDER_APPID = 'wx00000000provider';
const PAYMENTS = '_local_payments';

/** WeChat Pay refunds an order within a year of its payment (365 days here)… */
const REFUNDABLE_FOR_MS = 365 * 24 * 60 * 60 * 1000;
/** …and takes at most 50 refunds on one order (each a distinct out_refund_no). */
const MAX_REFUNDS_PER_ORDER = 50;

export interface PaymentNotificationDelivery {
  at: Date;
  answer: unknown;
}

/** An order created by `cloudPay.unifiedOrder`, whatever became of it since. */
export interface PendingPayment {
  outTradeNo: string;
  body: string;
  totalFee: number;
  subMchId: string;
  envId: string;
  /** The function WeChat notifies when the payment settles. */
  functionName: string;
  /** The payer, as the calling function's context says (or `sub_openid`/`openid` if given). */
  openid?: string;
  appid: string;
  attach?: string;
  nonceStr: string;
  prepayId: string;
  tradeType: string;
  /** 'closed': closed by cloudPay.closeOrder while unpaid; it can no longer be paid. */
  status: 'pending' | 'paid' | 'closed';
  createdAt: Date;
  closedAt?: Date;
  transactionId?: string;
  /** yyyyMMddHHmmss, China time, as WeChat writes it. */
  timeEnd?: string;
  paidAt?: Date;
  refunds: LocalRefund[];
  deliveries: PaymentNotificationDelivery[];
}

export interface LocalRefund {
  outRefundNo: string;
  refundId: string;
  refundFee: number;
  refundDesc?: string;
  createdAt: Date;
}

export type PayApi = 'unifiedOrder' | 'queryOrder' | 'refund' | 'closeOrder';

export class LocalPay {
  private readonly orders = new Map<string, PendingPayment>();
  private readonly outages = new Map<string, string>();

  constructor(
    private readonly publicBaseUrl: () => string,
    private readonly invokeFunction: (name: string, event: unknown, info?: { trigger: 'payment' }) => Promise<unknown>,
  ) {}

  async callWxPayApi(options: WxApiOptions): Promise<Buffer> {
    const request = JSON.parse(options.requestData.toString('utf8')) as Record<string, unknown>;
    const appid = decodeApiOptions(options.apiOptions).appid || callerContext().appid;
    let answer: Record<string, unknown>;
    const outage = this.outages.get(options.apiName);
    if (outage) {
      answer = { return_code: 'SUCCESS', return_msg: 'OK', result_code: 'FAIL', err_code: outage, err_code_des: '系统超时，请稍后重试' };
      return Buffer.from(JSON.stringify(answer));
    }
    switch (options.apiName) {
      case 'unifiedOrder':
        answer = await this.unifiedOrder(request, appid);
        break;
      case 'queryOrder':
        answer = await this.queryOrder(request);
        break;
      case 'refund':
        answer = await this.refund(request);
        break;
      case 'closeOrder':
        answer = await this.closeOrder(request);
        break;
      default:
        // The shape of a tcb error, which wx-server-sdk throws as `cloudPay.<api>:fail ...`.
        answer = { code: 'INVALID_PARAM', message: `local cloud does not emulate cloudPay.${options.apiName}` };
    }
    return Buffer.from(JSON.stringify(answer));
  }

  setOutage(api: PayApi, errCode: string | null): void {
    if (errCode) this.outages.set(api, errCode);
    else this.outages.delete(api);
  }

  getPendingPayment(outTradeNo: string): PendingPayment | undefined {
    return this.orders.get(outTradeNo);
  }

  /**
   * Settles the order (once) and delivers WeChat's notification to its function (every time);
   * `deliver: false` settles only, as when the notification is late.
   */
  async completePayment(outTradeNo: string, options: { deliver?: boolean } = {}): Promise<unknown> {
    const order = await this.find(outTradeNo);
    if (!order) throw new Error(`[local-cloud] no cloudPay order ${outTradeNo}`);
    // WeChat Pay takes no payment for a closed order.
    if (order.status === 'closed') throw new Error(`[local-cloud] cloudPay order ${outTradeNo} is closed and cannot be paid`);
    if (order.status === 'pending') {
      const now = localNow();
      order.status = 'paid';
      order.paidAt = now;
      order.timeEnd = chinaTimestamp(now);
      order.transactionId = `4200${order.timeEnd.slice(0, 8)}${digits(16)}`;
      await this.save(order);
    }
    if (options.deliver === false) return undefined;
    const answer = await this.invokeFunction(order.functionName, paymentNotification(order), { trigger: 'payment' });
    order.deliveries.push({ at: localNow(), answer: jsonCopy(answer) });
    await this.save(order);
    return answer;
  }

  // --- the APIs ---------------------------------------------------------------------------

  private async unifiedOrder(req: Record<string, unknown>, appid: string): Promise<Record<string, unknown>> {
    const missing = ['body', 'out_trade_no', 'spbill_create_ip', 'sub_mch_id', 'total_fee', 'env_id', 'function_name']
      .filter((key) => req[key] === undefined || req[key] === '');
    if (missing.length > 0) return { return_code: 'FAIL', return_msg: `缺少参数${missing.join(',')}` };
    const totalFee = req.total_fee;
    if (typeof totalFee !== 'number' || !Number.isInteger(totalFee) || totalFee <= 0) {
      return { return_code: 'FAIL', return_msg: 'total_fee 参数格式错误' };
    }
    const outTradeNo = String(req.out_trade_no);
    if (!/^[0-9A-Za-z_\-|*]{1,32}$/.test(outTradeNo)) {
      return { return_code: 'FAIL', return_msg: 'out_trade_no 参数格式错误' };
    }

    const existing = await this.find(outTradeNo);
    if (existing?.status === 'paid') return fail(existing, 'ORDERPAID', '该订单已支付');
    if (existing?.status === 'closed') return fail(existing, 'ORDERCLOSED', '当前订单已关闭，无法支付');
    if (existing && (existing.totalFee !== totalFee || existing.body !== String(req.body))) {
      return fail(existing, 'INVALID_REQUEST', '201 商户订单号重复');
    }
    // Same order placed again with the same content: WeChat hands back the same prepay.
    const order = existing ?? this.newOrder(req, outTradeNo, totalFee, appid);
    if (!existing) await this.save(order);

    const timeStamp = String(Math.floor(localNow().getTime() / 1000));
    const nonceStr = randomNonce();
    const pkg = `prepay_id=${order.prepayId}`;
    return {
      ...envelope(order),
      nonce_str: nonceStr,
      result_code: 'SUCCESS',
      trade_type: order.tradeType,
      prepay_id: order.prepayId,
      payment: {
        appId: order.appid,
        timeStamp,
        nonceStr,
        package: pkg,
        signType: 'MD5',
        paySign: md5(`${order.appid}${timeStamp}${nonceStr}${pkg}`).toUpperCase(),
        /** Local only: the page where a developer (or a browser test) pays this order. */
        localPayUrl: `${this.publicBaseUrl()}/__local/pay?outTradeNo=${encodeURIComponent(outTradeNo)}`,
      },
    };
  }

  private newOrder(req: Record<string, unknown>, outTradeNo: string, totalFee: number, appid: string): PendingPayment {
    const payer = optionalString(req.sub_openid) ?? optionalString(req.openid) ?? callerContext().openid;
    return {
      outTradeNo,
      body: String(req.body),
      totalFee,
      subMchId: String(req.sub_mch_id),
      envId: String(req.env_id),
      functionName: String(req.function_name),
      openid: payer,
      appid: optionalString(req.sub_appid) ?? appid,
      attach: optionalString(req.attach),
      nonceStr: optionalString(req.nonce_str) ?? randomNonce(),
      prepayId: `wx${chinaTimestamp(localNow())}${crypto.randomBytes(10).toString('hex')}`,
      tradeType: optionalString(req.trade_type) ?? 'JSAPI',
      status: 'pending',
      createdAt: localNow(),
      refunds: [],
      deliveries: [],
    };
  }

  private async queryOrder(req: Record<string, unknown>): Promise<Record<string, unknown>> {
    const order = await this.findByRequest(req);
    if (!order) {
      return { return_code: 'SUCCESS', return_msg: 'OK', result_code: 'FAIL', err_code: 'ORDERNOTEXIST', err_code_des: '订单不存在' };
    }
    const refunded = order.refunds.length > 0;
    const base = {
      ...envelope(order),
      nonce_str: randomNonce(),
      result_code: 'SUCCESS',
      out_trade_no: order.outTradeNo,
      total_fee: order.totalFee,
      fee_type: 'CNY',
      trade_type: order.tradeType,
      attach: order.attach,
    };
    if (order.status === 'pending') {
      return { ...base, trade_state: 'NOTPAY', trade_state_desc: '订单未支付' };
    }
    if (order.status === 'closed') {
      return { ...base, trade_state: 'CLOSED', trade_state_desc: '订单已关闭' };
    }
    return {
      ...base,
      ...payerFields(order),
      bank_type: 'OTHERS',
      cash_fee: order.totalFee,
      transaction_id: order.transactionId,
      time_end: order.timeEnd,
      trade_state: refunded ? 'REFUND' : 'SUCCESS',
      trade_state_desc: refunded ? '订单发生过退款' : '支付成功',
    };
  }

  private async refund(req: Record<string, unknown>): Promise<Record<string, unknown>> {
    const outRefundNo = optionalString(req.out_refund_no);
    const refundFee = req.refund_fee;
    if (!outRefundNo || typeof refundFee !== 'number' || !Number.isInteger(refundFee) || refundFee <= 0) {
      return { return_code: 'FAIL', return_msg: '缺少参数out_refund_no或refund_fee' };
    }
    const order = await this.findByRequest(req);
    if (!order || order.status !== 'paid') {
      return { return_code: 'SUCCESS', return_msg: 'OK', result_code: 'FAIL', err_code: 'ORDERNOTEXIST', err_code_des: '订单不存在' };
    }
    if (req.total_fee !== undefined && req.total_fee !== order.totalFee) {
      return fail(order, 'INVALID_REQUEST', '订单金额不一致');
    }
    // A retried refund (same out_refund_no) answers the first one instead of refunding twice.
    let refund = order.refunds.find((r) => r.outRefundNo === outRefundNo);
    if (!refund) {
      const now = localNow();
      if (order.paidAt && now.getTime() - new Date(order.paidAt).getTime() > REFUNDABLE_FOR_MS) {
        return fail(order, 'TRADE_OVERDUE', '订单已经超过退款期限');
      }
      if (order.refunds.length >= MAX_REFUNDS_PER_ORDER) return fail(order, 'ERROR', '同一笔订单的部分退款次数不能超过50次');
      const refunded = order.refunds.reduce((sum, r) => sum + r.refundFee, 0);
      if (refunded + refundFee > order.totalFee) return fail(order, 'INVALID_REQUEST', '退款金额大于可退金额');
      refund = {
        outRefundNo,
        refundId: `5030${order.timeEnd?.slice(0, 8) ?? ''}${digits(16)}`,
        refundFee,
        createdAt: now,
      };
      const refundDesc = optionalString(req.refund_desc);
      if (refundDesc) refund.refundDesc = refundDesc;
      order.refunds.push(refund);
      await this.save(order);
    }
    return {
      ...envelope(order),
      nonce_str: randomNonce(),
      result_code: 'SUCCESS',
      transaction_id: order.transactionId,
      out_trade_no: order.outTradeNo,
      out_refund_no: refund.outRefundNo,
      refund_id: refund.refundId,
      refund_fee: refund.refundFee,
      total_fee: order.totalFee,
      cash_fee: order.totalFee,
      cash_refund_fee: refund.refundFee,
    };
  }

  /**
   * cloudPay.closeOrder (WeChat Pay v2 closeorder): an unpaid order is closed for good — it can no
   * longer be paid (the pay page refuses it, unifiedOrder answers ORDERCLOSED) and queryOrder
   * answers trade_state CLOSED. A paid order answers ORDERPAID, a closed one ORDERCLOSED.
   * (WeChat also refuses a close in an order's first 5 minutes; not emulated.)
   */
  private async closeOrder(req: Record<string, unknown>): Promise<Record<string, unknown>> {
    const missing = ['out_trade_no', 'sub_mch_id', 'nonce_str'].filter((key) => req[key] === undefined || req[key] === '');
    if (missing.length > 0) return { return_code: 'FAIL', return_msg: `缺少参数${missing.join(',')}` };
    const order = await this.find(String(req.out_trade_no));
    if (!order) {
      return { return_code: 'SUCCESS', return_msg: 'OK', result_code: 'FAIL', err_code: 'ORDERNOTEXIST', err_code_des: '订单不存在' };
    }
    if (order.status === 'paid') return fail(order, 'ORDERPAID', '订单已支付，不能发起关单');
    if (order.status === 'closed') return fail(order, 'ORDERCLOSED', '订单已关闭，无法重复关闭');
    order.status = 'closed';
    order.closedAt = localNow();
    await this.save(order);
    return { ...envelope(order), nonce_str: randomNonce(), result_code: 'SUCCESS', result_msg: 'OK' };
  }

  // --- storage of orders --------------------------------------------------------------------

  /** Memory first; after a restart, the order is read back from `_local_payments`. */
  async find(outTradeNo: string): Promise<PendingPayment | undefined> {
    const cached = this.orders.get(outTradeNo);
    if (cached) return cached;
    const loaded = await loadOrder(outTradeNo);
    if (loaded) this.orders.set(outTradeNo, loaded);
    return loaded;
  }

  private async findByRequest(req: Record<string, unknown>): Promise<PendingPayment | undefined> {
    const outTradeNo = optionalString(req.out_trade_no);
    if (outTradeNo) return this.find(outTradeNo);
    const transactionId = optionalString(req.transaction_id);
    if (!transactionId) return undefined;
    const cached = [...this.orders.values()].find((o) => o.transactionId === transactionId);
    if (cached) return cached;
    const { data } = (await servicesDatabase().collection(PAYMENTS).where({ transactionId }).limit(1).get()) as { data: { _id: string }[] };
    return data[0] ? this.find(data[0]._id) : undefined;
  }

  private async save(order: PendingPayment): Promise<void> {
    this.orders.set(order.outTradeNo, order);
    const { outTradeNo, ...rest } = order;
    await servicesDatabase().collection(PAYMENTS).doc(outTradeNo).set({ data: jsonSafe(rest) });
  }
}

async function loadOrder(outTradeNo: string): Promise<PendingPayment | undefined> {
  try {
    const { data } = (await servicesDatabase().collection(PAYMENTS).doc(outTradeNo).get()) as { data?: unknown };
    if (!data) return undefined;
    const { _id, ...rest } = data as Record<string, unknown>;
    return { ...(rest as unknown as PendingPayment), outTradeNo: String(_id) };
  } catch {
    return undefined; // a missing document answers an error through wx-server-sdk
  }
}

// --- the notification ---------------------------------------------------------------------

/**
 * What WeChat delivers to the function named in unifiedOrder, field for field as WeChat's
 * callback documentation shows it (WeChat Pay v2 notification parameters, camelCased). The
 * `userInfo` block is what wx-server-sdk events carry for the user behind a call; its presence
 * in a payment callback is our assumption.
 */
export function paymentNotification(order: PendingPayment): Record<string, unknown> {
  const event: Record<string, unknown> = {
    returnCode: 'SUCCESS',
    appid: PROVIDER_APPID,
    mchId: PROVIDER_MCH_ID,
    subAppid: order.appid,
    subMchId: order.subMchId,
    nonceStr: randomNonce(),
    resultCode: 'SUCCESS',
    ...camelPayer(order),
    tradeType: order.tradeType,
    bankType: 'OTHERS',
    totalFee: order.totalFee,
    feeType: 'CNY',
    cashFee: order.totalFee,
    transactionId: order.transactionId,
    outTradeNo: order.outTradeNo,
    timeEnd: order.timeEnd,
    userInfo: { appId: order.appid, openId: order.openid ?? '' },
  };
  if (order.attach !== undefined) event.attach = order.attach;
  return event;
}

function camelPayer(order: PendingPayment): Record<string, string> {
  const fields = payerFields(order);
  return { openid: fields.openid, isSubscribe: fields.is_subscribe, subOpenid: fields.sub_openid, subIsSubscribe: fields.sub_is_subscribe };
}

/** The payer under the provider's appid (`openid`) and under the mini-program's (`sub_openid`). */
function payerFields(order: PendingPayment) {
  const subOpenid = order.openid ?? '';
  return {
    openid: subOpenid ? `oProv${md5(subOpenid).slice(0, 23)}` : '',
    is_subscribe: 'N',
    sub_openid: subOpenid,
    sub_is_subscribe: 'N',
  };
}

function envelope(order: PendingPayment) {
  return {
    return_code: 'SUCCESS',
    return_msg: 'OK',
    appid: PROVIDER_APPID,
    mch_id: PROVIDER_MCH_ID,
    sub_appid: order.appid,
    sub_mch_id: order.subMchId,
    sign: md5(`${order.outTradeNo}${Date.now()}`).toUpperCase(),
  };
}

function fail(order: PendingPayment, errCode: string, errCodeDes: string): Record<string, unknown> {
  return { ...envelope(order), nonce_str: randomNonce(), result_code: 'FAIL', err_code: errCode, err_code_des: errCodeDes };
}

// --- the local pay page -------------------------------------------------------------------

const PAY_PATH = '/__local/pay';

/**
 * GET shows the order and a 确认支付 button; POST pays it as WeChat would (settles the order and
 * notifies its function), then answers JSON when asked for it (`Accept: application/json`),
 * redirects when the URL carries `redirect=` to a page of this server, and otherwise shows the
 * outcome.
 */
/** The target when it is on this server (the app that sent the member here), else null: never an open redirect. */
function sameOrigin(req: IncomingMessage, target: string | null): string | null {
  if (!target) return null;
  const here = `http://${req.headers.host ?? 'localhost'}`;
  try {
    const resolved = new URL(target, here);
    return resolved.origin === new URL(here).origin ? resolved.toString() : null;
  } catch {
    return null;
  }
}

export async function handlePayPageRequest(pay: LocalPay, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://local');
  if (url.pathname !== PAY_PATH && url.pathname !== `${PAY_PATH}/`) return false;
  const outTradeNo = url.searchParams.get('outTradeNo') ?? '';
  const order = outTradeNo ? await pay.find(outTradeNo) : undefined;
  const wantsJson = (req.headers.accept ?? '').includes('application/json');
  if (!order) {
    send(res, 404, wantsJson, { ok: false, message: '订单不存在' }, page('订单不存在', `<p>没有找到订单 ${escapeHtml(outTradeNo)}。</p>`));
    return true;
  }
  if (req.method === 'POST') {
    req.resume(); // the form carries nothing we need
    if (order.status === 'closed') {
      send(res, 409, wantsJson, { ok: false, message: '该订单已关闭，无法支付' }, page('订单已关闭', `${orderSummary(order)}<p>该订单已关闭，无法支付。</p>`));
      return true;
    }
    const answer = await pay.completePayment(outTradeNo);
    const redirect = sameOrigin(req, url.searchParams.get('redirect'));
    if (redirect && !wantsJson) {
      res.writeHead(303, { Location: redirect });
      res.end();
      return true;
    }
    const html = page('支付成功', `${orderSummary(order)}<p>支付结果通知已送达 ${escapeHtml(order.functionName)}，答复：</p><pre>${escapeHtml(JSON.stringify(answer, null, 2))}</pre><p><a href="javascript:history.go(-2)">返回</a></p>`);
    send(res, 200, wantsJson, { ok: true, outTradeNo, answer }, html);
    return true;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, POST' });
    res.end();
    return true;
  }
  const action = `${PAY_PATH}${url.search}`;
  const button = order.status === 'closed'
    ? '<p>该订单已关闭，无法支付。</p>'
    : order.status === 'pending'
    ? `<form method="post" action="${escapeHtml(action)}"><button type="submit">确认支付</button></form>`
    : `<p>该订单已支付。</p><form method="post" action="${escapeHtml(action)}"><button type="submit">再次发送支付通知</button></form>`;
  send(res, 200, wantsJson, { ok: true, order }, page('微信支付（本地模拟）', orderSummary(order) + button));
  return true;
}

function orderSummary(order: PendingPayment): string {
  return `<dl><dt>商品</dt><dd>${escapeHtml(order.body)}</dd><dt>金额</dt><dd class="fee">¥${(order.totalFee / 100).toFixed(2)}</dd><dt>订单号</dt><dd>${escapeHtml(order.outTradeNo)}</dd><dt>状态</dt><dd>${order.status === 'paid' ? '已支付' : order.status === 'closed' ? '已关闭' : '待支付'}</dd></dl>`;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:420px;margin:2rem auto;padding:0 1rem}dt{color:#888}dd{margin:0 0 .8rem}.fee{font-size:2rem}button{width:100%;padding:.9rem;font-size:1.1rem;background:#07c160;color:#fff;border:0;border-radius:8px}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function send(res: ServerResponse, status: number, json: boolean, body: unknown, html: string): void {
  res.writeHead(status, { 'Content-Type': json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8' });
  res.end(json ? JSON.stringify(body) : html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// --- small helpers ------------------------------------------------------------------------

/**
 * WeChat Pay's clock, which is the functions' clock: a test or the simulation that moves the
 * server's time (LOCAL_CLOCK_OFFSET_MS, as serverNow reads it) moves payments and refunds with it.
 */
export function localNow(): Date {
  const offset = Number(process.env.LOCAL_CLOCK_OFFSET_MS ?? 0);
  return new Date(Date.now() + (Number.isFinite(offset) ? offset : 0));
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function randomNonce(): string {
  return crypto.randomBytes(16).toString('hex');
}

function digits(count: number): string {
  let out = '';
  while (out.length < count) out += crypto.randomInt(0, 10).toString();
  return out;
}

function md5(text: string): string {
  return crypto.createHash('md5').update(text).digest('hex');
}

/** yyyyMMddHHmmss in China time (UTC+8), WeChat Pay's time format. */
export function chinaTimestamp(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().replace(/[-T:]/g, '').slice(0, 14);
}

function jsonCopy(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

/** Drops undefined fields, which a document cannot hold. */
function jsonSafe<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
