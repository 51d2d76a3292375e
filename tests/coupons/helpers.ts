import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs } from '../support/cloud';
import { OPERATOR, requestId } from '../support/world';

export const TEMPLATE = {
  name: '满100减20',
  benefit: { kind: 'amount_off', amountFen: 2000, thresholdFen: 10000 },
  validity: { type: 'days_after_claim', days: 7, startNextDay: false },
  storeIds: null,
  minTierCode: null,
  stackable: false,
  stock: 100,
  perMemberLimit: 1,
  perMemberPerDayLimit: null,
};

/** A call as a phone makes it: the same request id again while the answer is BUSY. */
export async function asPhone(cloud: LocalCloud, openid: string, fn: string, action: string, data: unknown, id = requestId()): Promise<any> {
  for (let attempt = 1; ; attempt++) {
    const answer = await callAs(cloud, openid, fn, action, data, id);
    if (answer.ok || answer.code !== 'BUSY' || attempt >= 20) return answer;
  }
}

export async function createTemplate(cloud: LocalCloud, change: Record<string, unknown> = {}): Promise<string> {
  const answer = await callAs(cloud, OPERATOR, 'admin', 'createCouponTemplate', { ...TEMPLATE, ...change }, requestId());
  if (!answer.ok) throw new Error(JSON.stringify(answer));
  return answer.data.templateId;
}
