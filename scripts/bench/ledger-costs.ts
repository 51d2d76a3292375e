import { CASHIER, OPERATOR, acceptStoredValueAgreement, memberCode, register, requestId, seedWorld } from '../../tests/support/world';
import { startLocalCloud } from '../local-cloud';
import { type Cost, measure } from './measure';

type Answer = { ok: true; data: any } | { ok: false; code: string };

const COUPON = {
  name: '满100减20',
  benefit: { kind: 'amount_off', amountFen: 2000, thresholdFen: 10000 },
  validity: { type: 'days_after_claim', days: 7, startNextDay: false },
  storeIds: null,
  minTierCode: null,
  stackable: false,
  stock: 100,
  perMemberLimit: 5,
  perMemberPerDayLimit: null,
};

/**
 * Database operations per ledger operation, each measured alone on a quiet database with one
 * member who already holds points and a wallet (so nothing is a first time): what one tap costs.
 */
export async function ledgerCosts(): Promise<Record<string, Cost>> {
  const cloud = await startLocalCloud();
  try {
    await seedWorld();
    const openid = 'bench-member';
    const { memberNo } = await register(cloud, openid);
    await acceptStoredValueAgreement(cloud, openid); // once, before the first top-up, as the wallet page asks
    const call = async (fn: string, caller: string, action: string, data: unknown, id?: string): Promise<any> => {
      const answer = (await cloud.host.invoke(fn, { action, data, requestId: id }, { openid: caller, source: 'wx_client' })) as Answer;
      if (!answer.ok) throw new Error(`${action}: ${JSON.stringify(answer)}`);
      return answer.data;
    };
    // The member shows a fresh code before each purchase; fetching it is not the purchase's cost.
    let code = '';
    const showCode = async () => {
      code = await memberCode(cloud, openid);
    };
    const purchase = (amountFen: number, walletFen: number, id = requestId()) => call('staff', CASHIER, 'recordPurchase', { code, amountFen, walletFen }, id);
    const topup = async () => {
      const order = await call('member', openid, 'createTopup', { packageId: 'p100' }, requestId());
      const ack = (await cloud.services.completePayment(order.outTradeNo)) as { errcode: number };
      if (ack.errcode !== 0) throw new Error(`notification not acknowledged: ${JSON.stringify(ack)}`);
      return order.outTradeNo as string;
    };

    // Warm-up: the member has history, and every bundle is loaded.
    await topup();
    await showCode();
    await purchase(20_00, 0);

    const costs: Record<string, Cost> = {};
    const earnId = requestId();
    await showCode();
    costs.earn = await measure(cloud, () => purchase(100_00, 0, earnId));
    costs.earnReplayed = await measure(cloud, () => purchase(100_00, 0, earnId));
    costs.spend = await measure(cloud, () => call('admin', OPERATOR, 'adjustPoints', { memberNo, amount: -10, reason: '基准测试' }, requestId()));
    let lot = '';
    costs.topup = await measure(cloud, async () => {
      lot = await topup();
    });
    let paid: { purchaseId: string } = { purchaseId: '' };
    await showCode();
    costs.walletPayment = await measure(cloud, async () => {
      paid = await purchase(50_00, 50_00);
    });
    costs.refundPurchase = await measure(cloud, () => call('staff', CASHIER, 'refundPurchase', { purchaseId: paid.purchaseId }, requestId()));
    costs.refundTopup = await measure(cloud, () => call('member', openid, 'refundTopup', { lotId: lot }, requestId()));

    // Coupons and the priced checkout (issue 9): a claim, a quote, an order with a coupon and
    // points as cash, its refund, a points-mall redemption and a gift item's redemption.
    const template = (change: Record<string, unknown>) => call('admin', OPERATOR, 'createCouponTemplate', { ...COUPON, ...change }, requestId());
    const { templateId } = await template({});
    const mall = await template({ name: '兑换马克杯', benefit: { kind: 'gift_item', itemName: '马克杯' }, channel: 'mall', pointsCost: 10 });
    await call('member', openid, 'claimCoupon', { templateId }, requestId()); // warm-up: the member's claims counter exists
    let couponId = '';
    costs.claimCoupon = await measure(cloud, async () => {
      couponId = (await call('member', openid, 'claimCoupon', { templateId }, requestId())).couponId;
    });
    await showCode();
    const ticket = (await call('staff', CASHIER, 'lookupMember', { code })).checkoutTicket as string;
    costs.priceCheckout = await measure(cloud, () => call('staff', CASHIER, 'priceCheckout', { code: ticket, amountFen: 120_00, usePoints: true }));
    let checkout: { purchaseId: string } = { purchaseId: '' };
    costs.checkoutWithCouponAndPoints = await measure(cloud, async () => {
      checkout = await call('staff', CASHIER, 'recordPurchase', { code: ticket, amountFen: 120_00, couponIds: [couponId], usePoints: true }, requestId());
    });
    costs.refundCheckout = await measure(cloud, () => call('staff', CASHIER, 'refundPurchase', { purchaseId: checkout.purchaseId }, requestId()));
    let gift = '';
    costs.redeemMallItem = await measure(cloud, async () => {
      gift = (await call('member', openid, 'redeemMallItem', { templateId: mall.templateId }, requestId())).couponId;
    });
    const { token } = await call('member', openid, 'giftCode', { couponId: gift });
    costs.redeemGiftCoupon = await measure(cloud, () => call('staff', CASHIER, 'redeemGiftCoupon', { token }, requestId()));
    return costs;
  } finally {
    await cloud.close();
  }
}
