import { templateIds } from '../notify/subscribe-message';
import type { MeResult } from '../contract';
import type { HandlerContext } from '../router/context';
import { loadBrandSettings } from '../brand/settings';
import { readMemberAccounts } from '../ledger/read';
import { tierView } from '../purchases/views';
import { currentWindowGrowth, effectiveTier } from '../tiers/member-tier';
import { progressToNext, spendForGrowthFen } from '../tiers/rules';
import { ensureMember } from './register';

/** The home screen's one call: registers a first-time caller and returns everything the card shows. */
export async function me(ctx: HandlerContext): Promise<MeResult> {
  const brand = await loadBrandSettings(ctx.db);
  const { member, registeredNow } = await ensureMember(ctx, brand);
  const accounts = await readMemberAccounts(ctx.db, member._id);
  const tier = effectiveTier(member, brand, ctx.now);
  const growthInWindow = currentWindowGrowth(accounts.growth, brand, ctx.now);
  const next = progressToNext(brand.tiers, tier, growthInWindow);
  const firstBucket = accounts.points.buckets[0];
  return {
    member: {
      memberNo: member.memberNo,
      nickname: member.nickname || `会员${member.memberNo.slice(-4)}`,
      avatarUrl: member.avatarUrl,
      registeredAt: new Date(member.registeredAt).toISOString(),
    },
    tier: tierView(tier),
    balances: {
      points: accounts.points.balance,
      growth: accounts.growth.balance,
      walletPrincipal: accounts.wallet_principal.balance,
      walletBonus: accounts.wallet_bonus.balance,
    },
    nextExpiry: firstBucket ? { points: firstBucket.remaining, on: firstBucket.expiresOn } : null,
    tierProgress: {
      growthInWindow,
      next: next ? { name: next.next.name, growthNeeded: next.growthNeeded, spendNeededFen: spendForGrowthFen(next.growthNeeded, brand.points.growthPerYuan) } : null,
    },
    pointsDebt: accounts.points.debt,
    registeredNow,
    brand: { name: brand.name, logoText: brand.logoText, primaryColor: brand.primaryColor },
    subscribeTemplates: templateIds(),
  };
}
