import type { AuditRow } from '../contract/audit';
import { OPERATORS, STAFF, storeScope } from '../access/roles';
import { loadBrandSettings } from '../brand/settings';
import { MEMBER_NUMBERS } from '../members/collections';
import { BusinessError } from '../platform/business-error';
import type { Database } from '../platform/cloud';
import { type StoredDoc, findDocs } from '../platform/documents';
import { startOfBrandDay } from '../platform/time';
import type { HandlerContext } from '../router/context';
import { STORES } from '../stores/collections';
import { actionLabel, actorRoleLabel, maskName, maskPhone, targetKindLabel } from './labels';
import { AUDIT_LOG, type AuditEntryDoc, type AuditTargetKind } from './log';

// Reading the audit log: the filters as one indexed query (newest first, a cursor of the last
// entry's time and id), and rows for people: names joined once per page, Chinese labels.

export interface AuditFilters {
  operator?: string;
  action?: string;
  targetKind?: AuditTargetKind;
  targetId?: string;
  from?: string;
  to?: string;
}

type Command = Database['command'];
type Condition = Parameters<ReturnType<Database['collection']>['where']>[0];

/**
 * The query's condition, or null when it can match nothing (a store manager without stores).
 * A store manager's view is limited to entries of their stores before any filter applies.
 */
export async function auditCondition(ctx: HandlerContext, filters: AuditFilters): Promise<Record<string, unknown>[] | null> {
  const _ = ctx.db.command;
  const parts: Record<string, unknown>[] = [];
  const scope = storeScope(ctx);
  if (scope !== null) {
    if (scope.length === 0) return null;
    parts.push({ storeId: _.in(scope) });
  }
  if (filters.operator) parts.push({ 'actor.openid': filters.operator });
  if (filters.action) parts.push({ action: filters.action });
  if (filters.targetKind) parts.push({ 'target.kind': filters.targetKind });
  if (filters.targetId) parts.push({ 'target.id': await resolveTargetId(ctx.db, filters.targetKind, filters.targetId) });
  if (filters.from || filters.to) {
    const { timeZone } = await loadBrandSettings(ctx.db, ctx.now);
    if (filters.from && filters.to && filters.from > filters.to) throw new BusinessError('INVALID_INPUT', '开始日期不能晚于结束日期', 'from');
    const start = filters.from ? startOfBrandDay(filters.from, timeZone).toDate() : null;
    const end = filters.to ? startOfBrandDay(filters.to, timeZone).add(1, 'day').toDate() : null;
    parts.push({ at: start && end ? _.gte(start).and(_.lt(end)) : start ? _.gte(start) : _.lt(end!) });
  }
  return parts;
}

/** A member is logged by id; operators look one up by member number. */
async function resolveTargetId(db: Database, kind: AuditTargetKind | undefined, id: string): Promise<string> {
  if (kind !== 'member' || !/^\d{10}$/.test(id)) return id;
  const [number] = await findDocs<StoredDoc & { memberId: string }>(db.collection(MEMBER_NUMBERS).where({ _id: id }).limit(1));
  return number?.memberId ?? id;
}

/** The entries after `cursor` (`<ms>|<id>` of the last one shown), newest first. */
export function afterAuditCursor(_: Command, parts: Record<string, unknown>[], cursor: string | undefined): Condition {
  const all = [...parts];
  if (cursor) {
    const [ms, id] = cursor.split('|');
    const at = new Date(Number(ms));
    all.push(_.or([{ at: _.lt(at) }, { at, _id: _.lt(id) }]) as unknown as Record<string, unknown>);
  }
  if (all.length === 0) return {};
  return all.length === 1 ? all[0] : _.and(all);
}

export async function readAuditEntries(ctx: HandlerContext, parts: Record<string, unknown>[], cursor: string | undefined, limit: number): Promise<AuditEntryDoc[]> {
  return findDocs<AuditEntryDoc>(
    ctx.db.collection(AUDIT_LOG).where(afterAuditCursor(ctx.db.command, parts, cursor)).orderBy('at', 'desc').orderBy('_id', 'desc').limit(limit),
  );
}

export function auditCursorOf(entry: AuditEntryDoc): string {
  return `${new Date(entry.at).getTime()}|${entry._id}`;
}

interface Named extends StoredDoc {
  name?: string;
}

/** Names of the page's actors (operators, else staff) and stores: one query per collection. */
async function namesFor(db: Database, entries: AuditEntryDoc[]) {
  const _ = db.command;
  const openids = [...new Set(entries.map((e) => e.actor.openid))];
  const storeIds = [...new Set(entries.map((e) => e.storeId).filter((id): id is string => !!id))];
  const byIds = (collection: string, ids: string[]) =>
    ids.length === 0 ? Promise.resolve([] as Named[]) : findDocs<Named>(db.collection(collection).where({ _id: _.in(ids) }).field({ name: true }).limit(ids.length));
  const [operators, staff, stores] = await Promise.all([byIds(OPERATORS, openids), byIds(STAFF, openids), byIds(STORES, storeIds)]);
  const people = new Map<string, string>();
  for (const person of staff) people.set(person._id, person.name ?? '');
  for (const operator of operators) people.set(operator._id, operator.name ?? '');
  return { people, stores: new Map(stores.map((store) => [store._id, store.name ?? ''])) };
}

/** Keys in before/after that hold a person's name or phone, masked for analysts. */
const PERSONAL_KEYS = new Set(['name', 'staffName', 'nickname', 'phone', 'realName']);

export function maskPersonal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPersonal);
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
        key,
        typeof inner === 'string' && key === 'phone' ? maskPhone(inner) : PERSONAL_KEYS.has(key) && typeof inner === 'string' ? maskName(inner) : maskPersonal(inner),
      ]),
  );
}

/** Dates inside before/after as ISO text, as the client and the CSV read them. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value ?? null;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, plain(inner)]));
}

/**
 * Rows as an operator reads them. An analyst sees people (staff, members) by masked name;
 * members are labelled by member number, which is not masked; operators keep their names.
 */
export async function auditRows(ctx: HandlerContext, entries: AuditEntryDoc[]): Promise<AuditRow[]> {
  const masked = ctx.roles.operator?.role === 'analyst';
  const { people, stores } = await namesFor(ctx.db, entries);
  return entries.map((entry) => {
    const role = entry.actor.role;
    const actorName = people.get(entry.actor.openid) ?? '';
    const label = entry.target.label ?? '';
    return {
      id: entry._id,
      at: new Date(entry.at).toISOString(),
      actor: { openid: entry.actor.openid, name: masked && role === 'staff' ? maskName(actorName) : actorName, role, roleLabel: actorRoleLabel(role) },
      action: entry.action,
      actionLabel: actionLabel(entry.action),
      target: {
        kind: entry.target.kind,
        kindLabel: targetKindLabel(entry.target.kind),
        id: entry.target.id,
        label: masked && entry.target.kind === 'staff' ? maskName(label) : label,
      },
      before: plain(masked ? maskPersonal(entry.before) : entry.before),
      after: plain(masked ? maskPersonal(entry.after) : entry.after),
      reason: entry.reason ?? null,
      requestId: entry.requestId ?? null,
      storeId: entry.storeId ?? null,
      storeName: entry.storeId ? (stores.get(entry.storeId) ?? '') : '',
      read: entry.read === true,
    };
  });
}
