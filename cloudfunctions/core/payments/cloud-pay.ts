import { getCloud } from '../platform/cloud';

// wx-server-sdk's typings omit cloudPay; this is the part of it the project uses.
type PayCall = (params: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface CloudPay {
  unifiedOrder: PayCall;
  queryOrder: PayCall;
  refund: PayCall;
}

export function cloudPay(): CloudPay {
  return (getCloud() as unknown as { cloudPay: CloudPay }).cloudPay;
}
