import type { SubscribeTemplateKey } from '../contract';
import { loadBrandSettings } from '../brand/settings';
import { idempotent } from '../ledger/idempotency';
import { requireMember } from '../members/lookup';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { BusinessError } from '../platform/business-error';
import type { Database } from '../platform/cloud';
import { type StoredDoc, findDocs, getDocById, txGet } from '../platform/documents';
import { runInTransaction } from '../platform/transaction';
import { inBrandZone } from '../platform/time';
import type { HandlerContext } from '../router/context';
import { TEMPLATES, sendSubscribeMessage, templateIds } from './subscribe-message';

// The subscribe-message quota. WeChat grants ONE message per accepted requestSubscribeMessage
// (a one-time subscription): every accept adds one to that template's quota, every send spends
// one first, and a send with nothing left is skipped and counted, never attempted.

/** One document per member: what is left per template. */
export const SUBSCRIBE_QUOTAS = 'subscribe_quotas';
/** One document per template and brand-zone day: `<template>:<YYYY-MM-DD>`. Statistics only. */
export const NOTIFY_COUNTERS = 'notify_counters';

export const TEMPLATE_KEYS = Object.keys(TEMPLATES) as SubscribeTemplateKey[];

export interface SubscribeQuotaDoc extends StoredDoc {
  memberId: string;
  quotas: Partial<Record<SubscribeTemplateKey, number>>;
  updatedAt: Date;
}

export type CounterField = 'sent' | 'skippedNoQuota' | 'failed' | 'consents';

export interface NotifyCounterDoc extends StoredDoc {
  template: SubscribeTemplateKey;
  day: string;
  sent: number;
  skippedNoQuota: number;
  failed: number;
  consents: number;
}

/** The template key a WeChat template id belongs to (the ids come from the function's environment). */
export function templateKeyOf(templateId: string): SubscribeTemplateKey | null {
  const ids = templateIds();
  return TEMPLATE_KEYS.find((key) => ids[key] === templateId) ?? null;
}

/** Pure: the accepts per template key, refusing an unknown template id (INVALID_INPUT on `results`). */
export function acceptedByKey(results: Record<string, 'accept' | 'reject' | 'ban' | 'filter'>): Partial<Record<SubscribeTemplateKey, number>> {
  const accepted: Partial<Record<SubscribeTemplateKey, number>> = {};
  for (const [templateId, answer] of Object.entries(results)) {
    const key = templateKeyOf(templateId);
    if (!key) throw new BusinessError('INVALID_INPUT', '未知的订阅消息模板', 'results');
    if (answer === 'accept') accepted[key] = (accepted[key] ?? 0) + 1;
  }
  return accepted;
}

function counterDay(now: Date, timeZone: string | undefined): string {
  return inBrandZone(now, timeZone).format('YYYY-MM-DD');
}

/**
 * Adds one to a day's counter. Not in the caller's transaction: every send of a day touches the
 * same document, and an atomic increment outside a transaction does not conflict. The first
 * count of a day creates it (in a transaction, so two first counts do not overwrite each other).
 * Statistics: a crash between the send and the count loses one count, never a message.
 */
export async function countNotify(db: Database, template: SubscribeTemplateKey, day: string, field: CounterField, by = 1): Promise<void> {
  const id = `${template}:${day}`;
  const _ = db.command;
  const answer = (await db.collection(NOTIFY_COUNTERS).doc(id).update({ data: { [field]: _.inc(by) } })) as { stats?: { updated?: number } };
  if ((answer?.stats?.updated ?? 0) > 0) return;
  await runInTransaction(db, async (tx) => {
    const seen = await txGet<NotifyCounterDoc>(tx, NOTIFY_COUNTERS, id);
    const counts = { sent: seen?.sent ?? 0, skippedNoQuota: seen?.skippedNoQuota ?? 0, failed: seen?.failed ?? 0, consents: seen?.consents ?? 0 };
    await tx.collection(NOTIFY_COUNTERS).doc(id).set({ data: { template, day, ...counts, [field]: counts[field] + by } });
  });
}

/** The member's quota per template (0 for a template never accepted). */
export async function quotasOf(db: Database, memberId: string): Promise<Record<SubscribeTemplateKey, number>> {
  const doc = await getDocById<SubscribeQuotaDoc>(db, SUBSCRIBE_QUOTAS, memberId);
  return Object.fromEntries(TEMPLATE_KEYS.map((key) => [key, doc?.quotas?.[key] ?? 0])) as Record<SubscribeTemplateKey, number>;
}

/**
 * member.recordSubscribeConsent: requestSubscribeMessage's answer, `{ [templateId]: 'accept' | … }`.
 * Each accept adds one to that template's quota, in one transaction with the request record, so a
 * retried call adds nothing. Refusals (reject/ban/filter) change nothing.
 */
