import type { AccountDoc, PointsAccountDoc, WalletPrincipalAccountDoc } from './accounts';
import type { LedgerEntryDoc } from './entries';

/**
 * The ledger's invariants over a whole database, as data (used by `npm run ledger:check`, the
 * simulation and tests): every balance equals the sum of its entries, none is negative, the
 * points debt equals its entries' debt changes, buckets add up to the points balance, and the
 * wallet lots add up to the principal and bonus balances.
 */
export function checkLedger(accounts: AccountDoc[], entries: LedgerEntryDoc[]): string[] {
  const problems: string[] = [];
  const sums = new Map<string, { amount: number; debt: number }>();
  for (const entry of entries) {
    if (!Number.isSafeInteger(entry.amount)) problems.push(`entry ${entry._id}: amount ${entry.amount} is not an integer`);
    const key = `${entry.memberId}:${entry.asset}`;
    const sum = sums.get(key) ?? { amount: 0, debt: 0 };
    sum.amount += entry.amount;
    sum.debt += entry.debtDelta ?? 0;
    sums.set(key, sum);
  }
  const byId = new Map(accounts.map((a) => [a._id, a]));
  for (const key of sums.keys()) if (!byId.has(key)) problems.push(`entries for missing account ${key}`);

  for (const account of accounts) {
    const sum = sums.get(account._id) ?? { amount: 0, debt: 0 };
    if (!Number.isSafeInteger(account.balance)) problems.push(`${account._id}: balance ${account.balance} is not an integer`);
    if (account.balance < 0) problems.push(`${account._id}: negative balance ${account.balance}`);
    if (account.balance !== sum.amount) problems.push(`${account._id}: balance ${account.balance} ≠ sum of entries ${sum.amount}`);
    if (account.asset === 'points') {
      const points = account as PointsAccountDoc;
      const inBuckets = points.buckets.reduce((t, b) => t + b.remaining, 0);
      if (inBuckets !== points.balance) problems.push(`${account._id}: buckets hold ${inBuckets} ≠ balance ${points.balance}`);
      if (points.debt < 0 || points.debt !== sum.debt) problems.push(`${account._id}: debt ${points.debt} ≠ entries' debt ${sum.debt}`);
      if (points.debt > 0 && points.balance > 0) problems.push(`${account._id}: debt ${points.debt} left unsettled beside a balance of ${points.balance}`);
    }
    if (account.asset === 'wallet_principal') {
      const wallet = account as WalletPrincipalAccountDoc;
      const principal = wallet.lots.reduce((t, l) => t + l.principalLeft, 0);
      const bonus = wallet.lots.reduce((t, l) => t + l.bonusLeft, 0);
      const bonusAccount = byId.get(`${account.memberId}:wallet_bonus`);
      if (principal !== wallet.balance) problems.push(`${account._id}: lots hold principal ${principal} ≠ balance ${wallet.balance}`);
      if (bonusAccount && bonus !== bonusAccount.balance) problems.push(`${account._id}: lots hold bonus ${bonus} ≠ bonus balance ${bonusAccount.balance}`);
      for (const lot of wallet.lots) {
        if (lot.principalLeft < 0 || lot.bonusLeft < 0 || lot.principalLeft > lot.principalGranted || lot.bonusLeft > lot.bonusGranted) {
          problems.push(`${account._id}: lot ${lot.lotId} out of range`);
        }
      }
    }
  }
  return problems;
}
