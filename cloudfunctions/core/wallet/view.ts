import type { WalletResult } from '../contract';
import { loadBrandSettings } from '../brand/settings';
import { readMemberAccounts } from '../ledger/read';
import { requireMember } from '../members/lookup';
import { findDocs } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { quoteTopupRefund } from './lots';
import { refundClosesAt, weChatRefundRefusal } from './refund-limits';
import { WALLET_REFUNDS, type WalletRefundDoc } from './refund-sending';

export async function walletView(ctx: HandlerContext): Promise<WalletResult> {
  const member = await requireMember(ctx);
  const brand = await loadBrandSettings(ctx.db);
  const { wallet_principal: principal, wallet_bonus: bonus } = await readMemberAccounts(ctx.db, member._id);
  const unsent = principal.lots.some((lot) => lot.refunded) ? await unsentRefunds(ctx, member._id) : new Map();
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
      ...(unsent.has(lot.lotId) ? { refundState: unsent.get(lot.lotId) } : {}),
      refundableFen: lot.refunded || weChatRefundRefusal(lot, ctx.now) ? 0 : quoteTopupRefund(lot).cashBack,
      refundClosesAt: refundClosesAt(lot).toISOString(),
    })),
  };
}

/** Refunds of this member's top-ups that WeChat Pay has not accepted yet, by lot. */
async function unsentRefunds(ctx: HandlerContext, memberId: string): Promise<Map<string, 'pending' | 'failed'>> {
  const refunds = await findDocs<WalletRefundDoc>(ctx.db.collection(WALLET_REFUNDS).where({ memberId, status: ctx.db.command.neq('submitted') }).limit(100));
  return new Map(refunds.map((r) => [r.outTradeNo, r.status as 'pending' | 'failed']));
}
