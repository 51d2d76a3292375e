import type { TierInfoResult, TierOverrideResult } from '../contract';
import { type BrandSettings, type TierDefinition, entryTier, loadBrandSettings, tierByCode } from '../brand/settings';
import type { GrowthAccountDoc } from '../ledger/accounts';
import type { MemberDoc } from '../members/collections';
import { readMemberAccounts } from '../ledger/read';
import { memberByNo, refuseDeleted, requireMember } from '../members/lookup';
import { MEMBERS } from '../members/collections';
import { replayIfSeen, runOnce } from '../ledger/idempotency';
import { BusinessError } from '../platform/business-error';
import { tierView } from '../purchases/views';
import type { HandlerContext } from '../router/context';
import { appendAudit } from '../audit/log';
import { inBirthdayWindow } from '../membership/birthday-window';
import { currentWindowGrowth, effectiveTier, growthHoldingTier, nextReview } from './member-tier';
import { fallTarget, keepThresholdOf } from './retention';
import { progressToNext, sortedTiers, spendForGrowthFen } from './rules';

function benefitsView(tier: TierDefinition) {
  const { pointsMultiplierPercent, discountPercent, birthdayMultiplierPercent, freeItems } = tier.benefits;
  return { pointsMultiplierPercent, discountPercent, birthdayMultiplierPercent, freeItems };
}

export async function tierInfo(ctx: HandlerContext): Promise<TierInfoResult> {
  const member = await requireMember(ctx);
  const brand = await loadBrandSettings(ctx.db);
  const accounts = await readMemberAccounts(ctx.db, member._id);
  const current = effectiveTier(member, brand, ctx.now);
  const growthInWindow = currentWindowGrowth(accounts.growth, brand, ctx.now);
  const next = progressToNext(brand.tiers, current, growthInWindow);
  const override = member.tierOverride && new Date(member.tierOverride.until) > ctx.now ? member.tierOverride : null;
  return {
    current: { ...tierView(current), benefits: benefitsView(current) },
    tiers: sortedTiers(brand.tiers).map((tier) => ({ ...tierView(tier), threshold: tier.threshold, benefits: benefitsView(tier) })),
    windowMonths: brand.tierPolicy.windowMonths,
    growthInWindow,
    next: next ? { tier: tierView(next.next), growthNeeded: next.growthNeeded, spendNeededFen: spendForGrowthFen(next.growthNeeded, brand.points.growthPerYuan) } : null,
    downgradeNotice: member.downgradeNotice
      ? { to: tierView(tierByCode(brand, member.downgradeNotice.toCode)), effectiveAt: new Date(member.downgradeNotice.effectiveAt).toISOString() }
      : null,
    override: override ? { tier: tierView(tierByCode(brand, override.code)), until: new Date(override.until).toISOString() } : null,
    keep: override ? null : keepView(member, accounts.growth, brand, ctx.now),
    birthday: { window: brand.engagement.birthday.window, inWindow: inBirthdayWindow(member.birthday, ctx.now, brand.timeZone, brand.engagement.birthday.window) },
  };
}

/** What keeps the earned tier (none at the entry tier, which cannot be lost). */
function keepView(member: MemberDoc, growth: GrowthAccountDoc, brand: BrandSettings, now: Date): TierInfoResult['keep'] {
  const held = tierByCode(brand, member.tierCode);
  if (held.code === entryTier(brand).code) return null;
  const threshold = keepThresholdOf(held);
  const holding = growthHoldingTier(growth, brand, now);
  const by = member.tierReviewAt ? new Date(member.tierReviewAt) : nextReview(now, brand);
  return { threshold, growthNeeded: Math.max(0, threshold - holding), by: by.toISOString(), fallsTo: tierView(fallTarget(brand.tiers, brand.tierPolicy, held, Math.min(holding, threshold - 1))) };
}

const MAX_OVERRIDE_MS = 2 * 366 * 24 * 3600 * 1000;

/** An operator's override: always ends, and the tier evaluation takes over at its end. */
export async function setTierOverride(ctx: HandlerContext, input: { memberNo: string; tierCode: string; until: string; reason: string }): Promise<TierOverrideResult> {
  // A replay answers the first outcome before `until` is judged against a clock that has moved on.
  const key = { scope: `operator:${ctx.openid}:setTierOverride`, requestId: ctx.requestId!, input };
  await replayIfSeen(ctx, key);
  const brand = await loadBrandSettings(ctx.db);
  const tier = brand.tiers.find((t) => t.code === input.tierCode);
  if (!tier) throw new BusinessError('INVALID_INPUT', '没有这个等级', 'tierCode');
  const until = new Date(input.until);
  if (until <= ctx.now || until.getTime() - ctx.now.getTime() > MAX_OVERRIDE_MS) throw new BusinessError('INVALID_INPUT', '结束时间须在未来两年内', 'until');
  const member = refuseDeleted(await memberByNo(ctx, input.memberNo));
  return runOnce(ctx, key, async (tx) => {
    const override = { code: tier.code, until, reason: input.reason, by: ctx.openid };
    await tx.collection(MEMBERS).doc(member._id).update({ data: { tierOverride: override, tierReviewAt: until } });
    await appendAudit(tx, ctx, { target: { kind: 'member', id: member._id, label: member.memberNo }, before: { tierOverride: member.tierOverride ?? null }, after: { tierOverride: override }, reason: input.reason });
    return { memberNo: member.memberNo, tier: tierView(tier), until: until.toISOString() };
  });
}
