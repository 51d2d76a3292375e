import type { CouponBenefit } from '@contract';
import { formatDiscount, formatFen } from '../../utils/format';

// The face of a coupon: its benefit large on the left of the ticket (¥20, 8.5折, 兑换) and the
// condition small under it. Money stays integer fen until formatFen writes it.

export interface BenefitFace {
  /** Before the value, smaller: "¥" for an amount, "" otherwise. */
  prefix: string;
  /** The large text: "20", "8.5", "兑换". */
  value: string;
  /** After the value, smaller: "折" for a rate, "" otherwise. */
  suffix: string;
  /** Under it: "满100可用", "无门槛", "最多减30元", the gift item's name. */
  condition: string;
}

/** Yuan without the zeros a price tag leaves off: 2000 → "20", 1550 → "15.5", 1505 → "15.05", 123400 → "1,234". */
export function shortYuan(fen: number): string {
  const text = formatFen(fen).replace('¥', '');
  if (text.endsWith('.00')) return text.slice(0, -3);
  return text.endsWith('0') ? text.slice(0, -1) : text;
}

export function benefitFace(benefit: CouponBenefit): BenefitFace {
  switch (benefit.kind) {
    case 'amount_off':
      return { prefix: '¥', value: shortYuan(benefit.amountFen), suffix: '', condition: `满${shortYuan(benefit.thresholdFen)}可用` };
    case 'no_threshold':
      return { prefix: '¥', value: shortYuan(benefit.amountFen), suffix: '', condition: '无门槛' };
    case 'percent_off': {
      // formatDiscount writes 85 as "8.5折": the number large, 折 small.
      const rate = formatDiscount(benefit.ratePercent).replace('折', '');
      const cap = `最多减${shortYuan(benefit.capFen)}元`;
      return { prefix: '', value: rate, suffix: '折', condition: benefit.thresholdFen ? `满${shortYuan(benefit.thresholdFen)}可用 · ${cap}` : cap };
    }
    case 'gift_item':
      return { prefix: '', value: '兑换', suffix: '', condition: benefit.itemName };
  }
}

/** The face in one string, for labels and tests: "¥20", "8.5折", "兑换". */
export function benefitText(benefit: CouponBenefit): string {
  const face = benefitFace(benefit);
  return `${face.prefix}${face.value}${face.suffix}`;
}
