import type {
  CancelScheduledRulesResult,
  PreviewRulesResult,
  RuleHistoryItem,
  RuleVersionView,
  RulesResult,
  SaveRulesResult,
  rulesAdminActions,
} from '../contract/rules';
import { OPERATORS, type OperatorDoc } from '../access/roles';
import { appendAudit } from '../audit/log';
import { BRAND_SETTINGS_ID, type BrandSettingsDoc, baseSections, MAX_SCHEDULED_VERSIONS, RULE_SECTIONS, type RuleSection, SETTINGS } from '../brand/settings';
import { type IdempotencyKey, replayIfSeen, runOnce } from '../ledger/idempotency';
import { BusinessError } from '../platform/business-error';
import { type Tx, findDocs, getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import type { Handlers } from '../router/router';
import { SECTION_LABELS, previewSection } from './preview';
import { RULE_VERSIONS, type RuleVersionDoc, inForceAt, keptSlots, latestVersion, scheduledAfter, slotsOf, versionDocId, withSlots } from './store';
import { COUPON_TEMPLATES } from '../coupons/collections';
import { type RuleProblem, checkSection, templatesNamed } from './validate';

// The console's rules actions: read, preview, save a version, cancel a scheduled one.

/** How far ahead a version may be scheduled. */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 86_400_000;
const HISTORY_SHOWN = 40;

function iso(date: Date | null | undefined): string | null {
  return date ? new Date(date).toISOString() : null;
}

function view<S extends RuleSection>(section: S, slot: { version: number; effectiveAt: Date | null; value: RuleVersionView<S>['value'] }): RuleVersionView<S> {
  return { section, version: slot.version, effectiveAt: iso(slot.effectiveAt), value: slot.value };
}

async function readSettings(ctx: HandlerContext): Promise<BrandSettingsDoc | null> {
  return getDocById<BrandSettingsDoc>(ctx.db, SETTINGS, BRAND_SETTINGS_ID);
}

export async function getRules(ctx: HandlerContext): Promise<RulesResult> {
  const [doc, versions] = await Promise.all([
    readSettings(ctx),
    findDocs<RuleVersionDoc>(ctx.db.collection(RULE_VERSIONS).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(HISTORY_SHOWN)),
  ]);
  const current = {} as RulesResult['current'];
  const scheduled = {} as RulesResult['scheduled'];
  for (const section of RULE_SECTIONS) {
    (current as Record<RuleSection, RuleVersionView>)[section] = view(section, inForceAt(doc, section, ctx.now));
    (scheduled as Record<RuleSection, RuleVersionView[]>)[section] = scheduledAfter(doc, section, ctx.now).map((slot) => view(section, slot));
  }
  const openids = [...new Set(versions.flatMap((v) => (v.createdBy ? [v.createdBy.openid] : [])))];
  const operators = openids.length ? await findDocs<OperatorDoc>(ctx.db.collection(OPERATORS).where({ _id: ctx.db.command.in(openids) }).limit(100)) : [];
  const names = new Map(operators.map((op) => [op._id, op.name]));
  const history: RuleHistoryItem[] = versions.map((v) => ({
    section: v.section,
    version: v.version,
    effectiveAt: iso(v.effectiveAt),
    createdAt: iso(v.createdAt),
    createdBy: v.createdBy ? { ...v.createdBy, name: names.get(v.createdBy.openid) ?? '' } : null,
    status: v.cancelledAt
      ? 'cancelled'
      : v.version === current[v.section].version
        ? 'in_force'
        : v.effectiveAt && new Date(v.effectiveAt).getTime() > ctx.now.getTime()
          ? 'scheduled'
          : 'superseded',
    changes: v.changes ?? [],
  }));
  return { now: ctx.now.toISOString(), current, scheduled, history };
}

/** The moment a version takes effect: now when omitted; never in the past or more than a year ahead. */
function effectiveMoment(ctx: HandlerContext, effectiveAt: string | undefined): Date {
  if (effectiveAt === undefined) return ctx.now;
  const at = new Date(effectiveAt);
  if (at.getTime() < ctx.now.getTime()) throw new BusinessError('INVALID_INPUT', '生效时间已过，请选择立即生效或一个将来的时间', 'effectiveAt');
  if (at.getTime() > ctx.now.getTime() + MAX_SCHEDULE_AHEAD_MS) throw new BusinessError('INVALID_INPUT', '生效时间最多可设在一年以内', 'effectiveAt');
  return at;
}

function checked<S extends RuleSection>(section: S, value: unknown) {
  const result = checkSection(section, value);
  if (!result.ok) {
    const [first] = result.problems;
    throw new BusinessError('INVALID_INPUT', first.message, first.field ? `value.${first.field}` : 'value');
  }
  return result.value;
}

/** The coupon templates a value names that do not exist, each a problem on its field (one read). */
async function missingTemplates(ctx: HandlerContext, section: RuleSection, value: Parameters<typeof templatesNamed>[1]): Promise<RuleProblem[]> {
  const named = templatesNamed(section, value);
  if (!named.length) return [];
  const ids = [...new Set(named.map((n) => n.templateId))];
  const found = await findDocs<{ _id: string }>(ctx.db.collection(COUPON_TEMPLATES).where({ _id: ctx.db.command.in(ids) }).field({ _id: true }).limit(ids.length));
  const known = new Set(found.map((t) => t._id));
  return named.filter((n) => !known.has(n.templateId)).map((n) => ({ field: n.field, message: `没有编号为 ${n.templateId} 的优惠券模板` }));
}

function refuseIfFull(doc: BrandSettingsDoc | null, section: RuleSection, now: Date, at: Date): void {
  if (at.getTime() > now.getTime() && scheduledAfter(doc, section, now).length >= MAX_SCHEDULED_VERSIONS) {
    throw new BusinessError('INVALID_INPUT', `${SECTION_LABELS[section]}规则已有 ${MAX_SCHEDULED_VERSIONS} 个待生效版本，请先取消其中一个`, 'effectiveAt');
  }
}

export async function previewRules(ctx: HandlerContext, input: { section: RuleSection; value: Record<string, unknown>; effectiveAt?: string }): Promise<PreviewRulesResult> {
  const at = effectiveMoment(ctx, input.effectiveAt);
  const doc = await readSettings(ctx);
  const before = inForceAt(doc, input.section, at);
  const result = checkSection(input.section, input.value);
  const supersededBy = scheduledAfter(doc, input.section, at).map((slot) => ({ version: slot.version, effectiveAt: slot.effectiveAt.toISOString() }));
  if (!result.ok) return { problems: result.problems, comparedWith: before.version, changes: [], supersededBy };
  const missing = await missingTemplates(ctx, input.section, result.value);
  if (missing.length) return { problems: missing, comparedWith: before.version, changes: [], supersededBy };
  return { problems: [], comparedWith: before.version, changes: previewSection(input.section, before.value, result.value), supersededBy };
}

function requestOf(ctx: HandlerContext, action: string, input: unknown): IdempotencyKey {
  if (!ctx.requestId) throw new Error(`${action} is mutating and reached its handler without a request id`);
  // Brand-wide: one operator's retry replays; two operators' saves are two versions.
  return { scope: `admin:${ctx.openid}:${action}`, requestId: ctx.requestId, input };
}

export async function saveRules(ctx: HandlerContext, input: { section: RuleSection; value: Record<string, unknown>; effectiveAt?: string }): Promise<SaveRulesResult> {
  const key = requestOf(ctx, 'saveRules', input);
  // A retry answers the first outcome even once its moment has passed; refusals below are
  // decided before the transaction, so they leave nothing behind.
  await replayIfSeen(ctx, key);
  const { section } = input;
  const requested = effectiveMoment(ctx, input.effectiveAt);
  const value = checked(section, input.value);
  const [missing] = await missingTemplates(ctx, section, value);
  if (missing) throw new BusinessError('INVALID_INPUT', missing.message, `value.${missing.field}`);
  refuseIfFull(await readSettings(ctx), section, ctx.now, requested);
  return runOnce(ctx, key, async (tx) => {
    const doc = await txGet<BrandSettingsDoc>(tx, SETTINGS, BRAND_SETTINGS_ID);
    refuseIfFull(doc, section, ctx.now, requested);
    // An immediate save that committed after another one racing it (whose moment was read a
    // millisecond later) takes effect with it, so the higher version wins the tie, not the older.
    const at = input.effectiveAt === undefined ? immediateMoment(doc, section, ctx.now) : requested;
    const before = inForceAt(doc, section, at);
    const version = latestVersion(doc, section) + 1;
    const changes = previewSection(section, before.value, value);
    const actor = { openid: ctx.openid, role: ctx.roles.operator!.role };
    if (version === 1) await recordVersionZero(ctx, tx, doc, section);
    const slots = keptSlots([...slotsOf(doc, section), { version, effectiveAt: at, value }], input.effectiveAt === undefined ? at : ctx.now);
    await tx.collection(SETTINGS).doc(BRAND_SETTINGS_ID).set({ data: withSlots(doc, section, slots, version) });
    const record: Omit<RuleVersionDoc, '_id'> = { section, version, value, effectiveAt: at, createdAt: ctx.now, createdBy: actor, requestId: ctx.requestId ?? null, changes };
    await tx.collection(RULE_VERSIONS).doc(versionDocId(section, version)).set({ data: record });
    await appendAudit(tx, ctx, {
      target: { kind: 'rules', id: section, label: `${SECTION_LABELS[section]}规则` },
      before: { version: before.version, value: before.value },
      after: { version, effectiveAt: at, value, changes },
    });
    return { section, version, effectiveAt: at.toISOString(), inForce: input.effectiveAt === undefined || at.getTime() <= ctx.now.getTime(), changes };
  });
}

/** How close ahead another immediate save's moment may be (saves racing each other), unlike a scheduled one. */
const RACING_SAVE_MS = 1_000;

/** `now`, or the moment of a racing immediate save already committed, if that is (a little) later. */
function immediateMoment(doc: BrandSettingsDoc | null, section: RuleSection, now: Date): Date {
  const racing = slotsOf(doc, section)
    .map((slot) => slot.effectiveAt.getTime())
    .filter((t) => t > now.getTime() && t <= now.getTime() + RACING_SAVE_MS);
  return new Date(Math.max(now.getTime(), ...racing));
}

/** The hand-written rules a section had before its first save, kept as version 0 of its history. */
async function recordVersionZero(ctx: HandlerContext, tx: Tx, doc: BrandSettingsDoc | null, section: RuleSection): Promise<void> {
  const id = versionDocId(section, 0);
  if (await txGet(tx, RULE_VERSIONS, id)) return;
  const zero: Omit<RuleVersionDoc, '_id'> = { section, version: 0, value: baseSections(doc)[section], effectiveAt: null, createdAt: ctx.now, createdBy: null, requestId: null, changes: [] };
  await tx.collection(RULE_VERSIONS).doc(id).set({ data: zero });
}

function scheduledSlot(doc: BrandSettingsDoc | null, section: RuleSection, version: number, now: Date) {
  const slot = scheduledAfter(doc, section, now).find((s) => s.version === version);
  if (!slot) throw new BusinessError('INVALID_INPUT', '该版本已生效、已取消或不存在，不能取消', 'version');
  return slot;
}

export async function cancelScheduledRules(ctx: HandlerContext, input: { section: RuleSection; version: number }): Promise<CancelScheduledRulesResult> {
  const key = requestOf(ctx, 'cancelScheduledRules', input);
  await replayIfSeen(ctx, key);
  const { section, version } = input;
  scheduledSlot(await readSettings(ctx), section, version, ctx.now);
  return runOnce(ctx, key, async (tx) => {
    const doc = await txGet<BrandSettingsDoc>(tx, SETTINGS, BRAND_SETTINGS_ID);
    const slot = scheduledSlot(doc, section, version, ctx.now);
    const rest = slotsOf(doc, section).filter((s) => s.version !== version);
    await tx.collection(SETTINGS).doc(BRAND_SETTINGS_ID).set({ data: withSlots(doc, section, keptSlots(rest, ctx.now), latestVersion(doc, section)) });
    await tx.collection(RULE_VERSIONS).doc(versionDocId(section, version)).update({ data: { cancelledAt: ctx.now, cancelledBy: { openid: ctx.openid, role: ctx.roles.operator!.role } } });
    await appendAudit(tx, ctx, {
      target: { kind: 'rules', id: section, label: `${SECTION_LABELS[section]}规则` },
      before: { version, effectiveAt: slot.effectiveAt, value: slot.value, status: 'scheduled' },
      after: { version, status: 'cancelled' },
    });
    return { section, version, cancelled: true as const };
  });
}

export const rulesAdminHandlers: Handlers<typeof rulesAdminActions> = {
  getRules: (ctx) => getRules(ctx),
  previewRules: (ctx, input) => previewRules(ctx, input),
  saveRules: (ctx, input) => saveRules(ctx, input),
  cancelScheduledRules: (ctx, input) => cancelScheduledRules(ctx, input),
};
