import type { CouponTemplateInput, CouponTemplateView } from '../contract/coupons';
import { appendAudit } from '../audit/log';
import { loadBrandSettings } from '../brand/settings';
import { type IdempotencyKey, replayIfSeen, runOnce } from '../ledger/idempotency';
import { BusinessError } from '../platform/business-error';
import { type Tx, findDocs, getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { STORES } from '../stores/collections';
import { COUPON_STOCK, COUPON_TEMPLATES, type CouponStockDoc, type CouponTemplateDoc, STOCK_SHARDS, splitStock, stockId, templateChannel } from './collections';
import { readShards } from './claim';
import { rulesOf, summaryLines, templateProblems } from './model';

// Operators' template actions. A template's rules never change once created (coupons carry a
// copy anyway): it can be paused, resumed, or have its stock raised. Each change is audited in
// its own transaction.

function requestOf(ctx: HandlerContext, action: string, input: unknown): IdempotencyKey {
  if (!ctx.requestId) throw new Error(`${action} is mutating and reached its handler without a request id`);
  return { scope: `admin:${ctx.openid}:${action}`, requestId: ctx.requestId, input };
}

export function templateView(template: CouponTemplateDoc, shards: CouponStockDoc[], now: Date, timeZone: string, tierNames: Record<string, string> = {}): CouponTemplateView {
  let issued = 0;
  let redeemed = 0;
  let expired = 0;
  for (const shard of shards) {
    issued += shard.issued;
    redeemed += shard.redeemed;
    for (const [until, count] of Object.entries(shard.untilCounts)) if (Number(until) <= now.getTime()) expired += count;
  }
  return {
    templateId: template._id,
    channel: templateChannel(template),
    pointsCost: template.pointsCost ?? null,
    name: template.name,
    description: template.description,
    benefit: template.benefit,
    validity: template.validity,
    weekdays: template.weekdays,
    hours: template.hours,
    storeIds: template.storeIds,
    minTierCode: template.minTierCode,
    stackable: template.stackable,
    perMemberLimit: template.perMemberLimit,
    perMemberPerDayLimit: template.perMemberPerDayLimit,
    state: template.state,
    stock: template.stock,
    issued,
    redeemed,
    expired,
    createdAt: new Date(template.createdAt).toISOString(),
    summary: summaryLines(template, timeZone, tierNames),
  };
}

async function viewContext(ctx: HandlerContext) {
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  return { timeZone: brand.timeZone, tierNames: Object.fromEntries(brand.tiers.map((t) => [t.code, t.name])), tierCodes: brand.tiers.map((t) => t.code) };
}

/** The checks a template's input must pass before any transaction; `prefix` names its place in the payload. */
async function checkInput(ctx: HandlerContext, input: CouponTemplateInput, tierCodes: string[], prefix = ''): Promise<void> {
  const [problem] = templateProblems(input, tierCodes, ctx.now);
  if (problem) throw new BusinessError('INVALID_INPUT', problem.message, `${prefix}${problem.field}`);
  if (input.storeIds) {
    const found = await findDocs(ctx.db.collection(STORES).where({ _id: ctx.db.command.in(input.storeIds) }).limit(200));
    if (found.length !== input.storeIds.length) throw new BusinessError('STORE_NOT_FOUND', undefined, `${prefix}storeIds`);
  }
}

export async function createCouponTemplate(ctx: HandlerContext, input: CouponTemplateInput): Promise<CouponTemplateView> {
  const key = requestOf(ctx, 'createCouponTemplate', input);
  await replayIfSeen(ctx, key);
  const brand = await viewContext(ctx);
  await checkInput(ctx, input, brand.tierCodes);
  return runOnce(ctx, key, async (tx, postingId) => {
    const templateId = `ct-${postingId.slice(0, 20)}`;
    const template: Omit<CouponTemplateDoc, '_id'> = {
      ...rulesOf(input),
      state: 'active',
      channel: input.channel,
      pointsCost: input.pointsCost,
      stock: input.stock,
      perMemberLimit: input.perMemberLimit,
      perMemberPerDayLimit: input.perMemberPerDayLimit,
      shards: STOCK_SHARDS,
      createdAt: ctx.now,
      createdBy: ctx.openid,
    };
    await tx.collection(COUPON_TEMPLATES).doc(templateId).set({ data: template });
    const shards: CouponStockDoc[] = splitStock(input.stock, STOCK_SHARDS).map((stock, n) => ({ _id: stockId(templateId, n), templateId, n, stock, issued: 0, redeemed: 0, untilCounts: {} }));
    for (const { _id, ...shard } of shards) await tx.collection(COUPON_STOCK).doc(_id).set({ data: shard });
    await appendAudit(tx, ctx, { target: { kind: 'coupon_template', id: templateId, label: `优惠券「${input.name}」` }, before: null, after: template });
    return templateView({ _id: templateId, ...template }, shards, ctx.now, brand.timeZone, brand.tierNames);
  });
}

const issuedOf = (shards: CouponStockDoc[]) => shards.reduce((sum, s) => sum + s.issued, 0);

/**
 * New rules and stock for a template nobody holds a coupon of. The transaction reads every shard,
 * and every claim writes one, so an edit and a claim racing each other cannot both commit: either
 * the claim's coupon carries the old rules and the edit is refused, or the edit wins and the claim
 * (retried) issues under the new rules.
 */
export async function updateCouponTemplate(ctx: HandlerContext, input: { templateId: string; template: CouponTemplateInput }): Promise<CouponTemplateView> {
  const key = requestOf(ctx, 'updateCouponTemplate', input);
  await replayIfSeen(ctx, key);
  const brand = await viewContext(ctx);
  await checkInput(ctx, input.template, brand.tierCodes, 'template.');
  if (!(await getDocById(ctx.db, COUPON_TEMPLATES, input.templateId))) throw new BusinessError('COUPON_TEMPLATE_NOT_FOUND');
  if (issuedOf(await readShards(ctx, input.templateId)) > 0) throw new BusinessError('COUPON_TEMPLATE_IN_USE');
  return runOnce(ctx, key, async (tx) => {
    const before = await txGet<CouponTemplateDoc>(tx, COUPON_TEMPLATES, input.templateId);
    if (!before) throw new BusinessError('COUPON_TEMPLATE_NOT_FOUND');
    const shards: CouponStockDoc[] = [];
    for (let n = 0; n < before.shards; n++) {
      const shard = await txGet<CouponStockDoc>(tx, COUPON_STOCK, stockId(before._id, n));
      if (!shard) throw new Error(`coupon stock shard ${stockId(before._id, n)} is missing`);
      shards.push(shard);
    }
    if (issuedOf(shards) > 0) throw new BusinessError('COUPON_TEMPLATE_IN_USE');
    const { _id, ...kept } = before;
    const template: Omit<CouponTemplateDoc, '_id'> = {
      ...kept,
      ...rulesOf(input.template),
      channel: input.template.channel,
      pointsCost: input.template.pointsCost,
      stock: input.template.stock,
      perMemberLimit: input.template.perMemberLimit,
      perMemberPerDayLimit: input.template.perMemberPerDayLimit,
    };
    await tx.collection(COUPON_TEMPLATES).doc(_id).set({ data: template });
    const reset = splitStock(input.template.stock, before.shards).map((stock, n): CouponStockDoc => ({ ...shards[n], stock, issued: 0, redeemed: 0, untilCounts: {} }));
    for (const { _id: shardId, ...shard } of reset) await tx.collection(COUPON_STOCK).doc(shardId).set({ data: shard });
    const { createdAt: _c, createdBy: _b, ...beforeRules } = kept;
    await appendAudit(tx, ctx, { target: { kind: 'coupon_template', id: _id, label: `优惠券「${template.name}」` }, before: beforeRules, after: input.template });
    return templateView({ _id, ...template }, reset, ctx.now, brand.timeZone, brand.tierNames);
  });
}

async function changeTemplate(
  ctx: HandlerContext,
  action: string,
  input: { templateId: string },
  change: (tx: Tx, template: CouponTemplateDoc) => Promise<{ template: CouponTemplateDoc; shards?: CouponStockDoc[] }>,
): Promise<CouponTemplateView> {
  const key = requestOf(ctx, action, input);
  await replayIfSeen(ctx, key);
  if (!(await getDocById(ctx.db, COUPON_TEMPLATES, input.templateId))) throw new BusinessError('COUPON_TEMPLATE_NOT_FOUND');
  const brand = await viewContext(ctx);
  return runOnce(ctx, key, async (tx) => {
    const before = await txGet<CouponTemplateDoc>(tx, COUPON_TEMPLATES, input.templateId);
    if (!before) throw new BusinessError('COUPON_TEMPLATE_NOT_FOUND');
    const { template, shards } = await change(tx, before);
    const { _id, ...fields } = template;
    await tx.collection(COUPON_TEMPLATES).doc(_id).set({ data: fields });
    await appendAudit(tx, ctx, {
      target: { kind: 'coupon_template', id: _id, label: `优惠券「${template.name}」` },
      before: { state: before.state, stock: before.stock },
      after: { state: template.state, stock: template.stock },
    });
    return templateView(template, shards ?? (await readShards(ctx, _id)), ctx.now, brand.timeZone, brand.tierNames);
  });
}

export const pauseCouponTemplate = (ctx: HandlerContext, input: { templateId: string }) =>
  changeTemplate(ctx, 'pauseCouponTemplate', input, async (_tx, t) => ({ template: { ...t, state: 'paused' } }));

export const resumeCouponTemplate = (ctx: HandlerContext, input: { templateId: string }) =>
  changeTemplate(ctx, 'resumeCouponTemplate', input, async (_tx, t) => ({ template: { ...t, state: 'active' } }));

/** Raises every shard's share (the added stock split as at creation), in the template's transaction. */
export const raiseCouponStock = (ctx: HandlerContext, input: { templateId: string; add: number }) =>
  changeTemplate(ctx, 'raiseCouponStock', input, async (tx, t) => {
    const adds = splitStock(input.add, t.shards);
    const shards: CouponStockDoc[] = [];
    for (let n = 0; n < t.shards; n++) {
      const shard = await txGet<CouponStockDoc>(tx, COUPON_STOCK, stockId(t._id, n));
      if (!shard) throw new Error(`coupon stock shard ${stockId(t._id, n)} is missing`);
      const { _id, ...fields } = shard;
      const raised = { ...fields, stock: shard.stock + adds[n] };
      await tx.collection(COUPON_STOCK).doc(_id).set({ data: raised });
      shards.push({ _id, ...raised });
    }
    return { template: { ...t, stock: t.stock + input.add }, shards };
  });

/** Templates newest first with their counters, summed from the shards (no coupon is scanned). */
export async function listCouponTemplates(ctx: HandlerContext): Promise<{ templates: CouponTemplateView[] }> {
  const [brand, templates] = await Promise.all([viewContext(ctx), findDocs<CouponTemplateDoc>(ctx.db.collection(COUPON_TEMPLATES).orderBy('createdAt', 'desc').limit(100))]);
  const shards = templates.length
    ? await findDocs<CouponStockDoc>(ctx.db.collection(COUPON_STOCK).where({ templateId: ctx.db.command.in(templates.map((t) => t._id)) }).limit(1000))
    : [];
  return { templates: templates.map((t) => templateView(t, shards.filter((s) => s.templateId === t._id), ctx.now, brand.timeZone, brand.tierNames)) };
}
