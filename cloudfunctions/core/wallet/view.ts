import type { WalletResult } from '../contract';
import { loadBrandSettings } from '../brand/settings';
import { readMemberAccounts } from '../ledger/read';
import { requireMember } from '../members/lookup';
import type { HandlerContext } from '../router/context';
import { quoteTopupRefund } from './lots';

export async function walletView(ctx: HandlerContext): Promise<WalletResult> {
  const member = await requireMember(ctx);
  const brand = await loadBrandSettings(ctx.db);
  const { wallet_principal: principal, wallet_bonus: bonus } = await readMemberAccounts(ctx.db, member._id);
  return {
    balanceFen: principal.balance + bonus.balance,
    principalFen: principal.balance,
    bonusFen: bonus.balance,
    maxBalanceFen: brand.wallet.maxBalanceFen,
    packages: brand.wallet.packages.map(({ id, payFen, bonusFen, label }) => ({ id, payFen, bonusFen, label })),
    lots: [...principal.lots].reverse().map((lot) => ({
      lotId: lot.lotId,
      toppedUpAt: new Date(lot.toppedUpAt).toISOString(),
      payFen: lot.principalGranted,
      bonusFen: lot.bonusGranted,
      principalLeft: lot.principalLeft,
      bonusLeft: lot.bonusLeft,
      refunded: lot.refunded,
      refundableFen: lot.refunded ? 0 : quoteTopupRefund(lot).cashBack,
    })),
  };
}