export async function recordSubscribeConsent(
  ctx: HandlerContext,
  input: { results: Record<string, 'accept' | 'reject' | 'ban' | 'filter'> },
): Promise<{ quotas: Partial<Record<SubscribeTemplateKey, number>> }> {
  const accepted = acceptedByKey(input.results);
  const member = await requireMember(ctx);
  if (member.deletedAt) throw new BusinessError('MEMBER_NOT_FOUND', '该会员已注销');
  const result = await idempotent(ctx, { scope: `member:${ctx.openid}:recordSubscribeConsent`, requestId: ctx.requestId!, input }, async (tx) => {
    const seen = await txGet<SubscribeQuotaDoc>(tx, SUBSCRIBE_QUOTAS, member._id);
    const quotas: Partial<Record<SubscribeTemplateKey, number>> = { ...(seen?.quotas ?? {}) };
    for (const [key, count] of Object.entries(accepted) as [SubscribeTemplateKey, number][]) quotas[key] = (quotas[key] ?? 0) + count;
    if (Object.keys(accepted).length > 0) await tx.collection(SUBSCRIBE_QUOTAS).doc(member._id).set({ data: { memberId: member._id, quotas, updatedAt: ctx.now } });
    return { quotas };
  });
  // Counted once: a replay answers from the request record (ReplayedOutcome) and never gets here.
  const day = counterDay(ctx.now, (await loadBrandSettings(ctx.db, ctx.now)).timeZone);
  for (const [key, count] of Object.entries(accepted) as [SubscribeTemplateKey, number][]) await countNotify(ctx.db, key, day, 'consents', count);
  return result;
}

/** What a sender needs of its context: a job's or a handler's will do. */
export type QuotaSendContext = Pick<HandlerContext, 'db' | 'now' | 'transaction'>;

export type QuotaSendOutcome = 'sent' | 'failed' | 'skipped_no_quota' | 'skipped_no_recipient';

/**
 * Spends one of the member's quota for `template`, then sends. The spend is a transaction on the
 * member's quota document, so parallel sends never take it below zero: of N racing sends with
 * one left, one spends it and the rest find 0 and are skipped. With no quota the message is
 * skipped and counted (`skippedNoQuota`), never attempted. A send WeChat refuses (43101 no
 * subscription, 47003 bad data…) is counted as `failed` and the quota stays spent: WeChat itself
 * consumed the one-time subscription or no longer holds it, and sending again on a restored
 * quota would only be refused again (or be a second message for one consent). A deleted member
 * (注销) is skipped as no recipient, and their quota is not spent.
 */
export async function sendWithQuota(
  ctx: QuotaSendContext,
  message: { memberId: string; openid: string; template: SubscribeTemplateKey; page: string; data: Record<string, { value: string }>; timeZone?: string },
): Promise<QuotaSendOutcome> {
  if (!message.openid) return 'skipped_no_recipient';
  const day = counterDay(ctx.now, message.timeZone);
  const spent = await ctx.transaction(async (tx) => {
    const doc = await txGet<SubscribeQuotaDoc>(tx, SUBSCRIBE_QUOTAS, message.memberId);
    const left = doc?.quotas?.[message.template] ?? 0;
    if (!doc || left < 1) return false;
    // A member deleted (注销) since the message was prepared gets nothing, and their old openid
    // may be a new visitor's now: read in the spend's transaction, so no send follows a deletion.
    const member = await txGet<MemberDoc>(tx, MEMBERS, message.memberId);
    if (!member || member.deletedAt) return 'deleted' as const;
    await tx.collection(SUBSCRIBE_QUOTAS).doc(message.memberId).update({ data: { [`quotas.${message.template}`]: left - 1, updatedAt: ctx.now } });
    return true;
  });
  if (spent === 'deleted') return 'skipped_no_recipient';
  if (!spent) {
    await countNotify(ctx.db, message.template, day, 'skippedNoQuota');
    return 'skipped_no_quota';
  }
  const ok = await sendSubscribeMessage({ touser: message.openid, templateId: TEMPLATES[message.template](), page: message.page, data: message.data });
  await countNotify(ctx.db, message.template, day, ok ? 'sent' : 'failed');
  return ok ? 'sent' : 'failed';
}

const MAX_STATS_DAYS = 92;

/** admin.subscribeMessageStats: the counters per template, summed over brand-zone days from..to (inclusive). */
export async function subscribeMessageStats(ctx: HandlerContext, input: { from: string; to: string }) {
  const from = inBrandZone(Date.parse(`${input.from}T00:00:00Z`), 'UTC');
  const to = inBrandZone(Date.parse(`${input.to}T00:00:00Z`), 'UTC');
  if (!from.isValid() || from.format('YYYY-MM-DD') !== input.from) throw new BusinessError('INVALID_INPUT', '开始日期无效', 'from');
  if (!to.isValid() || to.format('YYYY-MM-DD') !== input.to) throw new BusinessError('INVALID_INPUT', '结束日期无效', 'to');
  if (input.to < input.from) throw new BusinessError('INVALID_INPUT', '结束日期不能早于开始日期', 'to');
  if (to.diff(from, 'day') >= MAX_STATS_DAYS) throw new BusinessError('INVALID_INPUT', `一次最多查询 ${MAX_STATS_DAYS} 天`, 'to');
  const _ = ctx.db.command;
  const docs: NotifyCounterDoc[] = [];
  for (let skip = 0; ; skip += 100) {
    const page = await findDocs<NotifyCounterDoc>(ctx.db.collection(NOTIFY_COUNTERS).where({ day: _.gte(input.from).and(_.lte(input.to)) }).orderBy('_id', 'asc').skip(skip).limit(100));
    docs.push(...page);
    if (page.length < 100) break;
  }
  const rows = TEMPLATE_KEYS.map((template) => {
    const mine = docs.filter((doc) => doc.template === template);
    const total = (field: CounterField) => mine.reduce((sum, doc) => sum + (doc[field] ?? 0), 0);
    return { template, sent: total('sent'), skippedNoQuota: total('skippedNoQuota'), failed: total('failed'), consents: total('consents') };
  });
  return { from: input.from, to: input.to, rows };
}
