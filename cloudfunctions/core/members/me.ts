import type { MeResult } from '../contract';
import type { HandlerContext } from '../router/context';
import { loadBrandSettings, tierByCode } from '../brand/settings';
import { ensureMember, loadBalances } from './register';

/** The home screen's one call: registers a first-time caller and returns everything the card shows. */
export async function me(ctx: HandlerContext): Promise<MeResult> {
  const brand = await loadBrandSettings(ctx.db);
  const { member, registeredNow } = await ensureMember(ctx, brand);
  const balances = await loadBalances(ctx, member._id);
  const tier = tierByCode(brand, member.tierCode);
  return {
    member: {
      memberNo: member.memberNo,
      nickname: member.nickname || `会员${member.memberNo.slice(-4)}`,
      avatarUrl: member.avatarUrl,
      registeredAt: new Date(member.registeredAt).toISOString(),
    },
    tier: { code: tier.code, name: tier.name, color: tier.color },
    balances: {
      points: balances.points,
      growth: balances.growth,
      walletPrincipal: balances.wallet_principal,
      walletBonus: balances.wallet_bonus,
    },
    registeredNow,
    brand: { name: brand.name, logoText: brand.logoText, primaryColor: brand.primaryColor },
  };
}
