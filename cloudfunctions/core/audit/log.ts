import type { OperatorRole } from '../access/operator-roles';
import type { Tx } from '../platform/documents';
import type { HandlerContext } from '../router/context';

// The audit log: who changed what, when, from what to what. Append-only: entries are written
// with `add` in the transaction of the change they record (so a change without its entry, or an
// entry without its change, cannot exist) and nothing in the code updates or deletes them; in
// the cloud the collection's security rule allows no client writes at all (README).

export const AUDIT_LOG = 'audit_log';

export const AUDIT_TARGET_KINDS = ['member', 'store', 'staff', 'operator', 'rules', 'coupon_template', 'purchase', 'job', 'audit'] as const;
/** What an entry is about; `audit` is the log itself (an export is recorded as a read of it). */
export type AuditTargetKind = (typeof AUDIT_TARGET_KINDS)[number];

export interface AuditTarget {
  kind: AuditTargetKind;
  id: string;
  /** What an operator reads in the log: a member number, a store's name. */
  label?: string;
}

export interface AuditEntryDoc {
  _id: string;
  at: Date;
  actor: { openid: string; role: OperatorRole | 'staff' | 'member' };
  fn: string;
  action: string;
  target: AuditTarget;
  /** null for a read or a creation. */
  before: unknown;
  after: unknown;
  requestId: string | null;
  /** The store the change concerns, so a store manager's log can be filtered to theirs. */
  storeId: string | null;
  reason: string | null;
  /** true for a read of personal data (an operator's member page, a cashier's lookup), which changes nothing. */
  read: boolean;
}

export interface AuditChange {
  target: AuditTarget;
  before?: unknown;
  after?: unknown;
  storeId?: string | null;
  reason?: string | null;
}

function entryFor(ctx: HandlerContext, change: AuditChange, read: boolean): Omit<AuditEntryDoc, '_id'> {
  const role = ctx.roles.operator?.role ?? (ctx.roles.staff ? 'staff' : 'member');
  return {
    at: ctx.now,
    actor: { openid: ctx.openid, role },
    fn: ctx.fn,
    action: ctx.action,
    target: change.target,
    before: change.before ?? null,
    after: change.after ?? null,
    requestId: ctx.requestId ?? null,
    storeId: change.storeId ?? null,
    reason: change.reason ?? null,
    read,
  };
}

/** Records a change in the transaction that makes it. */
export async function appendAudit(tx: Tx, ctx: HandlerContext, change: AuditChange): Promise<void> {
  await tx.collection(AUDIT_LOG).add({ data: entryFor(ctx, change, false) });
}

/**
 * Records a read of personal data by an operator (a member page) or by staff (a member code
 * scanned, a member found by phone), outside any transaction: the read changes nothing. A staff
 * read names the cashier's store, so that store's manager sees it in their log.
 */
export async function auditRead(ctx: HandlerContext, target: AuditTarget): Promise<void> {
  const storeId = ctx.fn === 'staff' ? (ctx.roles.staff?.storeId ?? null) : null;
  await ctx.db.collection(AUDIT_LOG).add({ data: entryFor(ctx, { target, storeId }, true) });
}
