import { z } from 'zod';
import { type CampaignView, type campaignInput } from '../contract';
import { appendAudit } from '../audit/log';
import { COUPON_TEMPLATES, type CouponTemplateDoc } from '../coupons/collections';
import { idempotent } from '../ledger/idempotency';
import type { MemberDoc } from '../members/collections';
import { BusinessError } from '../platform/business-error';
import type { Database } from '../platform/cloud';
import { type Tx, findDocs, getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { CAMPAIGNS, type CampaignDoc, GUIDE_CAMPAIGN } from './collections';
import { rulesText } from './rules-text';

// Campaigns are data, edited by operators: at most one active campaign per audience ('all', and
// 'koc' for members marked KOC). A member's invite code names the campaign it was made for; when
// that campaign is paused its codes stop attributing ('inactive'), and members get a code of the
// newly active one. Every save is a new version, audited with what it was and what it became.

type CampaignFields = z.output<typeof campaignInput>;
const FIELDS = ['name', 'audience', 'windowDays', 'welcome', 'inviter', 'qualify', 'holdDays', 'capPerDay', 'capPerMonth', 'riskThreshold', 'posterTitle', 'posterText'] as const;

export function campaignView(doc: CampaignDoc, couponName?: string | null): CampaignView {
  return {
    campaignId: doc._id,
    name: doc.name,
    audience: doc.audience,
    status: doc.status,
    windowDays: doc.windowDays,
    welcome: doc.welcome,
    inviter: doc.inviter,
    qualify: doc.qualify,
    holdDays: doc.holdDays,
    capPerDay: doc.capPerDay,
    capPerMonth: doc.capPerMonth,
    riskThreshold: doc.riskThreshold,
    posterTitle: doc.posterTitle,
    posterText: doc.posterText,
    rulesText: rulesText(doc, couponName),
    version: doc.version,
    updatedAt: new Date(doc.updatedAt).toISOString(),
  };
}

/** The name of the welcome coupon, for the rules text (null for points or no welcome). */
export async function welcomeCouponName(db: Database, doc: Pick<CampaignDoc, 'welcome'>): Promise<string | null> {
  if (doc.welcome?.kind !== 'coupon') return null;
  const template = await getDocById<CouponTemplateDoc>(db, COUPON_TEMPLATES, doc.welcome.templateId);
  return (template as { name?: string } | null)?.name ?? null;
}

export async function viewWithCoupon(db: Database, doc: CampaignDoc): Promise<CampaignView> {
  return campaignView(doc, await welcomeCouponName(db, doc));
}

export async function loadCampaign(db: Database, campaignId: string): Promise<CampaignDoc | null> {
  if (campaignId === GUIDE_CAMPAIGN) return null;
  return getDocById<CampaignDoc>(db, CAMPAIGNS, campaignId);
}

export async function activeCampaigns(db: Database): Promise<CampaignDoc[]> {
  return findDocs<CampaignDoc>(db.collection(CAMPAIGNS).where({ status: 'active' }).limit(20));
}

/** The KOC campaign for a member marked KOC when one is active, else the active 'all' campaign. */
export function campaignFor(member: Pick<MemberDoc, 'koc'>, active: CampaignDoc[]): CampaignDoc | null {
  const latest = (audience: string) =>
    active.filter((c) => c.audience === audience && c.status === 'active').sort((a, b) => new Date(b.updatedAt).getTime() - new Date(a.updatedAt).getTime())[0] ?? null;
  return (member.koc ? latest('koc') : null) ?? latest('all');
}

export async function activeCampaignFor(db: Database, member: Pick<MemberDoc, 'koc'>): Promise<CampaignDoc | null> {
  return campaignFor(member, await activeCampaigns(db));
}

export async function referralCampaigns(ctx: HandlerContext): Promise<{ campaigns: CampaignView[] }> {
  const docs = await findDocs<CampaignDoc>(ctx.db.collection(CAMPAIGNS).orderBy('createdAt', 'desc').limit(100));
  return { campaigns: await Promise.all(docs.map((doc) => viewWithCoupon(ctx.db, doc))) };
}

/** Checks beyond the schema: caps in order, and the welcome coupon's template exists. */
async function validate(db: Database, campaign: CampaignFields): Promise<string | null> {
  if (campaign.capPerDay !== null && campaign.capPerMonth !== null && campaign.capPerDay > campaign.capPerMonth) {
    throw new BusinessError('INVALID_INPUT', '每日上限不能大于每月上限', 'campaign.capPerDay');
  }
  if (campaign.welcome?.kind !== 'coupon') return null;
  const template = await getDocById<CouponTemplateDoc>(db, COUPON_TEMPLATES, campaign.welcome.templateId);
  if (!template) throw new BusinessError('COUPON_TEMPLATE_NOT_FOUND', undefined, 'campaign.welcome.templateId');
  return (template as { name?: string }).name ?? null;
}

function fieldsOf(doc: CampaignDoc | CampaignFields): Record<string, unknown> {
  return Object.fromEntries(FIELDS.map((field) => [field, (doc as unknown as Record<string, unknown>)[field]]));
}

/**
 * Creates (no campaignId: paused, version 1; activate it with setReferralCampaignStatus) or
 * updates a campaign (version + 1). Changes apply to attributions and qualifications from then on;
 * rewards already created keep their points.
 */
export async function saveReferralCampaign(ctx: HandlerContext, input: { campaignId?: string; campaign: CampaignFields }): Promise<CampaignView> {
  if (input.campaignId && !(await loadCampaign(ctx.db, input.campaignId))) throw new BusinessError('CAMPAIGN_NOT_FOUND', undefined, 'campaignId');
  const couponName = await validate(ctx.db, input.campaign);
  // The view is the stored outcome: a replay answers it as it was.
  return idempotent(ctx, { scope: `operator:${ctx.openid}:saveReferralCampaign`, requestId: ctx.requestId!, input }, async (tx, postingId) => {
    const id = input.campaignId ?? `rc_${postingId.slice(0, 20)}`;
    const before = input.campaignId ? await txGet<CampaignDoc>(tx, CAMPAIGNS, id) : null;
    if (input.campaignId && !before) throw new BusinessError('CAMPAIGN_NOT_FOUND', undefined, 'campaignId');
    const saved: CampaignDoc = {
      _id: id,
      ...(fieldsOf(input.campaign) as unknown as CampaignFields),
      status: before?.status ?? 'paused',
      version: (before?.version ?? 0) + 1,
      createdAt: before?.createdAt ?? ctx.now,
      updatedAt: ctx.now,
      updatedBy: ctx.openid,
    };
    // An 'all' campaign turned 'koc' (or back) while active must not leave two active in one audience.
    if (before && before.status === 'active' && before.audience !== saved.audience) await pauseOthers(ctx, tx, saved);
    const { _id, ...fields } = saved;
    await tx.collection(CAMPAIGNS).doc(id).set({ data: fields });
    await appendAudit(tx, ctx, {
      target: { kind: 'rules', id: `${CAMPAIGNS}/${id}`, label: `邀请活动「${saved.name}」` },
      before: before ? { ...fieldsOf(before), status: before.status, version: before.version } : null,
      after: { ...fieldsOf(saved), status: saved.status, version: saved.version },
    });
    return campaignView(saved, couponName);
  });
}

/** Pauses the other active campaigns of the saved one's audience, inside its transaction. */
async function pauseOthers(ctx: HandlerContext, tx: Tx, campaign: CampaignDoc): Promise<void> {
  const others = (await activeCampaigns(ctx.db)).filter((c) => c._id !== campaign._id && c.audience === campaign.audience);
  for (const other of others) {
    const current = await txGet<CampaignDoc>(tx, CAMPAIGNS, other._id);
    if (!current || current.status !== 'active' || current.audience !== campaign.audience) continue;
    await tx.collection(CAMPAIGNS).doc(other._id).update({ data: { status: 'paused', updatedAt: ctx.now, updatedBy: ctx.openid } });
    await appendAudit(tx, ctx, { target: { kind: 'rules', id: `${CAMPAIGNS}/${other._id}`, label: `邀请活动「${current.name}」` }, before: { status: 'active' }, after: { status: 'paused', replacedBy: campaign._id } });
  }
}

/**
 * Activating a campaign pauses the other active one of its audience (one campaign per audience
 * at a time); pausing stops its codes attributing from this moment.
 */
export async function setReferralCampaignStatus(ctx: HandlerContext, input: { campaignId: string; status: 'active' | 'paused' }): Promise<CampaignView> {
  const found = await loadCampaign(ctx.db, input.campaignId);
  if (!found) throw new BusinessError('CAMPAIGN_NOT_FOUND', undefined, 'campaignId');
  const couponName = await welcomeCouponName(ctx.db, found);
  return idempotent(ctx, { scope: `operator:${ctx.openid}:setReferralCampaignStatus`, requestId: ctx.requestId!, input }, async (tx) => {
    const before = await txGet<CampaignDoc>(tx, CAMPAIGNS, input.campaignId);
    if (!before) throw new BusinessError('CAMPAIGN_NOT_FOUND', undefined, 'campaignId');
    if (before.status === input.status) return campaignView(before, couponName);
    const after: CampaignDoc = { ...before, status: input.status, version: before.version + 1, updatedAt: ctx.now, updatedBy: ctx.openid };
    if (input.status === 'active') await pauseOthers(ctx, tx, after);
    await tx.collection(CAMPAIGNS).doc(input.campaignId).update({ data: { status: after.status, version: after.version, updatedAt: ctx.now, updatedBy: ctx.openid } });
    await appendAudit(tx, ctx, { target: { kind: 'rules', id: `${CAMPAIGNS}/${input.campaignId}`, label: `邀请活动「${before.name}」` }, before: { status: before.status, version: before.version }, after: { status: after.status, version: after.version } });
    return campaignView(after, couponName);
  });
}
