import type { PlanInput, PlanKind, PlanView } from '@contract';
import { parseYuanToFen } from '../../utils/money-input';
import { type FieldProblem, FieldReader, fenToYuanText, groupDigits as group, parseZhe, zheOf } from '../console/form-values';

// The paid-plan form as pure rules: the inputs as text, the planInput the server takes, and the
// problems under the field paths the server's INVALID_INPUT names (`plan.<field>` without the
// prefix). Prices are typed in yuan and become fen through parseYuanToFen (no floats); the member
// price is typed in 折 (9.5 = pay 95 %); the multiplier as a whole percent (120 = ×1.2).

/** The contract's limits (core/contract/membership.ts planInput). */
export const PLAN_LIMITS = { name: 20, priceFen: 1_000_000, points: 100_000, coupons: 5, multiplierMin: 100, multiplierMax: 500, memberPriceMin: 50, packValueFen: 1_000_000 };

export interface PlanDraft {
  name: string;
  kind: PlanKind;
  priceYuan: string;
  trialOn: boolean;
  trialYuan: string;
  giftPoints: string;
  giftCouponIds: string[];
  monthlyCouponIds: string[];
  /** Whole percent, "120" = ×1.2; "100" = no extra. */
  multiplier: string;
  /** 折 ("9.5"); empty = no member price. */
  memberZhe: string;
  packValueYuan: string;
}

export function emptyPlanDraft(): PlanDraft {
  return { name: '', kind: 'monthly', priceYuan: '', trialOn: false, trialYuan: '', giftPoints: '0', giftCouponIds: [], monthlyCouponIds: [], multiplier: '100', memberZhe: '', packValueYuan: '0' };
}

export function draftFromPlan(plan: PlanView): PlanDraft {
  return {
    name: plan.name,
    kind: plan.kind,
    priceYuan: fenToYuanText(plan.priceFen),
    trialOn: plan.trialPriceFen !== null,
    trialYuan: plan.trialPriceFen === null ? '' : fenToYuanText(plan.trialPriceFen),
    giftPoints: String(plan.openingGift.points),
    giftCouponIds: [...plan.openingGift.couponTemplateIds],
    monthlyCouponIds: [...plan.monthlyCouponTemplateIds],
    multiplier: String(plan.pointsMultiplierPercent),
    memberZhe: plan.memberPricePercent >= 100 ? '' : zheOf(plan.memberPricePercent),
    packValueYuan: fenToYuanText(plan.monthlyPackValueFen),
  };
}

/** The shared reader (fail, int) with the plan's amount field. */
class Reader extends FieldReader {
  /** A price of at least ¥0.01; `zero` allows "0" (a pack worth nothing stated). */
  fen(text: string, field: string, label: string, max: number, zero = false): number {
    const trimmed = text.trim();
    if (trimmed === '') {
      this.fail(field, `请填写${label}`);
      return 0;
    }
    if (zero && /^0+(\.0{0,2})?$/.test(trimmed)) return 0;
    const fen = parseYuanToFen(trimmed);
    if (fen === null) {
      this.fail(field, `${label}须为${zero ? '不小于 0 ' : '大于 0 '}的金额，最多两位小数`);
      return 0;
    }
    if (fen > max) {
      this.fail(field, `${label}最多 ¥${group(fenToYuanText(max))}`);
      return 0;
    }
    return fen;
  }
}

/** The planInput to send, or the problems that keep it from being sent. The server checks everything again. */
export function planFromDraft(d: PlanDraft): { input: PlanInput | null; problems: FieldProblem[] } {
  const r = new Reader();
  const name = d.name.trim();
  if (name === '') r.fail('name', '请填写会员卡名称');
  else if (Array.from(name).length > PLAN_LIMITS.name) r.fail('name', `名称最多 ${PLAN_LIMITS.name} 个字`);
  const priceFen = r.fen(d.priceYuan, 'priceFen', '售价', PLAN_LIMITS.priceFen);
  const trialPriceFen = d.trialOn ? r.fen(d.trialYuan, 'trialPriceFen', '首次开通价', PLAN_LIMITS.priceFen) : null;
  if (trialPriceFen !== null && trialPriceFen > 0 && priceFen > 0 && trialPriceFen >= priceFen) r.fail('trialPriceFen', '首次开通价须低于售价');
  const points = r.int(d.giftPoints, 'openingGift.points', '开卡礼积分', 0, PLAN_LIMITS.points);
  if (d.giftCouponIds.length > PLAN_LIMITS.coupons) r.fail('openingGift.couponTemplateIds', `开卡礼最多 ${PLAN_LIMITS.coupons} 张券`);
  if (d.monthlyCouponIds.length > PLAN_LIMITS.coupons) r.fail('monthlyCouponTemplateIds', `每月券包最多 ${PLAN_LIMITS.coupons} 张券`);
  const pointsMultiplierPercent = r.int(d.multiplier, 'pointsMultiplierPercent', '积分倍率', PLAN_LIMITS.multiplierMin, PLAN_LIMITS.multiplierMax);
  let memberPricePercent = 100;
  if (d.memberZhe.trim() !== '') {
    const percent = parseZhe(d.memberZhe);
    if (percent === null || percent < PLAN_LIMITS.memberPriceMin) r.fail('memberPricePercent', '会员价须为 5 到 9.9 折，例如 9 或 9.5；不打折请留空');
    else memberPricePercent = percent;
  }
  const monthlyPackValueFen = r.fen(d.packValueYuan, 'monthlyPackValueFen', '每月券包价值', PLAN_LIMITS.packValueFen, true);
  if (r.problems.length) return { input: null, problems: r.problems };
  return {
    input: {
      name,
      kind: d.kind,
      priceFen,
      trialPriceFen,
      openingGift: { points, couponTemplateIds: [...d.giftCouponIds] },
      monthlyCouponTemplateIds: [...d.monthlyCouponIds],
      pointsMultiplierPercent,
      memberPricePercent,
      monthlyPackValueFen,
    },
    problems: [],
  };
}

/** A server field for savePaidPlan is named inside `plan`; the form names it without. */
export function planFormField(serverField: string | undefined): string | null {
  if (!serverField) return null;
  return serverField.startsWith('plan.') ? serverField.slice('plan.'.length) : serverField;
}
