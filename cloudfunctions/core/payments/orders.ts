import type { StoredDoc } from '../platform/documents';

/** One document per outTradeNo: what was bought and whether the money has arrived. */
export const PAYMENT_ORDERS = 'payment_orders';

export interface PaymentOrderDoc extends StoredDoc {
  /** Which capability the money is for; it decides what settling the order does. */
  purpose: string;
  memberId: string;
  openid: string;
  totalFee: number;
  status: 'pending' | 'paid' | 'refunded';
  createdAt: Date;
  paidAt?: Date;
  /** Closed with WeChat Pay (cloudPay closeOrder) while unpaid: it can no longer be paid, and stays 'pending' here. */
  closedAt?: Date | null;
}
