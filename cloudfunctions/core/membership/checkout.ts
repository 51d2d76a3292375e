import type { LoadedBrandSettings, TierDefinition } from '../brand/settings';
import { mulDivFloor } from '../ledger/arithmetic';
import type { MemberDoc } from '../members/collections';
import type { Tx } from '../platform/documents';
import { txGet } from '../platform/documents';
import { earnMultiplierPercent } from '../points/multiplier';
import { inBirthdayWindow } from './birthday-window';
import { PAID_MEMBERSHIPS, type MembershipDoc, type PaidTermSpan, paidTermsAt } from './collections';

// What a checkout needs of the paid membership and the birthday, from the member document alone
// (no read): the member price and the earning multiplier. Benefits stop exactly at expiry: the
// period must cover `now` (start included, end excluded).

export interface PurchaseBenefits {
  paid: PaidTermSpan | null;
  /** For priceCheckout's `paid`. */
  price: { name: string; pricePercent: number } | null;
  /** Tier + paid plan (while covered) + birthday (in the window): extras add (points/multiplier.ts). */
  multiplierPercent: number;
  /** The same without the paid plan: the difference is the plan's extra points. */
  multiplierWithoutPaidPercent: number;
}

export function purchaseBenefits(member: MemberDoc, tier: TierDefinition, brand: LoadedBrandSettings, now: Date): PurchaseBenefits {
  const paid = paidTermsAt(member, now);
  const birthday = inBirthdayWindow(member.birthday ?? null, now, brand.timeZone, brand.engagement?.birthday.window ?? 'month');
  const base = { tierPercent: tier.benefits.pointsMultiplierPercent, birthdayPercent: birthday ? tier.benefits.birthdayMultiplierPercent : null };
  return {
    paid,
    price: paid && paid.memberPricePercent < 100 ? { name: paid.planName, pricePercent: paid.memberPricePercent } : null,
    multiplierPercent: earnMultiplierPercent({ ...base, paidPercent: paid?.pointsMultiplierPercent ?? null }),
    multiplierWithoutPaidPercent: earnMultiplierPercent({ ...base, paidPercent: null }),
  };
}

/** What the paid member price saved on this order beyond the tier's own price (0 when the tier's was as good). */
export function paidSavingFen(listFen: number, tierDiscountPercent: number, memberDiscountFen: number): number {
  return Math.max(0, mulDivFloor(listFen, tierDiscountPercent, 100) - (listFen - memberDiscountFen));
}

/**
 * Records on the period a purchase fell in what the plan gave on it ("saved so far", and the
 * operator's refund formula), in the purchase's transaction. Read only for members whose
 * document says a period covers the purchase.
 */
export async function recordPaidBenefit(tx: Tx, memberId: string, periodId: string, savedFen: number, extraPoints: number, now: Date): Promise<void> {
  if (savedFen <= 0 && extraPoints <= 0) return;
  const membership = await txGet<MembershipDoc>(tx, PAID_MEMBERSHIPS, memberId);
  if (!membership) return;
  const periods = membership.periods.map((p) => (p.periodId === periodId ? { ...p, savedFen: p.savedFen + savedFen, extraPoints: p.extraPoints + extraPoints } : p));
  await tx.collection(PAID_MEMBERSHIPS).doc(memberId).update({ data: { periods, updatedAt: now } });
}

/**
 * A refunded purchase's plan benefit no longer counts: what it recorded on its period is taken
 * back, in the refund's transaction (never below 0), so "saved so far", the member's own refund
 * check and the operator's refund formula see only purchases that stand.
 */
export async function takeBackPaidBenefit(tx: Tx, memberId: string, benefit: { periodId: string; savedFen: number; extraPoints: number }, now: Date): Promise<void> {
  if (benefit.savedFen <= 0 && benefit.extraPoints <= 0) return;
  const membership = await txGet<MembershipDoc>(tx, PAID_MEMBERSHIPS, memberId);
  if (!membership) return;
  const periods = membership.periods.map((p) =>
    p.periodId === benefit.periodId ? { ...p, savedFen: Math.max(0, p.savedFen - benefit.savedFen), extraPoints: Math.max(0, p.extraPoints - benefit.extraPoints) } : p,
  );
  await tx.collection(PAID_MEMBERSHIPS).doc(memberId).update({ data: { periods, updatedAt: now } });
}
