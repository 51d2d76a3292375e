import type { SubscribeTemplateKey } from '../contract';
import { getCloud } from '../platform/cloud';

/** The subscribe-message templates the brand registered, from the function's environment. */
export const TEMPLATES = {
  pointsExpiry: () => process.env.TEMPLATE_POINTS_EXPIRY ?? 'local-template-points-expiry',
  tierChange: () => process.env.TEMPLATE_TIER_CHANGE ?? 'local-template-tier-change',
  couponExpiry: () => process.env.TEMPLATE_COUPON_EXPIRY ?? 'local-template-coupon-expiry',
  membershipExpiry: () => process.env.TEMPLATE_MEMBERSHIP_EXPIRY ?? 'local-template-membership-expiry',
  monthlyPack: () => process.env.TEMPLATE_MONTHLY_PACK ?? 'local-template-monthly-pack',
} satisfies Record<SubscribeTemplateKey, () => string>;

/** Every template's id, by key: what `me` hands the client to ask consent with. */
export function templateIds(): Record<SubscribeTemplateKey, string> {
  return Object.fromEntries(Object.entries(TEMPLATES).map(([key, id]) => [key, id()])) as Record<SubscribeTemplateKey, string>;
}

/**
 * Sends one subscribe message. Never call it inside a transaction (it may run twice). A member
 * who gave no consent (43101) or blocked messages is not an error for the job that sends.
 */
export async function sendSubscribeMessage(message: { touser: string; templateId: string; page: string; data: Record<string, { value: string }> }): Promise<boolean> {
  try {
    const openapi = (getCloud() as unknown as { openapi: { subscribeMessage: { send(m: object): Promise<{ errCode: number }> } } }).openapi;
    const answer = await openapi.subscribeMessage.send({ ...message, miniprogramState: process.env.MINIPROGRAM_STATE ?? 'formal' });
    return answer.errCode === 0;
  } catch (error) {
    console.warn('subscribe message not sent', (error as { errCode?: number }).errCode ?? error);
    return false;
  }
}
