import { randomBytes } from 'crypto';

/** WeChat Pay settings from the function's environment variables (see README, "Deploying"). */
export function payConfig(): { subMchId: string } {
  const subMchId = process.env.WXPAY_SUB_MCH_ID;
  if (!subMchId) throw new Error('WXPAY_SUB_MCH_ID is not configured for this function');
  return { subMchId };
}

export function nonce(): string {
  return randomBytes(16).toString('hex');
}
