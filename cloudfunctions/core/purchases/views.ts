import type { PurchaseView, TierView } from '../contract';
import type { TierDefinition } from '../brand/settings';
import type { PurchaseDoc } from './collections';

export function tierView(tier: TierDefinition): TierView {
  return { code: tier.code, name: tier.name, color: tier.color };
}

export function purchaseView(purchase: PurchaseDoc): PurchaseView {
  return {
    purchaseId: purchase._id,
    memberNo: purchase.memberNo,
    amountFen: purchase.amountFen,
    discountFen: purchase.discountFen ?? 0,
    paidFen: purchase.paidFen ?? purchase.amountFen,
    pointsSpent: purchase.price?.pointsSpent ?? 0,
    coupons: purchase.price?.coupons ?? [],
    walletPaidFen: purchase.walletPaidFen,
    pointsEarned: purchase.pointsEarned,
    growthEarned: purchase.growthEarned,
    status: purchase.status,
    createdAt: new Date(purchase.createdAt).toISOString(),
  };
}
