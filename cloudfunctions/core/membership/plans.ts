import type { PaidPlansResult, PlanInput, PlanView } from '../contract/membership';
import { appendAudit } from '../audit/log';
import { loadBrandSettings } from '../brand/settings';
import { COUPON_TEMPLATES } from '../coupons/collections';
import { idempotent } from '../ledger/idempotency';
import { requireMember } from '../members/lookup';
import { BusinessError } from '../platform/business-error';
import { findDocs, getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { PAID_MEMBERSHIPS, PAID_PLANS, type MembershipDoc, type PaidPlanDoc, type PlanFields } from './collections';
import { offersFor } from './offers';
import { membershipView, planView } from './views';

/** The most plans a brand keeps (they are all read on the member's page). */
export const MAX_PLANS = 20;

export async function allPlans(ctx: Pick<HandlerContext, 'db'>): Promise<PaidPlanDoc[]> {
  return findDocs<PaidPlanDoc>(ctx.db.collection(PAID_PLANS).orderBy('createdAt', 'asc').limit(MAX_PLANS));
}

/** member.paidPlans: the plans on sale, the member's membership and what each offer costs now. */
export async function paidPlans(ctx: HandlerContext): Promise<PaidPlansResult> {
  const member = await requireMember(ctx);
  const [brand, plans, membership] = await Promise.all([loadBrandSettings(ctx.db, ctx.now), allPlans(ctx), getDocById<MembershipDoc>(ctx.db, PAID_MEMBERSHIPS, member._id)]);
  const onSale = plans.filter((p) => p.status === 'active');
  return {
    plans: onSale.map(planView),
    membership: membershipView(membership, ctx.now, brand.timeZone, brand.points.pointsAsCash?.pointsPerYuan ?? null),
    offers: offersFor(onSale, membership, ctx.now, brand.timeZone),
  };
}

export async function paidPlansAdmin(ctx: HandlerContext): Promise<{ plans: PlanView[] }> {
  return { plans: (await allPlans(ctx)).map(planView) };
}

/** Checks zod cannot make: the trial below the price, coupon templates that exist, no repeats. */
async function planProblems(ctx: HandlerContext, plan: PlanInput): Promise<void> {
  if (plan.trialPriceFen !== null && plan.trialPriceFen >= plan.priceFen) throw new BusinessError('INVALID_INPUT', '体验价须低于售价', 'plan.trialPriceFen');
  const lists = { 'plan.openingGift.couponTemplateIds': plan.openingGift.couponTemplateIds, 'plan.monthlyCouponTemplateIds': plan.monthlyCouponTemplateIds };
  for (const [field, ids] of Object.entries(lists)) {
    if (new Set(ids).size !== ids.length) throw new BusinessError('INVALID_INPUT', '优惠券有重复', field);
    for (const id of ids) {
      if (!(await getDocById(ctx.db, COUPON_TEMPLATES, id))) throw new BusinessError('INVALID_INPUT', `没有找到优惠券 ${id}`, field);
    }
  }
}

function fieldsOf(plan: PlanInput): PlanFields {
  return {
    name: plan.name,
    kind: plan.kind,
    priceFen: plan.priceFen,
    trialPriceFen: plan.trialPriceFen,
    openingGift: { points: plan.openingGift.points, couponTemplateIds: [...plan.openingGift.couponTemplateIds] },
    monthlyCouponTemplateIds: [...plan.monthlyCouponTemplateIds],
    pointsMultiplierPercent: plan.pointsMultiplierPercent,
    memberPricePercent: plan.memberPricePercent,
    monthlyPackValueFen: plan.monthlyPackValueFen,
  };
}

const auditTarget = (planId: string, name: string) => ({ kind: 'rules' as const, id: `paid_plan:${planId}`, label: `会员卡 ${name}` });

/**
 * admin.savePaidPlan: creates a plan (no planId) or saves a new version of one. Periods already
 * bought keep the terms they were bought with (copied onto the period), so an edit reaches only
 * later purchases. Audited in the same transaction.
 */
export async function savePaidPlan(ctx: HandlerContext, input: { planId?: string; plan: PlanInput }): Promise<PlanView> {
  await planProblems(ctx, input.plan);
  if (input.planId === undefined && (await allPlans(ctx)).length >= MAX_PLANS) throw new BusinessError('INVALID_INPUT', `最多 ${MAX_PLANS} 种会员卡`, 'plan');
  return idempotent(ctx, { scope: `operator:${ctx.openid}:savePaidPlan`, requestId: ctx.requestId!, input }, async (tx, postingId) => {
    const planId = input.planId ?? `plan-${postingId.slice(0, 16)}`;
    const before = await txGet<PaidPlanDoc>(tx, PAID_PLANS, planId);
    if (input.planId !== undefined && !before) throw new BusinessError('PLAN_NOT_FOUND');
    const doc: PaidPlanDoc = {
      _id: planId,
      ...fieldsOf(input.plan),
      status: before?.status ?? 'active',
      version: (before?.version ?? 0) + 1,
      createdAt: before?.createdAt ?? ctx.now,
      updatedAt: ctx.now,
      updatedBy: ctx.openid,
    };
    const { _id, ...fields } = doc;
    await tx.collection(PAID_PLANS).doc(planId).set({ data: fields });
    await appendAudit(tx, ctx, { target: auditTarget(planId, doc.name), before: before ? { ...before, _id: undefined } : null, after: fields });
    return planView(doc);
  });
}

export async function setPaidPlanStatus(ctx: HandlerContext, input: { planId: string; status: 'active' | 'paused' }): Promise<PlanView> {
  return idempotent(ctx, { scope: `operator:${ctx.openid}:setPaidPlanStatus`, requestId: ctx.requestId!, input }, async (tx) => {
    const before = await txGet<PaidPlanDoc>(tx, PAID_PLANS, input.planId);
    if (!before) throw new BusinessError('PLAN_NOT_FOUND');
    const after: PaidPlanDoc = { ...before, status: input.status, version: before.version + 1, updatedAt: ctx.now, updatedBy: ctx.openid };
    await tx.collection(PAID_PLANS).doc(input.planId).update({ data: { status: input.status, version: after.version, updatedAt: ctx.now, updatedBy: ctx.openid } });
    await appendAudit(tx, ctx, { target: auditTarget(input.planId, before.name), before: { status: before.status, version: before.version }, after: { status: input.status, version: after.version } });
    return planView(after);
  });
}
