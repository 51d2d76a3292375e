import { z } from 'zod';

/** What WeChat Pay (cloudPay) sends to the function named in unifiedOrder when a payment settles. */
export const paymentNotificationSchema = z
  .object({
    returnCode: z.string().max(16),
    resultCode: z.string().max(16).optional(),
    outTradeNo: z.string().min(1).max(32),
    // Anyone can send this: nothing in it is recorded unless WeChat Pay's queryOrder says so too.
    transactionId: z.string().max(32).optional(),
    totalFee: z.number().int().nonnegative(),
    cashFee: z.number().int().nonnegative().optional(),
    timeEnd: z.string().max(14).optional(),
    subMchId: z.string().max(32).optional(),
  })
  .passthrough();

export type PaymentNotification = z.infer<typeof paymentNotificationSchema>;

/** WeChat stops re-delivering once the function answers errcode 0. */
export interface NotificationAnswer {
  errcode: number;
  errmsg: string;
}

export const ACKNOWLEDGED: NotificationAnswer = { errcode: 0, errmsg: 'OK' };
