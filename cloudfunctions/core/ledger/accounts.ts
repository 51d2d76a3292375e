import type { StoredDoc, Tx } from '../platform/documents';
import { txGet } from '../platform/documents';

export const ACCOUNTS = 'accounts';
export const ASSETS = ['points', 'growth', 'wallet_principal', 'wallet_bonus'] as const;
export type Asset = (typeof ASSETS)[number];

/** One balance per member and asset. Only a posting (ledger/posting.ts) changes it. */
export interface AccountDoc extends StoredDoc {
  memberId: string;
  asset: Asset;
  balance: number;
  /** Bumped by every posting, for audits and for readers that cache. */
  version: number;
}

/** Points that expire together: everything earned in one expiry period. */
export interface PointsBucket {
  /** Brand-zone calendar day (YYYY-MM-DD); the points expire when that day ends. */
  expiresOn: string;
  remaining: number;
}

export interface PointsAccountDoc extends AccountDoc {
  asset: 'points';
  /** Earliest first; their remainders add up to the balance. */
  buckets: PointsBucket[];
  /** Points owed after a refund reversed points already spent; later earnings settle it first. */
  debt: number;
  /** When the earliest bucket expires (indexed), so the expiry job reads only members who are due. */
  nextExpiryAt: Date | null;
  /** Purchase points earned on one brand-zone day, for the daily cap. */
  earnedOn: { day: string; points: number } | null;
  /** Buckets expiring on or before this day have been announced, so each is announced once. */
  remindedFor: string | null;
  /**
   * When the earliest bucket not yet announced expires (indexed), so the reminder job reads
   * only members with a bucket to announce. Absent on accounts no posting has touched since.
   */
  unannouncedExpiryAt?: Date | null;
  /**
   * What each bucket lost to expiry and no refund has claimed since (the latest EXPIRED_KEPT).
   * A refund of a purchase whose points expired takes them from here: they are gone, not owed.
   */
  expired?: PointsBucket[];
}

/** Growth value by brand-zone month (YYYY-MM), for the rolling tier window. */
export interface GrowthAccountDoc extends AccountDoc {
  asset: 'growth';
  months: Record<string, number>;
}

/** One top-up: what it granted and what of it is left. Payments draw the oldest lot first. */
export interface WalletLot {
  lotId: string;
  principalGranted: number;
  bonusGranted: number;
  principalLeft: number;
  bonusLeft: number;
  toppedUpAt: Date;
  refunded: boolean;
}

export interface WalletPrincipalAccountDoc extends AccountDoc {
  asset: 'wallet_principal';
  /** The lots' principalLeft add up to this balance and their bonusLeft to the bonus account's. */
  lots: WalletLot[];
}

export interface WalletBonusAccountDoc extends AccountDoc {
  asset: 'wallet_bonus';
}

export interface MemberAccounts {
  points: PointsAccountDoc;
  growth: GrowthAccountDoc;
  wallet_principal: WalletPrincipalAccountDoc;
  wallet_bonus: WalletBonusAccountDoc;
}

export function accountId(memberId: string, asset: Asset): string {
  return `${memberId}:${asset}`;
}

/** A member's zeroed accounts, created with the member so that postings never meet a missing one. */
export function newAccounts(memberId: string): MemberAccounts {
  const base = { memberId, balance: 0, version: 0 };
  return {
    points: { ...base, _id: accountId(memberId, 'points'), asset: 'points', buckets: [], debt: 0, nextExpiryAt: null, earnedOn: null, remindedFor: null, unannouncedExpiryAt: null, expired: [] },
    growth: { ...base, _id: accountId(memberId, 'growth'), asset: 'growth', months: {} },
    wallet_principal: { ...base, _id: accountId(memberId, 'wallet_principal'), asset: 'wallet_principal', lots: [] },
    wallet_bonus: { ...base, _id: accountId(memberId, 'wallet_bonus'), asset: 'wallet_bonus' },
  };
}

/** Reads the named accounts inside a transaction, by id (what transactions allow). */
export async function loadAccounts<K extends Asset>(tx: Tx, memberId: string, assets: readonly K[]): Promise<Pick<MemberAccounts, K>> {
  const loaded = {} as Pick<MemberAccounts, K>;
  for (const asset of assets) {
    const account = await txGet<MemberAccounts[K]>(tx, ACCOUNTS, accountId(memberId, asset));
    if (!account) throw new Error(`account ${accountId(memberId, asset)} is missing`);
    loaded[asset] = account;
  }
  return loaded;
}
