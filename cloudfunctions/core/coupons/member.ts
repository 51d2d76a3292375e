import { type CouponCenterItem, type CouponView, EXPIRING_SOON_DAYS } from '../contract/coupons';
import { type BrandSettings, loadBrandSettings } from '../brand/settings';
import type { MemberDoc } from '../members/collections';
import { requireMember } from '../members/lookup';
import { findDocs } from '../platform/documents';
import { afterCursor, nextCursor } from '../platform/paging';
import type { HandlerContext } from '../router/context';
import { effectiveTier } from '../tiers/member-tier';
import { rankOf } from '../tiers/rules';
import { COUPONS, COUPON_CLAIMS, COUPON_STOCK, COUPON_TEMPLATES, type CouponClaimsDoc, type CouponDoc, type CouponStockDoc, type CouponTemplateDoc, templateChannel } from './collections';
import { brandDay, summaryLines } from './model';

// The member's side: 领券中心 (what can be claimed) and 券包 (what they hold).

const PAGE = 20;

/** How many more a member may claim now, by the template's limits and their counter. */
export function remainingForMember(template: Pick<CouponTemplateDoc, 'perMemberLimit' | 'perMemberPerDayLimit'>, counter: Pick<CouponClaimsDoc, 'total' | 'day' | 'dayCount'> | null, today: string): number {
  const total = template.perMemberLimit - (counter?.total ?? 0);
  if (template.perMemberPerDayLimit === null) return Math.max(0, total);
  const todays = template.perMemberPerDayLimit - (counter && counter.day === today ? counter.dayCount : 0);
  return Math.max(0, Math.min(total, todays));
}

/** Where a member stands with one open template: what is left, for everyone and for them. */
export interface TemplateStanding {
  /** Stock left over all its shards. */
  remainingStock: number;
  /** How many more this member may claim now (remainingForMember). */
  remainingForMe: number;
  /** The name of the lowest tier that may have it, when the member's tier is below it; else null. */
  tierLowName: string | null;
  /** Under its per-member limit but not today's: what stops the member is the daily limit. */
  dailyLimitHit: boolean;
}

/**
 * Reads the stock shards of these templates and the member's claim counters of them (one query
 * each), for 领券中心 and 积分商城: the standing of each template, and the tier names by code.
 */
export async function templateStandings(
  ctx: HandlerContext,
  member: MemberDoc,
  brand: BrandSettings,
  templates: CouponTemplateDoc[],
): Promise<{ tierNames: Record<string, string>; standingOf: (template: CouponTemplateDoc) => TemplateStanding }> {
  const _ = ctx.db.command;
  const ids = templates.map((t) => t._id);
  const [shards, counters] = await Promise.all([
    findDocs<CouponStockDoc>(ctx.db.collection(COUPON_STOCK).where({ templateId: _.in(ids) }).limit(1000)),
    findDocs<CouponClaimsDoc>(ctx.db.collection(COUPON_CLAIMS).where({ memberId: member._id, templateId: _.in(ids) }).limit(100)),
  ]);
  const today = brandDay(ctx.now, brand.timeZone);
  const tierRank = rankOf(brand.tiers, effectiveTier(member, brand, ctx.now).code);
  const tierNames: Record<string, string> = Object.fromEntries(brand.tiers.map((t) => [t.code, t.name]));
  return {
    tierNames,
    standingOf: (t) => {
      const counter = counters.find((c) => c.templateId === t._id) ?? null;
      const tierLow = t.minTierCode !== null && tierRank < rankOf(brand.tiers, t.minTierCode);
      return {
        remainingStock: shards.filter((s) => s.templateId === t._id).reduce((sum, s) => sum + s.stock - s.issued, 0),
        remainingForMe: remainingForMember(t, counter, today),
        tierLowName: tierLow ? (tierNames[t.minTierCode!] ?? t.minTierCode) : null,
        dailyLimitHit: t.perMemberPerDayLimit !== null && (counter?.total ?? 0) < t.perMemberLimit,
      };
    },
  };
}

export async function couponCenter(ctx: HandlerContext): Promise<{ templates: CouponCenterItem[] }> {
  const member = await requireMember(ctx);
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  const templates = await findDocs<CouponTemplateDoc>(ctx.db.collection(COUPON_TEMPLATES).where({ state: 'active' }).orderBy('createdAt', 'desc').limit(100));
  // A fixed window that has ended offers nothing to claim.
  const open = templates.filter((t) => templateChannel(t) === 'center' && (t.validity.type !== 'fixed' || Date.parse(t.validity.until) > ctx.now.getTime()));
  if (!open.length) return { templates: [] };
  const { tierNames, standingOf } = await templateStandings(ctx, member, brand, open);
  return {
    templates: open.map((t) => {
      const { remainingStock, remainingForMe, tierLowName, dailyLimitHit } = standingOf(t);
      const blockedReason =
        tierLowName !== null
          ? `${tierLowName}及以上会员才能领取`
          : remainingStock <= 0
            ? '已经被领完了'
            : remainingForMe <= 0
              ? dailyLimitHit
                ? '今天已领满，明天再来吧'
                : '已领满'
              : null;
      return { templateId: t._id, name: t.name, description: t.description, summary: summaryLines(t, brand.timeZone, tierNames), remainingStock, remainingForMe, blockedReason };
    }),
  };
}

/** A held coupon as the member sees it: an available one past its end reads as expired. */
export function couponView(coupon: CouponDoc, now: Date, timeZone: string): CouponView {
  const until = new Date(coupon.validUntil).getTime();
  const lapsed = coupon.status === 'available' && until <= now.getTime();
  return {
    couponId: coupon._id,
    templateId: coupon.templateId,
    name: coupon.rules.name,
    summary: summaryLines(coupon.rules, timeZone),
    benefit: coupon.rules.benefit,
    status: lapsed ? 'expired' : coupon.status,
    validFrom: new Date(coupon.validFrom).toISOString(),
    validUntil: new Date(coupon.validUntil).toISOString(),
    claimedAt: new Date(coupon.createdAt).toISOString(),
    expiringSoon: coupon.status === 'available' && !lapsed && until - now.getTime() <= EXPIRING_SOON_DAYS * 86_400_000,
    usedAt: coupon.status === 'used' && coupon.usedBy ? new Date(coupon.usedBy.at).toISOString() : null,
  };
}

/** The member's coupons of one status, newest first; an available coupon past its end reads as expired. */
export async function myCoupons(ctx: HandlerContext, input: { status: 'available' | 'used' | 'expired'; cursor?: string }): Promise<{ coupons: CouponView[]; nextCursor: string | null }> {
  const member = await requireMember(ctx);
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  const _ = ctx.db.command;
  const where =
    input.status === 'used'
      ? { memberId: member._id, status: 'used' }
      : input.status === 'available'
        ? { memberId: member._id, status: 'available', validUntil: _.gt(ctx.now) }
        : { memberId: member._id, status: _.in(['available', 'expired']), validUntil: _.lte(ctx.now) };
  const page = await findDocs<CouponDoc>(
    ctx.db.collection(COUPONS).where(afterCursor(_, where, input.cursor)).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(PAGE + 1),
  );
  const shown = page.slice(0, PAGE);
  return { coupons: shown.map((c) => couponView(c, ctx.now, brand.timeZone)), nextCursor: nextCursor(shown, page.length > PAGE) };
}
