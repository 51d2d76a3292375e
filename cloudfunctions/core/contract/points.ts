import { z } from 'zod';
import { MANAGERS } from '../access/operator-roles';
import { action } from './define';
import { pageCursor } from './paging';
import { displayText } from './text';

export type LedgerBook = 'points' | 'wallet' | 'growth';

/** A points or growth entry, or (book `wallet`) one posting on the wallet with its split. */
export interface LedgerEntryView {
  entryId: string;
  asset: 'points' | 'growth' | 'wallet';
  kind: string;
  /** Signed; points or fen. */
  amount: number;
  /** For the wallet, principal and bonus together. */
  balanceAfter: number;
  /** Wallet only: how the amount splits between principal and bonus. */
  split?: { principal: number; bonus: number };
  reason: string;
  createdAt: string;
}

export interface HistoryResult {
  items: LedgerEntryView[];
  /** Pass back as `before` for the next page; null at the end. */
  nextCursor: string | null;
}

export interface AdjustPointsResult {
  memberNo: string;
  amount: number;
  balance: number;
}

const kinds = ['earn', 'spend', 'expire', 'grant', 'deduct', 'debt_settle', 'reversal', 'topup', 'wallet_pay', 'topup_refund', 'forfeit'] as const;

export const pointsMemberActions = {
  history: action<HistoryResult>()({
    input: z
      .object({
        book: z.enum(['points', 'wallet', 'growth']),
        kind: z.enum(kinds).optional(),
        before: pageCursor.optional(),
        limit: z.number().int().min(1).max(50).default(20),
      })
      .strict(),
    mutates: false,
  }),
};

export const pointsAdminActions = {
  /** A manual grant (positive) or deduction (negative), always with a reason. */
  adjustPoints: action<AdjustPointsResult>()({
    input: z
      .object({
        memberNo: z.string().regex(/^\d{10}$/),
        amount: z.number().int().min(-1_000_000).max(1_000_000).refine((n) => n !== 0, 'amount must not be 0'),
        reason: displayText(100, 2),
      })
      .strict(),
    mutates: true,
    roles: MANAGERS,
  }),
};
