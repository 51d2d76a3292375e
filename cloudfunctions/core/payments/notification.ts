import { z } from 'zod';

/** What WeChat Pay (cloudPay) sends to the function named in unifiedOrder when a payment settles. */
export const paymentNotificationSchema = z
  .object({
    returnCode: z.string(),
    resultCode: z.string().optional(),
    outTradeNo: z.string().min(1).max(32),
    transactionId: z.string().optional(),
    totalFee: z.number().int().nonnegative(),
    cashFee: z.number().int().nonnegative().optional(),
    timeEnd: z.string().optional(),
    subMchId: z.string().optional(),
  })
  .passthrough();

export type PaymentNotification = z.infer<typeof paymentNotificationSchema>;

/** WeChat stops re-delivering once the function answers errcode 0. */
export interface NotificationAnswer {
  errcode: number;
  errmsg: string;
}

export const ACKNOWLEDGED: NotificationAnswer = { errcode: 0, errmsg: 'OK' };
