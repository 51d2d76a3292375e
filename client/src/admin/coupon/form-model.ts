import type { CouponBenefit, CouponTemplateInput, CouponTemplateView, CouponValidity } from '@contract';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { MAX_ORDER_FEN, parseYuanToFen } from '../../utils/money-input';
import { type FieldProblem, FieldReader, fenToYuanText, groupDigits as group, parseZhe, zheOf } from '../console/form-values';

export { type FieldProblem, fenToYuanText, parseZhe, zheOf };

dayjs.extend(utc);

// The coupon template form as pure rules: what the inputs hold (text), the template input the
// server takes, the problems the operator sees as they type (under the same field paths the
// server's INVALID_INPUT names, so a server refusal lands beside the same input), and the summary
// lines the member will read. Amounts are typed in yuan and become integer fen through
// parseYuanToFen (no floats); a discount is typed in 折 and becomes its own percentage field.

export type CouponKind = CouponBenefit['kind'];
export type CouponChannelChoice = CouponTemplateInput['channel'];

/** The brand's zone, Asia/Shanghai: a fixed offset is exact (no daylight saving). */
const BRAND_OFFSET_MINUTES = 8 * 60;
const BRAND_OFFSET_TEXT = '+08:00';

export interface CouponDraft {
  name: string;
  description: string;
  kind: CouponKind;
  amountYuan: string;
  thresholdYuan: string;
  /** 折 as the shop writes it: "8" = pay 80 %, "8.5" = pay 85 %. */
  zhe: string;
  capYuan: string;
  itemName: string;
  validityType: CouponValidity['type'];
  /** Brand-zone date (YYYY-MM-DD) and time (HH:mm). */
  fromDate: string;
  fromTime: string;
  untilDate: string;
  untilTime: string;
  days: string;
  startNextDay: boolean;
  /** ISO weekdays (1 = Monday); empty = every day. */
  weekdays: number[];
  hoursOn: boolean;
  hoursFrom: string;
  hoursTo: string;
  allStores: boolean;
  storeIds: string[];
  minTierCode: string | null;
  stackable: boolean;
  channel: CouponChannelChoice;
  pointsCost: string;
  stock: string;
  perMemberLimit: string;
  /** Empty = no daily limit. */
  perMemberPerDayLimit: string;
}

/** Limits of the contract's schema (contract/coupons.ts), checked here so the form answers at once. */
export const COUPON_LIMITS = {
  name: 40,
  description: 200,
  itemName: 40,
  amountFen: 1_000_000,
  thresholdFen: 100_000_000,
  days: 366,
  pointsCost: 10_000_000,
  stock: 10_000_000,
  perMember: 100,
  stores: 200,
} as const;

/** A blank form: 满减, valid 30 days from the claim, every store, 1 per member. */
export function emptyDraft(today: string): CouponDraft {
  return {
    name: '',
    description: '',
    kind: 'amount_off',
    amountYuan: '',
    thresholdYuan: '',
    zhe: '',
    capYuan: '',
    itemName: '',
    validityType: 'days_after_claim',
    fromDate: today,
    fromTime: '00:00',
    untilDate: today,
    untilTime: '23:59',
    days: '30',
    startNextDay: false,
    weekdays: [],
    hoursOn: false,
    hoursFrom: '14:00',
    hoursTo: '17:00',
    allStores: true,
    storeIds: [],
    minTierCode: null,
    stackable: false,
    channel: 'center',
    pointsCost: '',
    stock: '',
    perMemberLimit: '1',
    perMemberPerDayLimit: '',
  };
}

function brandMoment(iso: string): dayjs.Dayjs {
  return dayjs(iso).utcOffset(BRAND_OFFSET_MINUTES);
}

/** An edit starts from the template as the server holds it. */
export function draftFromTemplate(t: CouponTemplateView, today: string): CouponDraft {
  const draft = emptyDraft(today);
  const b = t.benefit;
  const v = t.validity;
  return {
    ...draft,
    name: t.name,
    description: t.description ?? '',
    kind: b.kind,
    amountYuan: b.kind === 'amount_off' || b.kind === 'no_threshold' ? fenToYuanText(b.amountFen) : '',
    thresholdYuan: (b.kind === 'amount_off' || b.kind === 'percent_off') && b.thresholdFen !== undefined ? fenToYuanText(b.thresholdFen) : '',
    zhe: b.kind === 'percent_off' ? zheOf(b.ratePercent) : '',
    capYuan: b.kind === 'percent_off' ? fenToYuanText(b.capFen) : '',
    itemName: b.kind === 'gift_item' ? b.itemName : '',
    validityType: v.type,
    ...(v.type === 'fixed'
      ? {
          fromDate: brandMoment(v.from).format('YYYY-MM-DD'),
          fromTime: brandMoment(v.from).format('HH:mm'),
          untilDate: brandMoment(v.until).format('YYYY-MM-DD'),
          untilTime: brandMoment(v.until).format('HH:mm'),
        }
      : { days: String(v.days), startNextDay: v.startNextDay }),
    weekdays: t.weekdays ?? [],
    hoursOn: t.hours !== null,
    hoursFrom: t.hours?.from ?? draft.hoursFrom,
    hoursTo: t.hours?.to ?? draft.hoursTo,
    allStores: t.storeIds === null,
    storeIds: t.storeIds ?? [],
    minTierCode: t.minTierCode,
    stackable: t.stackable,
    channel: t.channel,
    pointsCost: t.pointsCost === null ? '' : String(t.pointsCost),
    stock: String(t.stock),
    perMemberLimit: String(t.perMemberLimit),
    perMemberPerDayLimit: t.perMemberPerDayLimit === null ? '' : String(t.perMemberPerDayLimit),
  };
}

