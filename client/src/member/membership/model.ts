import type { MembershipView, PeriodView, PlanOfferView, PlanRefundQuote, PlanView } from '@contract';
import { formatDate, formatFen, formatPoints } from '../../utils/format';

// What the 付费会员 page says, as pure functions of the server's answer (tested by tables).

export type StatusKey = 'active' | 'expired' | 'none';

export function statusOf(membership: MembershipView | null): { key: StatusKey; label: string } {
  if (!membership) return { key: 'none', label: '未开通' };
  return membership.status === 'active' ? { key: 'active', label: '开通中' } : { key: 'expired', label: '已过期' };
}

const PERIOD_KIND: Record<PeriodView['kind'], string> = { buy: '开通', renew: '续费', upgrade: '升级' };

export function periodKindLabel(kind: PeriodView['kind']): string {
  return PERIOD_KIND[kind];
}

/** "2026-05" → "2026年5月". */
export function monthLabel(month: string): string {
  const [year, mm] = month.split('-');
  return `${year}年${Number(mm)}月`;
}

/** The lines of 本期已领取: packs by month, the opening gift, the extra points. */
export function receivedLines(received: MembershipView['receivedThisPeriod']): string[] {
  const lines = received.packs.map((pack) => `${monthLabel(pack.month)}券包 · ${pack.couponCount} 张券`);
  if (received.openingGift) lines.push('开卡礼已发放');
  if (received.extraPoints > 0) lines.push(`消费额外获得 ${formatPoints(received.extraPoints)} 积分`);
  return lines;
}

export interface OfferText {
  /** On the button. */
  action: string;
  /** Under it: what the member gets for it. */
  detail: string;
}

/**
 * The button of an offer. A buy while a membership is active starts when the current period
 * ends: of the same plan it is a renewal ("续费后有效期至 …"); an upgrade shows the unused value
 * credited.
 */
export function offerText(offer: PlanOfferView, plan: PlanView, membership: MembershipView | null): OfferText {
  const until = formatDate(offer.endsAt);
  if (offer.mode === 'upgrade') {
    return {
      action: `补差价 ${formatFen(offer.payFen)} 升级`,
      detail: `当前会员卡剩余价值抵扣 ${formatFen(offer.creditFen)}，升级后有效期 ${formatDate(offer.startsAt)} 至 ${until}`,
    };
  }
  const price = formatFen(offer.payFen);
  if (membership?.status === 'active') {
    // Periods stack: another plan bought now starts when the current one ends.
    if (membership.planId === plan.planId) return { action: `续费 ${price}`, detail: `续费后有效期至 ${until}` };
    return { action: `购买 ${price}`, detail: `当前会员到期后生效，有效期 ${formatDate(offer.startsAt)} 至 ${until}` };
  }
  return { action: offer.trial ? `首次开通 ${price}` : `开通 ${price}`, detail: `有效期 ${formatDate(offer.startsAt)} 至 ${until}` };
}

export interface QuoteLine {
  label: string;
  value: string;
  /** The result line (可退金额) stands out. */
  strong?: boolean;
}

/** Every figure of the refund formula, in the order the README's formula reads. */
export function quoteLines(quote: PlanRefundQuote): QuoteLine[] {
  if (quote.mode === 'full') {
    return [
      { label: '实付金额', value: formatFen(quote.paidFen) },
      { label: '退款方式', value: '开通 7 天内且未使用权益，全额退款' },
      { label: '可退金额', value: formatFen(quote.refundFen), strong: true },
    ];
  }
  const lines: QuoteLine[] = [
    { label: '实付金额', value: formatFen(quote.paidFen) },
    { label: '未使用天数', value: `${quote.unusedDays} / ${quote.totalDays} 天` },
    { label: '未使用部分价值', value: formatFen(quote.unusedValueFen) },
    { label: '已领取权益价值', value: `−${formatFen(quote.benefitsReceivedFen)}` },
    { label: '可退金额', value: formatFen(quote.refundFen), strong: true },
  ];
  if (quote.shortfallFen > 0) lines.push({ label: '说明', value: `已领取权益比未使用部分多 ${formatFen(quote.shortfallFen)}，可退金额为 0` });
  return lines;
}

/** The plan's price as the offer has it: the trial price with the list price beside it. */
export function priceOf(plan: PlanView, offer: PlanOfferView | undefined): { price: string; was: string | null; note: string | null } {
  if (offer && offer.mode === 'buy' && offer.trial) return { price: formatFen(offer.payFen), was: formatFen(plan.priceFen), note: '首次开通价' };
  return { price: formatFen(plan.priceFen), was: null, note: null };
}

const KIND_UNIT: Record<PlanView['kind'], string> = { monthly: '月', quarterly: '季', annual: '年' };

/** "¥25.00/月". */
export function perUnit(plan: PlanView): string {
  return `/${KIND_UNIT[plan.kind]}`;
}
