import type { GuideRow, ReferralFigures } from '../contract';
import { requireStoreScope, STAFF, storeScope } from '../access/roles';
import { loadBrandSettings } from '../brand/settings';
import { MEMBERS } from '../members/collections';
import { BusinessError } from '../platform/business-error';
import { getDocById } from '../platform/documents';
import { startOfBrandDay } from '../platform/time';
import { PURCHASES } from '../purchases/collections';
import type { HandlerContext } from '../router/context';
import { findAll } from '../stores/listing';
import { STORES, type StaffRecord, type StoreDoc } from '../stores/collections';
import { CAMPAIGNS, type CampaignDoc, REFERRAL_EVENTS } from './collections';
import { docsByIds } from './review';

// Referral and 导购 reports. The referral report counts the recorded events (referral_events,
// each with its brand-zone day) per campaign; the guide report groups members by their guide
// (bound in the period) and purchases by the guide they carried.

export const MAX_REPORT_DAYS = 366;

/** Checks a report's brand-zone day range: real days, from ≤ to, at most 366 days. Answers its bounds. */
export function reportRange(from: string, to: string, timeZone: string): { start: Date; end: Date } {
  const start = startOfBrandDay(from, timeZone);
  const last = startOfBrandDay(to, timeZone);
  if (!start.isValid() || start.format('YYYY-MM-DD') !== from) throw new BusinessError('INVALID_INPUT', '开始日期无效', 'from');
  if (!last.isValid() || last.format('YYYY-MM-DD') !== to) throw new BusinessError('INVALID_INPUT', '结束日期无效', 'to');
  if (last.isBefore(start)) throw new BusinessError('INVALID_INPUT', '结束日期不能早于开始日期', 'to');
  if (last.diff(start, 'day') + 1 > MAX_REPORT_DAYS) throw new BusinessError('INVALID_INPUT', `一次最多查询 ${MAX_REPORT_DAYS} 天`, 'to');
  return { start: start.toDate(), end: last.add(1, 'day').toDate() };
}

/** Qualified invitees per active inviter, two decimals; 0 without an active inviter. Pure. */
export function kFactor(qualified: number, activeInviters: number): number {
  if (activeInviters <= 0) return 0;
  return Math.round((qualified * 100) / activeInviters) / 100;
}

export interface EventCounts {
  share: number;
  open: number;
  register: number;
  qualify: number;
  paid: number;
  pointsPaid: number;
}

export function figuresOf(counts: EventCounts, activeInviters: number): ReferralFigures {
  return {
    shares: counts.share,
    opens: counts.open,
    registrations: counts.register,
    qualified: counts.qualify,
    rewardsPaid: counts.paid,
    pointsPaid: counts.pointsPaid,
    activeInviters,
    kFactor: kFactor(counts.qualify, activeInviters),
  };
}

const emptyCounts = (): EventCounts => ({ share: 0, open: 0, register: 0, qualify: 0, paid: 0, pointsPaid: 0 });

export async function referralReport(ctx: HandlerContext, input: { from: string; to: string; campaignId?: string }) {
  const { timeZone } = await loadBrandSettings(ctx.db, ctx.now);
  reportRange(input.from, input.to, timeZone);
  let campaigns: CampaignDoc[];
  if (input.campaignId) {
    const one = await getDocById<CampaignDoc>(ctx.db, CAMPAIGNS, input.campaignId);
    if (!one) throw new BusinessError('CAMPAIGN_NOT_FOUND', undefined, 'campaignId');
    campaigns = [one];
  } else {
    campaigns = await findAll<CampaignDoc>(ctx.db, CAMPAIGNS);
  }
  const ids = campaigns.map((c) => c._id);
  const _ = ctx.db.command;
  const $ = _.aggregate;
  const inRange = { day: _.gte(input.from).and(_.lte(input.to)), campaignId: _.in(ids) };
  const [byKind, inviters] = await Promise.all([
    ctx.db
      .collection(REFERRAL_EVENTS)
      .aggregate()
      .match(inRange)
      .group({ _id: { campaignId: '$campaignId', kind: '$kind' }, n: $.sum(1), points: $.sum('$points') })
      .limit(1000)
      .end() as Promise<{ list: { _id: { campaignId: string; kind: keyof EventCounts | 'guide_bound' }; n: number; points: number }[] }>,
    // Active inviters: members whose invites were shared or opened in the period.
    ctx.db
      .collection(REFERRAL_EVENTS)
      .aggregate()
      .match({ ...inRange, source: 'member', kind: _.in(['share', 'open']) })
      .group({ _id: { campaignId: '$campaignId', sourceId: '$sourceId' } })
      .limit(100_000)
      .end() as Promise<{ list: { _id: { campaignId: string; sourceId: string } }[] }>,
  ]);
  const counts = new Map(ids.map((id) => [id, emptyCounts()]));
  const total = emptyCounts();
  for (const group of byKind.list) {
    const row = counts.get(group._id.campaignId);
    const kind = group._id.kind;
    if (!row || kind === 'guide_bound') continue;
    for (const target of [row, total]) {
      target[kind] += group.n;
      if (kind === 'paid') target.pointsPaid += group.points;
    }
  }
  const active = (campaignId?: string) => new Set(inviters.list.filter((g) => !campaignId || g._id.campaignId === campaignId).map((g) => g._id.sourceId)).size;
  return {
    from: input.from,
    to: input.to,
    total: figuresOf(total, active()),
    campaigns: campaigns.map((c) => ({ campaignId: c._id, name: c.name, figures: figuresOf(counts.get(c._id)!, active(c._id)) })),
  };
}

