import {
  AUDIT_EXPORT_MAX_BYTES,
  AUDIT_EXPORT_MAX_ROWS,
  AUDIT_PAGE_SIZE,
  type AuditExport,
  type AuditFilterOptions,
  type AuditPage,
} from '../contract/audit';
import { OPERATOR_ROLE_LABELS, isOperatorRole } from '../access/operator-roles';
import { OPERATORS, type OperatorDoc } from '../access/roles';
import { loadBrandSettings } from '../brand/settings';
import { findDocs } from '../platform/documents';
import { inBrandZone } from '../platform/time';
import type { HandlerContext } from '../router/context';
import { auditCsv } from './csv';
import { ACTION_LABELS, TARGET_KIND_LABELS } from './labels';
import { AUDIT_TARGET_KINDS, type AuditEntryDoc, auditRead } from './log';
import { type AuditFilters, auditCondition, auditCursorOf, auditRows, readAuditEntries } from './query';

/** The service answers at most 1,000 documents a query; an export reads in pages of this many. */
const EXPORT_PAGE = 1_000;

export async function listAudit(ctx: HandlerContext, input: AuditFilters & { cursor?: string }): Promise<AuditPage> {
  const masked = ctx.roles.operator?.role === 'analyst';
  const parts = await auditCondition(ctx, input);
  if (parts === null) return { items: [], nextCursor: null, masked };
  const entries = await readAuditEntries(ctx, parts, input.cursor, AUDIT_PAGE_SIZE + 1);
  const page = entries.slice(0, AUDIT_PAGE_SIZE);
  const hasMore = entries.length > AUDIT_PAGE_SIZE;
  return { items: await auditRows(ctx, page), nextCursor: hasMore && page.length ? auditCursorOf(page[page.length - 1]) : null, masked };
}

export async function auditFilterOptions(ctx: HandlerContext): Promise<AuditFilterOptions> {
  const operator = ctx.roles.operator!;
  const all = await findDocs<OperatorDoc>(ctx.db.collection(OPERATORS).field({ name: true, role: true }).orderBy('_id', 'asc').limit(1000));
  // A store manager filters by themselves only: the brand's other operators are none of theirs.
  const visible = operator.role === 'store_manager' ? all.filter((doc) => doc._id === ctx.openid) : all;
  return {
    actions: Object.entries(ACTION_LABELS).map(([action, label]) => ({ action, label })),
    targetKinds: AUDIT_TARGET_KINDS.map((kind) => ({ kind, label: TARGET_KIND_LABELS[kind] })),
    operators: visible.map((doc) => ({ openid: doc._id, name: doc.name ?? '', roleLabel: isOperatorRole(doc.role) ? OPERATOR_ROLE_LABELS[doc.role] : '' })),
    mayExport: operator.role === 'owner' || operator.role === 'manager',
  };
}

/**
 * The filtered log as CSV, newest first, at most AUDIT_EXPORT_MAX_ROWS rows and
 * AUDIT_EXPORT_MAX_BYTES (the file travels in the answer); `truncated` says when it was cut.
 * The export is itself recorded, as a read of the log with its filters.
 */
export async function exportAudit(ctx: HandlerContext, input: AuditFilters): Promise<AuditExport> {
  const { timeZone } = await loadBrandSettings(ctx.db, ctx.now);
  const parts = await auditCondition(ctx, input);
  const entries: AuditEntryDoc[] = [];
  let more = false;
  if (parts !== null) {
    let cursor: string | undefined;
    while (entries.length < AUDIT_EXPORT_MAX_ROWS) {
      const want = Math.min(EXPORT_PAGE, AUDIT_EXPORT_MAX_ROWS - entries.length);
      const page = await readAuditEntries(ctx, parts, cursor, want);
      entries.push(...page);
      if (page.length < want) break;
      cursor = auditCursorOf(page[page.length - 1]);
    }
    if (entries.length === AUDIT_EXPORT_MAX_ROWS) more = (await readAuditEntries(ctx, parts, auditCursorOf(entries[entries.length - 1]), 1)).length > 0;
  }
  const rows = [];
  for (let start = 0; start < entries.length; start += EXPORT_PAGE) rows.push(...(await auditRows(ctx, entries.slice(start, start + EXPORT_PAGE))));
  const file = auditCsv(rows, timeZone, AUDIT_EXPORT_MAX_BYTES);
  await auditRead(ctx, { kind: 'audit', id: 'export', label: filterSummary(input) });
  return {
    filename: `审计日志-${inBrandZone(ctx.now, timeZone).format('YYYYMMDD-HHmmss')}.csv`,
    csv: file.csv,
    rows: file.rows,
    truncated: more || file.rows < entries.length,
  };
}

function filterSummary(filters: AuditFilters): string {
  const parts = Object.entries(filters)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${value}`);
  return parts.length ? parts.join(' ') : '全部';
}
