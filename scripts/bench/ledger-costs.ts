import { CASHIER, OPERATOR, memberCode, register, requestId, seedWorld } from '../../tests/support/world';
import { startLocalCloud } from '../local-cloud';
import { type Cost, measure } from './measure';

type Answer = { ok: true; data: any } | { ok: false; code: string };

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
    return costs;
  } finally {
    await cloud.close();
  }
}
