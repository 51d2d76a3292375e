import type { CouponRules, CouponTemplateInput, CouponValidity } from '../contract/coupons';
import { yuanText, zheText } from '../platform/money-text';
import { inBrandZone } from '../platform/time';

// Coupon templates as pure rules: validation, the validity a claim gets, the brand-zone day a
// per-day limit counts in, and the plain-Chinese summary. No database here; table-tested.

export type { CouponRules };

export interface TemplateProblem {
  field: string;
  message: string;
}

/** How far ahead a fixed window may end (and how long it may be). */
export const MAX_WINDOW_MS = 3 * 366 * 86_400_000;

/**
 * The checks zod's shapes cannot make: relations between fields, and the brand's tiers.
 * `now` is the moment of creation: a fixed window that has already ended is refused.
 */
export function templateProblems(input: CouponTemplateInput, tierCodes: readonly string[], now: Date): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const { benefit, validity } = input;
  if (benefit.kind === 'amount_off' && benefit.amountFen >= benefit.thresholdFen) {
    problems.push({ field: 'benefit.amountFen', message: '减免金额须小于使用门槛' });
  }
  if (benefit.kind === 'percent_off' && benefit.thresholdFen !== undefined && benefit.capFen > benefit.thresholdFen) {
    problems.push({ field: 'benefit.capFen', message: '最多减免金额不能超过使用门槛' });
  }
  if (validity.type === 'fixed') {
    const from = Date.parse(validity.from);
    const until = Date.parse(validity.until);
    if (until <= from) problems.push({ field: 'validity.until', message: '结束时间须晚于开始时间' });
    else if (until <= now.getTime()) problems.push({ field: 'validity.until', message: '有效期已结束，请选择将来的结束时间' });
    else if (until - now.getTime() > MAX_WINDOW_MS) problems.push({ field: 'validity.until', message: '有效期最长三年' });
  }
  if (input.weekdays && new Set(input.weekdays).size !== input.weekdays.length) {
    problems.push({ field: 'weekdays', message: '可用星期有重复' });
  }
  if (input.hours && input.hours.from >= input.hours.to) {
    problems.push({ field: 'hours.to', message: '可用时段的结束须晚于开始' });
  }
  if (input.storeIds && new Set(input.storeIds).size !== input.storeIds.length) {
    problems.push({ field: 'storeIds', message: '适用门店有重复' });
  }
  if (input.minTierCode !== null && !tierCodes.includes(input.minTierCode)) {
    problems.push({ field: 'minTierCode', message: '没有这个会员等级' });
  }
  if (input.perMemberPerDayLimit !== null && input.perMemberPerDayLimit > input.perMemberLimit) {
    problems.push({ field: 'perMemberPerDayLimit', message: '每人每日限领不能超过每人限领' });
  }
  if (input.channel === 'mall' && input.pointsCost === null) {
    problems.push({ field: 'pointsCost', message: '积分商城的券须填写兑换所需积分' });
  }
  if (input.channel !== 'mall' && input.pointsCost !== null) {
    problems.push({ field: 'pointsCost', message: '只有积分商城的券需要兑换积分' });
  }
  if (input.perMemberLimit > input.stock) {
    problems.push({ field: 'perMemberLimit', message: '每人限领不能超过总库存' });
  }
  return problems;
}

export function rulesOf(input: CouponTemplateInput): CouponRules {
  return {
    name: input.name,
    description: input.description ?? null,
    benefit: input.benefit,
    validity: input.validity,
    weekdays: input.weekdays ? [...input.weekdays].sort((a, b) => a - b) : null,
    hours: input.hours ?? null,
    storeIds: input.storeIds,
    minTierCode: input.minTierCode,
    stackable: input.stackable,
    ...(input.paidMembersOnly ? { paidMembersOnly: true } : {}),
  };
}

/**
 * When a coupon claimed at `claimedAt` may be used. N days from the claim: from the claim
 * (or the next brand-zone midnight) to the end of the Nth brand-zone day, the first day counting
 * as day 1. validUntil is exclusive: the first moment the coupon is no longer valid.
 */
export function validityAt(validity: CouponValidity, claimedAt: Date, timeZone: string): { validFrom: Date; validUntil: Date } {
  if (validity.type === 'fixed') return { validFrom: new Date(validity.from), validUntil: new Date(validity.until) };
  const day = inBrandZone(claimedAt, timeZone).startOf('day');
  const firstDay = validity.startNextDay ? day.add(1, 'day') : day;
  return {
    validFrom: validity.startNextDay ? firstDay.toDate() : claimedAt,
    validUntil: firstDay.add(validity.days, 'day').toDate(),
  };
}

/** The brand-zone calendar day a per-day limit counts in: 'YYYY-MM-DD'. */
export function brandDay(moment: Date, timeZone: string): string {
  return inBrandZone(moment, timeZone).format('YYYY-MM-DD');
}

const yuan = yuanText;

const WEEKDAY_NAMES = ['', '一', '二', '三', '四', '五', '六', '日'];

// 80 → 8折, 85 → 8.5折, 88 → 8.8折
const rateText = zheText;

function formatDay(moment: string | Date, timeZone: string): string {
  return inBrandZone(new Date(moment), timeZone).format('YYYY年M月D日 HH:mm');
}

/** The rules in plain Chinese, one line each. */
export function summaryLines(rules: CouponRules, timeZone: string, tierNames: Record<string, string> = {}): string[] {
  const lines: string[] = [];
  const b = rules.benefit;
  if (b.kind === 'amount_off') lines.push(`满${yuan(b.thresholdFen)}元减${yuan(b.amountFen)}元`);
  if (b.kind === 'no_threshold') lines.push(`无门槛减${yuan(b.amountFen)}元`);
  if (b.kind === 'percent_off') lines.push(`${b.thresholdFen ? `满${yuan(b.thresholdFen)}元` : ''}${rateText(b.ratePercent)}，最多减${yuan(b.capFen)}元`);
  if (b.kind === 'gift_item') lines.push(`兑换：${b.itemName}`);
  const v = rules.validity;
  if (v.type === 'fixed') lines.push(`${formatDay(v.from, timeZone)} 至 ${formatDay(v.until, timeZone)} 有效`);
  else lines.push(v.startNextDay ? `领取次日起${v.days}天内有效` : `领取当日起${v.days}天内有效`);
  if (rules.weekdays) lines.push(`仅限每周${rules.weekdays.map((d) => WEEKDAY_NAMES[d]).join('、')}使用`);
  if (rules.hours) lines.push(`仅限${rules.hours.from}–${rules.hours.to}使用`);
  lines.push(rules.storeIds ? `限${rules.storeIds.length}家指定门店使用` : '全部门店可用');
  if (rules.minTierCode) lines.push(`${tierNames[rules.minTierCode] ?? rules.minTierCode}及以上会员可用`);
  if (rules.paidMembersOnly) lines.push('仅限付费会员');
  lines.push(rules.stackable ? '可与其他可叠加券同时使用' : '不可与其他券同时使用');
  return lines;
}
