import { z } from 'zod';
import { MANAGERS, READERS } from '../access/operator-roles';
import { action } from './define';
import type { TierView } from './members';
import type { LedgerEntryView } from './points';
import type { PurchaseView } from './purchases';
import { pageCursor } from './paging';
import { displayText } from './text';

// The operator console's member actions (issue 8): search, the member page, bulk grants.
// Analysts see personal fields masked (nickname: first character + '*'; phone 138****8000).

const memberNo = z.string().regex(/^\d{10}$/);
/** A nickname page's cursor: base64url of the last row's nickname and id. */
const nicknameCursor = z.string().regex(/^[A-Za-z0-9_-]{1,400}$/);
/** A bulk grant's id (the request key of the call that started it). */
const jobId = z.string().regex(/^[a-f0-9]{32}$/);

/** Lines of one part of a bulk grant's list: the client sends at most this many per call (payloads stay under 64 KB). */
export const BULK_GRANT_PART_LINES = 2_500;
/** At most four parts: 10,000 member numbers per job. */
export const BULK_GRANT_MAX_PARTS = 4;
export const BULK_GRANT_MAX_MEMBERS = BULK_GRANT_PART_LINES * BULK_GRANT_MAX_PARTS;
export const BULK_GRANT_MAX_AMOUNT = 10_000;

export type MemberSearchKey = 'memberNo' | 'phone' | 'nickname';

export interface MemberRow {
  memberNo: string;
  /** Masked for analysts. */
  nickname: string;
  /** Masked for analysts; null when the member gave none. */
  phone: string | null;
  tier: TierView;
  points: number;
  walletFen: number;
  joinedAt: string;
}

export interface SearchMembersResult {
  /** How the query was read: a member number, a phone number (exact) or a nickname prefix. */
  searchedBy: MemberSearchKey;
  items: MemberRow[];
  /** Nickname searches only: pass back as `cursor` for the next page. */
  nextCursor: string | null;
  /** True when personal fields are masked (analyst). */
  masked: boolean;
}

export interface TierChangeView {
  at: string;
  kind: 'override' | 'upgrade';
  /** Override: the tier set; upgrade by a purchase: null (the tier it led to is not recorded). */
  to: TierView | null;
  /** Upgrade: the tier the purchase upgraded from. */
  from: TierView | null;
  until: string | null;
  reason: string | null;
  by: string | null;
}

export interface MemberPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface MemberDetail {
  profile: {
    memberNo: string;
    nickname: string;
    phone: string | null;
    avatarUrl: string | null;
    joinedAt: string;
    /** Set when the member deleted their account (注销): the page shows 已注销 and nothing of who they were. */
    deletedAt?: string | null;
  };
  masked: boolean;
  balances: {
    points: number;
    pointsDebt: number;
    growth: number;
    growthInWindow: number;
    walletPrincipal: number;
    walletBonus: number;
  };
  tier: TierView;
  earnedTier: TierView;
  override: { tier: TierView; until: string; reason: string } | null;
  downgradeNotice: { to: TierView; effectiveAt: string } | null;
  /** The brand's tiers, lowest first (the override form's picker). */
  tiers: (TierView & { threshold: number })[];
  windowMonths: number;
  points: MemberPage<LedgerEntryView>;
  purchases: MemberPage<PurchaseView>;
  growth: MemberPage<LedgerEntryView>;
  tierChanges: TierChangeView[];
}

export type MemberHistoryResult =
  | { book: 'points' | 'growth'; items: LedgerEntryView[]; nextCursor: string | null }
  | { book: 'purchases'; items: PurchaseView[]; nextCursor: string | null };

export type BulkGrantState = 'uploading' | 'running' | 'done';

export interface BulkGrantStatus {
  jobId: string;
  state: BulkGrantState;
  amount: number;
  reason: string;
  /** Distinct valid member numbers received so far. */
  total: number;
  /** Granted plus failed. */
  done: number;
  granted: number;
  failed: number;
  /** 0..100, whole numbers; 100 only when done. */
  percent: number;
  partsReceived: number;
  parts: number;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface BulkGrantUpload extends BulkGrantStatus {
  /** Of this part: lines that were not a ten-digit member number (first 100), and how many. */
  invalid: { line: number; value: string }[];
  invalidCount: number;
  /** Of this part: repeated numbers dropped. */
  duplicates: number;
}

const memberNoLines = z.array(z.string().max(20)).min(1).max(BULK_GRANT_PART_LINES);

export const adminMembersAdminActions = {
  /** By member number (10 digits), full phone number (exact only) or nickname prefix (paged). */
  searchMembers: action<SearchMembersResult>()({
    input: z.object({ query: z.string().trim().min(1).max(40), cursor: nicknameCursor.optional() }).strict(),
    mutates: false,
    roles: READERS,
  }),
  /** The member page; every call is recorded in the audit log as a read of personal data. */
  getMember: action<MemberDetail>()({
    input: z.object({ memberNo, limit: z.number().int().min(1).max(50).default(20) }).strict(),
    mutates: false,
    roles: READERS,
  }),
  /** Later pages of the member page's tabs; recorded as a read too. */
  memberHistory: action<MemberHistoryResult>()({
    input: z
      .object({ memberNo, book: z.enum(['points', 'growth', 'purchases']), before: pageCursor.optional(), limit: z.number().int().min(1).max(50).default(20) })
      .strict(),
    mutates: false,
    roles: READERS,
  }),
  /**
   * Starts a bulk grant with the first part of its list (`parts` parts in all, each at most
   * BULK_GRANT_PART_LINES lines); the job runs once every part has arrived.
   */
  startBulkGrant: action<BulkGrantUpload>()({
    input: z
      .object({
        memberNos: memberNoLines,
        parts: z.number().int().min(1).max(BULK_GRANT_MAX_PARTS).default(1),
        amount: z.number().int().min(1).max(BULK_GRANT_MAX_AMOUNT),
        reason: displayText(100, 2),
      })
      .strict(),
    mutates: true,
    roles: MANAGERS,
  }),
  /** Part 2.. of a bulk grant's list. */
  addBulkGrantMembers: action<BulkGrantUpload>()({
    input: z.object({ jobId, part: z.number().int().min(2).max(BULK_GRANT_MAX_PARTS), memberNos: memberNoLines }).strict(),
    mutates: true,
    roles: MANAGERS,
  }),
  bulkGrantStatus: action<BulkGrantStatus>()({ input: z.object({ jobId }).strict(), mutates: false, roles: MANAGERS }),
  /** Jobs not finished yet (and the last few finished), newest first, so a reopened page resumes them. */
  listBulkGrants: action<{ items: BulkGrantStatus[] }>()({ input: z.object({}).strict(), mutates: false, roles: MANAGERS }),
  /** CSV (会员号,原因) of the members the job could not grant. */
  bulkGrantFailures: action<{ jobId: string; csv: string; count: number }>()({ input: z.object({ jobId }).strict(), mutates: false, roles: MANAGERS }),
  /** Grants the next chunk of a running job and answers its status. Safe to call twice or at once. */
  runBulkGrant: action<BulkGrantStatus>()({ input: z.object({ jobId }).strict(), mutates: true, roles: MANAGERS }),
};
