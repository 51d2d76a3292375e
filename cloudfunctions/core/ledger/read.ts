import type { Database } from '../platform/cloud';
import { findDocs } from '../platform/documents';
import { ACCOUNTS, ASSETS, type MemberAccounts, accountId } from './accounts';

/** A member's four accounts in one read, outside any transaction (for views). */
export async function readMemberAccounts(db: Database, memberId: string): Promise<MemberAccounts> {
  const ids = ASSETS.map((asset) => accountId(memberId, asset));
  const docs = await findDocs<MemberAccounts[keyof MemberAccounts]>(db.collection(ACCOUNTS).where({ _id: db.command.in(ids) }).limit(ids.length));
  const byAsset = Object.fromEntries(docs.map((doc) => [doc.asset, doc])) as Partial<MemberAccounts>;
  if (!byAsset.points || !byAsset.growth || !byAsset.wallet_principal || !byAsset.wallet_bonus) throw new Error(`accounts of ${memberId} are missing`);
  return byAsset as MemberAccounts;
}

export function walletBalance(accounts: Pick<MemberAccounts, 'wallet_principal' | 'wallet_bonus'>): number {
  return accounts.wallet_principal.balance + accounts.wallet_bonus.balance;
}
