import { z } from 'zod';
import { ANY_OPERATOR, MANAGERS } from '../access/operator-roles';
import { AUDIT_TARGET_KINDS, type AuditTargetKind } from '../audit/log';
export type { AuditTargetKind } from '../audit/log';
import { action } from './define';
import { pageCursor } from './paging';

// The operator console's audit log and overview figures (issue 8). Every action names the roles
// that may call it.

/** An operator's openid, a target's id (member ids, store ids, posting ids): URL-safe, bounded. */
const documentId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_:-]+$/);
/** A calendar day in the brand's time zone. */
const brandDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((day) => {
    const [y, m, d] = day.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  });

const auditFilters = {
  /** The actor's openid. */
  operator: documentId.optional(),
  action: z.string().regex(/^[A-Za-z]{1,40}$/).optional(),
  targetKind: z.enum(AUDIT_TARGET_KINDS).optional(),
  /** A target's id; for members a member number works too. */
  targetId: documentId.optional(),
  /** Brand-zone days, both included. */
  from: brandDay.optional(),
  to: brandDay.optional(),
};

/** Rows of one listAudit page. */
export const AUDIT_PAGE_SIZE = 30;
/** The most rows one export carries; past it the file says it was cut. */
export const AUDIT_EXPORT_MAX_ROWS = 5_000;
/** …and the most bytes (the CSV travels in the call's answer). */
export const AUDIT_EXPORT_MAX_BYTES = 1_000_000;

export interface AuditRow {
  id: string;
  at: string; // ISO time
  actor: { openid: string; name: string; role: string; roleLabel: string };
  action: string;
  actionLabel: string;
  target: { kind: AuditTargetKind; kindLabel: string; id: string; label: string };
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
  storeId: string | null;
  storeName: string;
  /** A read of personal data (a member page), which changed nothing. */
  read: boolean;
}

export interface AuditPage {
  items: AuditRow[];
  nextCursor: string | null;
  /** True when people's names are masked (analyst). */
  masked: boolean;
}

export interface AuditFilterOptions {
  actions: { action: string; label: string }[];
  targetKinds: { kind: AuditTargetKind; label: string }[];
  /** Operators to filter by (a store manager: only themselves). */
  operators: { openid: string; name: string; roleLabel: string }[];
  mayExport: boolean;
}

export interface AuditExport {
  filename: string;
  /** UTF-8 text with a BOM (Excel then reads the Chinese), CRLF line ends. */
  csv: string;
  rows: number;
  /** True when more entries matched than the file holds (AUDIT_EXPORT_MAX_ROWS or _BYTES). */
  truncated: boolean;
}

export interface StoreDayFigures {
  storeId: string;
  name: string;
  /** Purchases recorded today and what they came to (fen). */
  purchases: number;
  amountFen: number;
  /** Refunds made today (of purchases from any day) and their amount (fen). */
  refunds: number;
  refundFen: number;
}

export interface OverviewFigures {
  /** When these answers were read (members and today's purchases are live). */
  now: string;
  /** 'stores' for a store manager: their stores' rows only, no brand-wide figures. */
  scope: 'brand' | 'stores';
  /** Brand-wide; null for a store manager. */
  members: { total: number; newToday: number; newThisWeek: number } | null;
  /** From the rollup job; null until its first pass has finished. */
  ledger: {
    /** Points members hold (balances are never negative) and points owed after refunds, apart. */
    points: { outstanding: number; debt: number };
    /** Stored value owed to members: principal (paid) and bonus (given), fen. */
    wallet: { principalFen: number; bonusFen: number };
    /** When the pass that counted them finished. */
    asOf: string;
  } | null;
  today: { day: string; stores: StoreDayFigures[]; total: Omit<StoreDayFigures, 'storeId' | 'name'> };
}

export const auditAdminActions = {
  /** Newest first. A store manager sees only entries of their stores. */
  listAudit: action<AuditPage>()({
    input: z.object({ ...auditFilters, cursor: pageCursor.optional() }).strict(),
    mutates: false,
    roles: ANY_OPERATOR,
  }),
  /** What the log's filters offer: actions and target kinds with their Chinese names, operators. */
  auditFilterOptions: action<AuditFilterOptions>()({ input: z.object({}).strict(), mutates: false, roles: ANY_OPERATOR }),
  /** The filtered log as CSV; recorded in the log as a read. */
  exportAudit: action<AuditExport>()({ input: z.object(auditFilters).strict(), mutates: false, roles: MANAGERS }),
  /**
   * Members, points and stored value outstanding, today's purchases per store. A store manager
   * gets their stores' rows (their reports) and none of the brand-wide figures.
   */
  overview: action<OverviewFigures>()({ input: z.object({}).strict(), mutates: false, roles: ANY_OPERATOR }),
};