/** The shared reader (fail, int) with the coupon's text and amount fields. */
class Reader extends FieldReader {
  text(value: string, field: string, label: string, max: number, required = true): string {
    const trimmed = value.trim();
    if (required && trimmed === '') this.fail(field, `请填写${label}`);
    else if (Array.from(trimmed).length > max) this.fail(field, `${label}最多 ${max} 个字`);
    return trimmed;
  }

  /** Yuan text → fen; the parser's own ceiling (the largest order) bounds a threshold too. */
  fen(value: string, field: string, label: string, max: number): number {
    const text = value.trim();
    const fen = parseYuanToFen(text);
    const limit = Math.min(max, MAX_ORDER_FEN);
    const tooLarge = (fen === null && /^\d+(\.\d{0,2})?$/.test(text) && /[1-9]/.test(text)) || (fen !== null && fen > limit);
    if (text === '') this.fail(field, `请填写${label}`);
    else if (tooLarge) this.fail(field, `${label}最多 ¥${group(fenToYuanText(limit))}`);
    else if (fen === null) this.fail(field, `${label}须为大于 0 的金额，最多两位小数`);
    return fen !== null && fen <= limit ? fen : 0;
  }
}

function benefitOf(d: CouponDraft, r: Reader): CouponBenefit {
  if (d.kind === 'amount_off') {
    const amountFen = r.fen(d.amountYuan, 'benefit.amountFen', '减免金额', COUPON_LIMITS.amountFen);
    const thresholdFen = r.fen(d.thresholdYuan, 'benefit.thresholdFen', '使用门槛', COUPON_LIMITS.thresholdFen);
    if (amountFen > 0 && thresholdFen > 0 && amountFen >= thresholdFen) r.fail('benefit.amountFen', '减免金额须小于使用门槛');
    return { kind: 'amount_off', amountFen, thresholdFen };
  }
  if (d.kind === 'no_threshold') {
    return { kind: 'no_threshold', amountFen: r.fen(d.amountYuan, 'benefit.amountFen', '减免金额', COUPON_LIMITS.amountFen) };
  }
  if (d.kind === 'percent_off') {
    const ratePercent = parseZhe(d.zhe);
    if (ratePercent === null) r.fail('benefit.ratePercent', '折扣须为 0.1 到 9.9 折，例如 8 或 8.5');
    const capFen = r.fen(d.capYuan, 'benefit.capFen', '最多减免', COUPON_LIMITS.amountFen);
    const thresholdFen = d.thresholdYuan.trim() === '' ? undefined : r.fen(d.thresholdYuan, 'benefit.thresholdFen', '使用门槛', COUPON_LIMITS.thresholdFen);
    if (thresholdFen !== undefined && capFen > 0 && thresholdFen > 0 && capFen > thresholdFen) r.fail('benefit.capFen', '最多减免金额不能超过使用门槛');
    return { kind: 'percent_off', ratePercent: ratePercent ?? 0, capFen, ...(thresholdFen !== undefined ? { thresholdFen } : {}) };
  }
  return { kind: 'gift_item', itemName: r.text(d.itemName, 'benefit.itemName', '兑换商品', COUPON_LIMITS.itemName) };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function validityOf(d: CouponDraft, r: Reader, now: Date): CouponValidity {
  if (d.validityType === 'days_after_claim') {
    return { type: 'days_after_claim', days: r.int(d.days, 'validity.days', '有效天数', 1, COUPON_LIMITS.days), startNextDay: d.startNextDay };
  }
  if (!DATE.test(d.fromDate) || !TIME.test(d.fromTime)) r.fail('validity.from', '请选择开始时间');
  if (!DATE.test(d.untilDate) || !TIME.test(d.untilTime)) r.fail('validity.until', '请选择结束时间');
  const from = `${d.fromDate}T${d.fromTime}:00${BRAND_OFFSET_TEXT}`;
  const until = `${d.untilDate}T${d.untilTime}:00${BRAND_OFFSET_TEXT}`;
  if (Date.parse(until) <= Date.parse(from)) r.fail('validity.until', '结束时间须晚于开始时间');
  else if (Date.parse(until) <= now.getTime()) r.fail('validity.until', '有效期已结束，请选择将来的结束时间');
  return { type: 'fixed', from, until };
}

/**
 * The template input the server takes, or the problems that keep it from being sent. The checks
 * mirror the contract's limits and the server's templateProblems; the server checks everything again.
 */
export function inputFromDraft(d: CouponDraft, now: Date): { input: CouponTemplateInput | null; problems: FieldProblem[] } {
  const r = new Reader();
  const name = r.text(d.name, 'name', '券名称', COUPON_LIMITS.name);
  const description = r.text(d.description, 'description', '使用说明', COUPON_LIMITS.description, false);
  const benefit = benefitOf(d, r);
  const validity = validityOf(d, r, now);
  if (d.hoursOn && !(TIME.test(d.hoursFrom) && TIME.test(d.hoursTo) && d.hoursFrom < d.hoursTo)) r.fail('hours.to', '可用时段的结束须晚于开始');
  if (!d.allStores && d.storeIds.length === 0) r.fail('storeIds', '请至少选择一家门店，或选择全部门店');
  if (!d.allStores && d.storeIds.length > COUPON_LIMITS.stores) r.fail('storeIds', `最多选择 ${COUPON_LIMITS.stores} 家门店`);
  const pointsCost = d.channel === 'mall' ? r.int(d.pointsCost, 'pointsCost', '兑换所需积分', 1, COUPON_LIMITS.pointsCost) : null;
  const stock = r.int(d.stock, 'stock', '总库存', 1, COUPON_LIMITS.stock);
  const perMemberLimit = r.int(d.perMemberLimit, 'perMemberLimit', '每人限领', 1, COUPON_LIMITS.perMember);
  const perMemberPerDayLimit = d.perMemberPerDayLimit.trim() === '' ? null : r.int(d.perMemberPerDayLimit, 'perMemberPerDayLimit', '每人每日限领', 1, COUPON_LIMITS.perMember);
  if (perMemberPerDayLimit !== null && perMemberLimit > 0 && perMemberPerDayLimit > perMemberLimit) r.fail('perMemberPerDayLimit', '每人每日限领不能超过每人限领');
  if (stock > 0 && perMemberLimit > stock) r.fail('perMemberLimit', '每人限领不能超过总库存');
  if (r.problems.length) return { input: null, problems: r.problems };
  return {
    input: {
      name,
      ...(description ? { description } : {}),
      benefit,
      validity,
      ...(d.weekdays.length > 0 && d.weekdays.length < 7 ? { weekdays: [...d.weekdays].sort((a, b) => a - b) } : {}),
      ...(d.hoursOn ? { hours: { from: d.hoursFrom, to: d.hoursTo } } : {}),
      storeIds: d.allStores ? null : [...d.storeIds],
      minTierCode: d.minTierCode,
      stackable: d.stackable,
      channel: d.channel,
      pointsCost,
      stock,
      perMemberLimit,
      perMemberPerDayLimit,
    },
    problems: [],
  };
}

/** A server field for the update action is named inside `template`; the form names it without. */
export function formField(serverField: string | undefined): string | null {
  if (!serverField) return null;
  return serverField.startsWith('template.') ? serverField.slice('template.'.length) : serverField;
}

// ---- Summary preview: the lines the member reads, as core/coupons/model.ts summaryLines writes them ----

const WEEKDAY_NAMES = ['', '一', '二', '三', '四', '五', '六', '日'];

function yuan(fen: number): string {
  const whole = group(String(Math.trunc(fen / 100)));
  const cents = fen % 100;
  if (cents === 0) return whole;
  return `${whole}.${cents % 10 === 0 ? String(cents / 10) : String(cents).padStart(2, '0')}`;
}

function benefitLine(b: CouponBenefit): string {
  if (b.kind === 'amount_off') return `满${yuan(b.thresholdFen)}元减${yuan(b.amountFen)}元`;
  if (b.kind === 'no_threshold') return `无门槛减${yuan(b.amountFen)}元`;
  if (b.kind === 'percent_off') return `${b.thresholdFen ? `满${yuan(b.thresholdFen)}元` : ''}${zheOf(b.ratePercent)}折，最多减${yuan(b.capFen)}元`;
  return `兑换：${b.itemName}`;
}

/** The plain-Chinese lines of a template, for the preview beside the form. */
export function summaryPreview(input: CouponTemplateInput, tierNames: Record<string, string>): string[] {
  const lines = [benefitLine(input.benefit)];
  const v = input.validity;
  const day = (iso: string) => brandMoment(iso).format('YYYY年M月D日 HH:mm');
  lines.push(v.type === 'fixed' ? `${day(v.from)} 至 ${day(v.until)} 有效` : v.startNextDay ? `领取次日起${v.days}天内有效` : `领取当日起${v.days}天内有效`);
  if (input.weekdays) lines.push(`仅限每周${input.weekdays.map((d) => WEEKDAY_NAMES[d]).join('、')}使用`);
  if (input.hours) lines.push(`仅限${input.hours.from}–${input.hours.to}使用`);
  lines.push(input.storeIds ? `限${input.storeIds.length}家指定门店使用` : '全部门店可用');
  if (input.minTierCode) lines.push(`${tierNames[input.minTierCode] ?? input.minTierCode}及以上会员可用`);
  lines.push(input.stackable ? '可与其他可叠加券同时使用' : '不可与其他券同时使用');
  return lines;
}
