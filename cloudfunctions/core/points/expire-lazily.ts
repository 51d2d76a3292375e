import type { PointsAccountDoc } from '../ledger/accounts';
import { inBrandZone } from '../platform/time';
import { expireBuckets, type PointsChange } from './operations';

/**
 * Expires, inside the posting at hand, any bucket whose day has ended but which the expiry job
 * has not reached yet, so that expired points can never be spent or settle a debt.
 */
export function expireDue(account: PointsAccountDoc, now: Date, timeZone: string): PointsChange {
  if (!account.nextExpiryAt || new Date(account.nextExpiryAt).getTime() > now.getTime()) return { after: account, entries: [] };
  return expireBuckets(account, inBrandZone(now, timeZone).format('YYYY-MM-DD'), timeZone);
}
