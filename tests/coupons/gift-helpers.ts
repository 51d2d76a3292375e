import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs } from '../support/cloud';
import { requestId } from '../support/world';
import { TEMPLATE, createTemplate } from './helpers';

/** A gift-item template (兑换券): 7 days from the claim, every store. */
export const GIFT_TEMPLATE = { ...TEMPLATE, name: '马克杯兑换券', benefit: { kind: 'gift_item', itemName: '马克杯' }, stock: 10, perMemberLimit: 5 };

async function ok(answer: Promise<any>): Promise<any> {
  const settled = await answer;
  if (!settled.ok) throw new Error(JSON.stringify(settled));
  return settled.data;
}

/** A new gift template (with `change`) and one coupon of it claimed by `openid` (registered): its id. */
export async function claimGift(cloud: LocalCloud, openid: string, change: Record<string, unknown> = {}): Promise<{ couponId: string; templateId: string; validUntil: string }> {
  const templateId = await createTemplate(cloud, { ...GIFT_TEMPLATE, ...change });
  const claimed = await ok(callAs(cloud, openid, 'member', 'claimCoupon', { templateId }, requestId()));
  return { couponId: claimed.couponId, templateId, validUntil: claimed.validUntil };
}

/** The member's current gift code for the coupon. */
export async function giftToken(cloud: LocalCloud, openid: string, couponId: string): Promise<string> {
  return (await ok(callAs(cloud, openid, 'member', 'giftCode', { couponId }))).token;
}
