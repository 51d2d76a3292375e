import type { StoredDoc } from '../platform/documents';

export const MEMBERS = 'members';
/** openid → member id. Kept apart from the member so that a deleted account can be pseudonymised. */
export const IDENTITIES = 'identities';
/** member number → member id; its `_id` makes member numbers unique. */
export const MEMBER_NUMBERS = 'member_numbers';
export const ACCOUNTS = 'accounts';

export const ASSETS = ['points', 'growth', 'wallet_principal', 'wallet_bonus'] as const;
export type Asset = (typeof ASSETS)[number];

export interface MemberDoc extends StoredDoc {
  memberNo: string;
  openid: string;
  nickname: string;
  avatarUrl: string | null;
  tierCode: string;
  registeredAt: Date;
}

export interface IdentityDoc extends StoredDoc {
  memberId: string;
  createdAt: Date;
}

/** One balance per member and asset; the ledger's entries move it inside the same transaction. */
export interface AccountDoc extends StoredDoc {
  memberId: string;
  asset: Asset;
  balance: number;
  version: number;
}

export function accountId(memberId: string, asset: Asset): string {
  return `${memberId}:${asset}`;
}
