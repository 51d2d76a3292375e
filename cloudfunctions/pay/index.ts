// Payment notifications from WeChat Pay. Credits each order once, however often WeChat re-delivers.
import { type Database, getDb } from '../core/platform/cloud';
import { settleTopup } from '../core/wallet/settle';
import type { TopupOrderDoc } from '../core/wallet/topup';
import { getDocById } from '../core/platform/documents';
import { serverNow } from '../core/platform/time';
import { ACKNOWLEDGED, type NotificationAnswer, paymentNotificationSchema, type PaymentNotification } from '../core/payments/notification';
import { PAYMENT_ORDERS, type PaymentOrderDoc } from '../core/payments/orders';
import { settlePlanOrder } from '../core/membership/orders';
import type { PlanOrderDoc } from '../core/membership/collections';

/** What settling an order does, per purpose. Capabilities that sell something register here. */
export type SettleOrder = (db: Database, order: PaymentOrderDoc, notification: PaymentNotification, now: Date) => Promise<unknown>;
export const settlers: Record<string, SettleOrder> = {
  topup: (db, order, notification, now) => settleTopup(db, order as TopupOrderDoc, notification, now),
  plan: (db, order, notification, now) => settlePlanOrder(db, order as PlanOrderDoc, notification.totalFee, now),
};

export async function main(event: unknown): Promise<NotificationAnswer> {
  const parsed = paymentNotificationSchema.safeParse(event);
  if (!parsed.success) return { errcode: 400, errmsg: 'malformed notification' };
  const notification = parsed.data;
  if (notification.returnCode !== 'SUCCESS' || notification.resultCode !== 'SUCCESS') return ACKNOWLEDGED;

  const order = await getDocById<PaymentOrderDoc>(getDb(), PAYMENT_ORDERS, notification.outTradeNo);
  // Answering non-zero makes WeChat deliver again later, which is right for an order we cannot place.
  if (!order) return { errcode: 404, errmsg: 'unknown order' };
  const settle = settlers[order.purpose];
  if (!settle) return { errcode: 501, errmsg: `no settler for ${order.purpose}` };
  try {
    await settle(getDb(), order, notification, serverNow());
  } catch (error) {
    // Not acknowledged, so WeChat delivers again; the settler is idempotent.
    console.error(`settling ${order._id} failed`, error);
    return { errcode: 500, errmsg: 'settlement failed' };
  }
  return ACKNOWLEDGED;
}