interface GuideGroup {
  _id: { storeId: string; staffOpenid: string | null };
  n: number;
  fen?: number;
}

/** One row per (store, staff) with anything in the period, the store's own row (staffOpenid null) for its store code. Pure. */
export function guideRows(members: GuideGroup[], purchases: GuideGroup[], names: { store(id: string): string; staff(openid: string): string }): GuideRow[] {
  const rows = new Map<string, GuideRow>();
  const row = (key: GuideGroup['_id']) => {
    const staffOpenid = key.staffOpenid ?? null;
    const id = `${key.storeId}|${staffOpenid ?? ''}`;
    let found = rows.get(id);
    if (!found) {
      found = { storeId: key.storeId, storeName: names.store(key.storeId), staffOpenid, staffName: staffOpenid ? names.staff(staffOpenid) : '门店码', membersBound: 0, purchases: 0, revenueFen: 0 };
      rows.set(id, found);
    }
    return found;
  };
  for (const group of members) row(group._id).membersBound += group.n;
  for (const group of purchases) {
    const found = row(group._id);
    found.purchases += group.n;
    found.revenueFen += group.fen ?? 0;
  }
  return [...rows.values()].sort((a, b) => a.storeId.localeCompare(b.storeId) || b.revenueFen - a.revenueFen || b.membersBound - a.membersBound || (a.staffOpenid ?? '').localeCompare(b.staffOpenid ?? ''));
}

/**
 * Members bound in the period (by their current guide's boundAt: a member taken over counts for
 * the staff member who has them now) and completed purchases in the period carrying a guide, with
 * what the member paid, per store and staff. A store manager sees only their stores.
 */
export async function guideReport(ctx: HandlerContext, input: { from: string; to: string; storeId?: string }): Promise<{ from: string; to: string; rows: GuideRow[] }> {
  // Scope first: a refusal reads nothing else.
  if (input.storeId) requireStoreScope(ctx, input.storeId);
  const { timeZone } = await loadBrandSettings(ctx.db, ctx.now);
  const { start, end } = reportRange(input.from, input.to, timeZone);
  const scope = input.storeId ? [input.storeId] : storeScope(ctx);
  const _ = ctx.db.command;
  const $ = _.aggregate;
  const [members, purchases] = await Promise.all([
    ctx.db
      .collection(MEMBERS)
      .aggregate()
      .match({ 'guide.boundAt': _.gte(start).and(_.lt(end)), ...(scope ? { 'guide.storeId': _.in(scope) } : {}) })
      .group({ _id: { storeId: '$guide.storeId', staffOpenid: '$guide.staffOpenid' }, n: $.sum(1) })
      .limit(10_000)
      .end() as Promise<{ list: GuideGroup[] }>,
    ctx.db
      .collection(PURCHASES)
      .aggregate()
      .match({ createdAt: _.gte(start).and(_.lt(end)), status: 'completed', 'guide.storeId': scope ? _.in(scope) : _.exists(true) })
      .group({ _id: { storeId: '$guide.storeId', staffOpenid: '$guide.staffOpenid' }, n: $.sum(1), fen: $.sum('$paidFen') })
      .limit(10_000)
      .end() as Promise<{ list: GuideGroup[] }>,
  ]);
  const storeDocs = await findAll<StoreDoc>(ctx.db, STORES);
  const staffIds = [...members.list, ...purchases.list].map((g) => g._id.staffOpenid).filter((id): id is string => !!id);
  const staff = await docsByIds<StaffRecord>(ctx, STAFF, staffIds);
  const rows = guideRows(members.list, purchases.list, {
    store: (id) => storeDocs.find((s) => s._id === id)?.name ?? id,
    staff: (openid) => staff.get(openid)?.name ?? '店员',
  });
  return { from: input.from, to: input.to, rows };
}
