import { displayText } from '../contract/text';
import { yuanLabel } from '../platform/money-text';
import { DEFAULT_POINTS_POLICY } from '../points/policy';
import type { EngagementPolicy, RuleSection, RuleSectionValues, TierDefinition, TopupPackage } from '../brand/settings';

// What an operator may save as a section of the brand's rules. Pure: a proposed value in, the
// value as it will be stored (known fields only) or the problems with it, each on its field
// (a path inside the section's value, e.g. `tiers.1.threshold`) with a Chinese message.

export interface RuleProblem {
  field: string;
  message: string;
}

export type Checked<S extends RuleSection> = { ok: true; value: RuleSectionValues[S] } | { ok: false, problems: RuleProblem[] };

export const RULE_LIMITS = {
  maxTiers: 10,
  multiplierPercent: [100, 1000],
  discountPercent: [50, 100],
  windowMonths: [1, 36],
  downgradeNoticeDays: [0, 90],
  perYuan: [0, 100],
  maxMinOrderFen: 10_000_000,
  maxDailyCap: 10_000_000,
  expiryDays: [1, 3650],
  reminderDays: [0, 90],
  maxPackages: 10,
  payFen: [1, 10_000_000],
  /** A registered prepaid card's usual cap: ¥5,000. */
  maxBalanceFen: 500_000,
  brandName: 20,
  logoText: 2,
  tierName: 10,
  packageLabel: 20,
  freeItems: 10,
  /** Points that pay one yuan at checkout (积分抵现). */
  pointsPerYuanAsCash: 10_000,
  /** Points one gift (welcome, birthday, a check-in day) may give, and a make-up check-in may cost. */
  giftPoints: 100_000,
  giftCoupons: 10,
  /** A check-in streak's rewards: day 1 to day N, N at most a month. */
  streakDays: 31,
  makeUpPerMonth: [0, 10],
} as const;

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
const CODE = /^[a-z0-9_-]{1,32}$/;
const PACKAGE_ID = /^[A-Za-z0-9_-]{1,32}$/;
const TEMPLATE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Collects problems while reading an untrusted value. */
class Reader {
  problems: RuleProblem[] = [];

  fail(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  object(value: unknown, field: string, label: string): Record<string, unknown> {
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    this.fail(field, `${label}格式有误`);
    return {};
  }

  array(value: unknown, field: string, label: string): unknown[] {
    if (Array.isArray(value)) return value;
    this.fail(field, `${label}格式有误`);
    return [];
  }

  int(value: unknown, field: string, label: string, min: number, max: number, unit = ''): number {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.fail(field, `${label}须为整数`);
      return NaN;
    }
    if (value < min || value > max) {
      this.fail(field, `${label}须在 ${fmt(min)}–${fmt(max)}${unit} 之间`);
      return NaN;
    }
    return value;
  }

  text(value: unknown, field: string, label: string, max: number): string {
    const parsed = displayText(max).safeParse(value);
    if (parsed.success) return parsed.data;
    this.fail(field, typeof value === 'string' && value.trim() === '' ? `请填写${label}` : `${label}须为 1–${max} 个字，不含特殊字符`);
    return '';
  }

  colour(value: unknown, field: string, label: string): string {
    if (typeof value === 'string' && HEX_COLOUR.test(value)) return value.toLowerCase();
    this.fail(field, `${label}须为 #rrggbb 格式的颜色`);
    return '';
  }

  bool(value: unknown, field: string, label: string): boolean {
    if (typeof value === 'boolean') return value;
    this.fail(field, `${label}须为“是”或“否”`);
    return false;
  }

  pattern(value: unknown, field: string, label: string, re: RegExp, hint: string): string {
    if (typeof value === 'string' && re.test(value)) return value;
    this.fail(field, `${label}${hint}`);
    return '';
  }
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function done<S extends RuleSection>(reader: Reader, value: RuleSectionValues[S]): Checked<S> {
  return reader.problems.length ? { ok: false, problems: reader.problems } : { ok: true, value };
}

export function checkTiers(input: unknown): Checked<'tiers'> {
  const r = new Reader();
  const root = r.object(input, '', '等级规则');
  const list = r.array(root.tiers, 'tiers', '等级列表');
  if (Array.isArray(root.tiers) && (list.length < 1 || list.length > RULE_LIMITS.maxTiers)) r.fail('tiers', `等级须有 1–${RULE_LIMITS.maxTiers} 个`);
  const seen = new Set<string>();
  const tiers: TierDefinition[] = list.slice(0, RULE_LIMITS.maxTiers).map((raw, i) => {
    const at = `tiers.${i}`;
    const t = r.object(raw, at, `第 ${i + 1} 个等级`);
    const name = r.text(t.name, `${at}.name`, '等级名称', RULE_LIMITS.tierName);
    const label = name || `第 ${i + 1} 个等级`;
    const code = r.pattern(t.code, `${at}.code`, `${label}的代码`, CODE, '须为 1–32 位小写字母、数字、- 或 _');
    if (code && seen.has(code)) r.fail(`${at}.code`, `等级代码 ${code} 重复`);
    seen.add(code);
    const color = r.colour(t.color, `${at}.color`, `${label}的颜色`);
    const threshold = r.int(t.threshold, `${at}.threshold`, `${label}的门槛`, 0, 100_000_000, ' 成长值');
    const b = r.object(t.benefits, `${at}.benefits`, `${label}的权益`);
    const [mMin, mMax] = RULE_LIMITS.multiplierPercent;
    const [dMin, dMax] = RULE_LIMITS.discountPercent;
    const pointsMultiplierPercent = r.int(b.pointsMultiplierPercent, `${at}.benefits.pointsMultiplierPercent`, `${label}的积分倍数`, mMin, mMax, '%');
    const discountPercent = r.int(b.discountPercent, `${at}.benefits.discountPercent`, `${label}的会员价`, dMin, dMax, '%');
    const birthdayMultiplierPercent = r.int(b.birthdayMultiplierPercent, `${at}.benefits.birthdayMultiplierPercent`, `${label}的生日倍数`, mMin, mMax, '%');
    const items = r.array(b.freeItems ?? [], `${at}.benefits.freeItems`, `${label}的赠品`);
    if (items.length > RULE_LIMITS.freeItems) r.fail(`${at}.benefits.freeItems`, `${label}的赠品最多 ${RULE_LIMITS.freeItems} 项`);
    const freeItems = items.slice(0, RULE_LIMITS.freeItems).map((item, j) => r.text(item, `${at}.benefits.freeItems.${j}`, '赠品名称', 20));
    const templates = r.array(b.freeCouponTemplateIds ?? [], `${at}.benefits.freeCouponTemplateIds`, `${label}的赠券`);
    if (templates.length > RULE_LIMITS.freeItems) r.fail(`${at}.benefits.freeCouponTemplateIds`, `${label}的赠券最多 ${RULE_LIMITS.freeItems} 张`);
    const freeCouponTemplateIds = templates.slice(0, RULE_LIMITS.freeItems).map((id, j) => r.pattern(id, `${at}.benefits.freeCouponTemplateIds.${j}`, '赠券模板编号', TEMPLATE_ID, '格式有误'));
    // Absent or null: keeping the tier needs what reaching it needs (a page from before issue 12 sends none).
    const keepThreshold = t.keepThreshold === undefined || t.keepThreshold === null ? null : r.int(t.keepThreshold, `${at}.keepThreshold`, `${label}的保级门槛`, 0, 100_000_000, ' 成长值');
    const birthdayGift = b.birthdayGift === undefined || b.birthdayGift === null ? undefined : readGift(r, b.birthdayGift, `${at}.benefits.birthdayGift`, `${label}的生日礼`);
    const benefits = { pointsMultiplierPercent, discountPercent, birthdayMultiplierPercent, freeItems, freeCouponTemplateIds, ...(birthdayGift ? { birthdayGift } : {}) };
    return { code, name, color, threshold, ...(keepThreshold !== null ? { keepThreshold } : {}), benefits };
  });
  if (tiers.length && Number.isInteger(tiers[0].threshold) && tiers[0].threshold !== 0) r.fail('tiers.0.threshold', '第一个等级的门槛须为 0（新会员的等级）');
  for (let i = 1; i < tiers.length; i++) {
    const [prev, cur] = [tiers[i - 1].threshold, tiers[i].threshold];
    if (Number.isInteger(prev) && Number.isInteger(cur) && cur <= prev) r.fail(`tiers.${i}.threshold`, `${tiers[i].name || `第 ${i + 1} 个等级`}的门槛须高于上一等级（${fmt(prev)}）`);
  }
  // 保级: between the tier below's threshold and this tier's own (a member who keeps a tier has
  // at least what reaches the tier below); the entry tier cannot be lost, so it has none.
  tiers.forEach((tier, i) => {
    const keep = tier.keepThreshold;
    if (keep === null || keep === undefined || !Number.isInteger(keep)) return;
    const label = tier.name || `第 ${i + 1} 个等级`;
    if (i === 0) r.fail('tiers.0.keepThreshold', '第一个等级不会降级，无需设置保级门槛');
    else if (Number.isInteger(tier.threshold) && keep > tier.threshold) r.fail(`tiers.${i}.keepThreshold`, `${label}的保级门槛须不高于升级门槛（${fmt(tier.threshold)}）`);
    else if (Number.isInteger(tiers[i - 1].threshold) && keep < tiers[i - 1].threshold) r.fail(`tiers.${i}.keepThreshold`, `${label}的保级门槛须不低于上一等级的门槛（${fmt(tiers[i - 1].threshold)}）`);
  });
  const p = r.object(root.tierPolicy, 'tierPolicy', '等级评定规则');
  const tierPolicy = {
    windowMonths: r.int(p.windowMonths, 'tierPolicy.windowMonths', '成长值统计周期', RULE_LIMITS.windowMonths[0], RULE_LIMITS.windowMonths[1], ' 个月'),
    downgradeNoticeDays: r.int(p.downgradeNoticeDays, 'tierPolicy.downgradeNoticeDays', '降级提前通知', RULE_LIMITS.downgradeNoticeDays[0], RULE_LIMITS.downgradeNoticeDays[1], ' 天'),
    // Absent (a page from before issue 12): stays absent, which means 'by_growth'.
    ...(p.downgrade === undefined ? {} : { downgrade: readDowngrade(r, p.downgrade) }),
    ...(p.stackPaidMemberPrice === undefined ? {} : { stackPaidMemberPrice: readStacking(r, p.stackPaidMemberPrice) }),
  };
  return done(r, { tiers, tierPolicy });
}

function readDowngrade(r: Reader, value: unknown): 'one_step' | 'by_growth' {
  if (value === 'by_growth') return 'by_growth';
  if (value === 'one_step') return 'one_step';
  r.fail('tierPolicy.downgrade', '降级方式须为“降一级”或“按成长值定级”');
  return 'by_growth';
}

function readStacking(r: Reader, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  r.fail('tierPolicy.stackPaidMemberPrice', '付费会员价与等级折扣须选择“取较优”或“叠加”');
  return false;
}

/** Points and coupon templates given together (a welcome gift, a birthday gift). */
function readGift(r: Reader, value: unknown, at: string, label: string): { points: number; couponTemplateIds: string[] } {
  const g = r.object(value, at, label);
  const points = r.int(g.points, `${at}.points`, `${label}积分`, 0, RULE_LIMITS.giftPoints);
  const list = r.array(g.couponTemplateIds ?? [], `${at}.couponTemplateIds`, `${label}优惠券`);
  if (list.length > RULE_LIMITS.giftCoupons) r.fail(`${at}.couponTemplateIds`, `${label}优惠券最多 ${RULE_LIMITS.giftCoupons} 张`);
  const seen = new Set<string>();
  const couponTemplateIds = list.slice(0, RULE_LIMITS.giftCoupons).map((id, j) => {
    const templateId = r.pattern(id, `${at}.couponTemplateIds.${j}`, '优惠券模板编号', TEMPLATE_ID, '格式有误');
    if (templateId && seen.has(templateId)) r.fail(`${at}.couponTemplateIds.${j}`, `${label}优惠券重复`);
    seen.add(templateId);
    return templateId;
  });
  return { points, couponTemplateIds };
}

export function checkEngagement(input: unknown): Checked<'engagement'> {
  const r = new Reader();
  const e = r.object(input, '', '互动与礼遇规则');
  const welcome = readGift(r, e.welcome, 'welcome', '入会礼');
  const b = r.object(e.birthday, 'birthday', '生日礼遇');
  if (b.window !== 'day' && b.window !== 'month') r.fail('birthday.window', '生日礼遇时段须为“生日当天”或“生日当月”');
  const birthday = { window: b.window === 'day' ? ('day' as const) : ('month' as const) };
  const c = r.object(e.checkIn, 'checkIn', '签到规则');
  const list = r.array(c.rewards, 'checkIn.rewards', '连续签到奖励');
  if (Array.isArray(c.rewards) && (list.length < 1 || list.length > RULE_LIMITS.streakDays)) r.fail('checkIn.rewards', `连续签到奖励须有 1–${RULE_LIMITS.streakDays} 天`);
  const rewards = list.slice(0, RULE_LIMITS.streakDays).map((raw, i) => {
    const at = `checkIn.rewards.${i}`;
    const day = r.object(raw, at, `第 ${i + 1} 天的奖励`);
    // Day 1, 2, …, N in order: the streak's day is the row's place, written out so a gap cannot hide.
    const streakDay = r.int(day.streakDay, `${at}.streakDay`, `第 ${i + 1} 行的天数`, 1, RULE_LIMITS.streakDays);
    if (Number.isInteger(streakDay) && streakDay !== i + 1) r.fail(`${at}.streakDay`, `连续签到天数须从第 1 天起逐日排列，这一行应为第 ${i + 1} 天`);
    const points = r.int(day.points, `${at}.points`, `第 ${i + 1} 天的积分`, 0, RULE_LIMITS.giftPoints);
    const couponTemplateId = day.couponTemplateId === null || day.couponTemplateId === undefined ? null : r.pattern(day.couponTemplateId, `${at}.couponTemplateId`, `第 ${i + 1} 天的优惠券模板编号`, TEMPLATE_ID, '格式有误');
    return { streakDay, points, couponTemplateId };
  });
  const makeUpCostPoints = r.int(c.makeUpCostPoints, 'checkIn.makeUpCostPoints', '补签消耗积分', 0, RULE_LIMITS.giftPoints);
  const makeUpPerMonth = r.int(c.makeUpPerMonth, 'checkIn.makeUpPerMonth', '每月补签次数', RULE_LIMITS.makeUpPerMonth[0], RULE_LIMITS.makeUpPerMonth[1], ' 次');
  const value: EngagementPolicy = { welcome, birthday, checkIn: { rewards, makeUpCostPoints, makeUpPerMonth } };
  return done(r, value);
}

/**
 * The coupon templates a section's value names, each with its field, so the save can check they
 * exist (a read this pure module does not make).
 */
export function templatesNamed(section: RuleSection, value: RuleSectionValues[RuleSection]): { field: string; templateId: string }[] {
  const out: { field: string; templateId: string }[] = [];
  if (section === 'engagement') {
    const e = value as EngagementPolicy;
    e.welcome.couponTemplateIds.forEach((templateId, j) => out.push({ field: `welcome.couponTemplateIds.${j}`, templateId }));
    e.checkIn.rewards.forEach((day, i) => day.couponTemplateId && out.push({ field: `checkIn.rewards.${i}.couponTemplateId`, templateId: day.couponTemplateId }));
  }
  if (section === 'tiers') {
    (value as RuleSectionValues['tiers']).tiers.forEach((tier, i) =>
      (tier.benefits.birthdayGift?.couponTemplateIds ?? []).forEach((templateId, j) => out.push({ field: `tiers.${i}.benefits.birthdayGift.couponTemplateIds.${j}`, templateId })),
    );
  }
  return out;
}

export function checkPoints(input: unknown): Checked<'points'> {
  const r = new Reader();
  const p = r.object(input, '', '积分规则');
  const [yMin, yMax] = RULE_LIMITS.perYuan;
  const pointsPerYuan = r.int(p.pointsPerYuan, 'pointsPerYuan', '每元积分', yMin, yMax);
  const growthPerYuan = r.int(p.growthPerYuan, 'growthPerYuan', '每元成长值', yMin, yMax);
  const minOrderFen = r.int(p.minOrderFen, 'minOrderFen', '起积金额', 0, RULE_LIMITS.maxMinOrderFen, ' 分');
  const dailyCapPoints = p.dailyCapPoints === null ? null : r.int(p.dailyCapPoints, 'dailyCapPoints', '每日积分上限', 1, RULE_LIMITS.maxDailyCap);
  const e = r.object(p.expiry, 'expiry', '积分有效期');
  let expiry: RuleSectionValues['points']['expiry'] = { type: 'end_of_next_year' };
  if (e.type === 'days') expiry = { type: 'days', days: r.int(e.days, 'expiry.days', '积分有效天数', RULE_LIMITS.expiryDays[0], RULE_LIMITS.expiryDays[1], ' 天') };
  else if (e.type !== 'end_of_next_year') r.fail('expiry.type', '积分有效期须为“次年年底”或“获得后若干天”');
  const reminderDays = r.int(p.reminderDays, 'reminderDays', '到期提醒', RULE_LIMITS.reminderDays[0], RULE_LIMITS.reminderDays[1], ' 天');
  // Absent (a page from before checkout): the defaults, so an older client's save cannot fail on them.
  let pointsAsCash = DEFAULT_POINTS_POLICY.pointsAsCash;
  if (p.pointsAsCash === null) pointsAsCash = null;
  else if (p.pointsAsCash !== undefined) {
    const c = r.object(p.pointsAsCash, 'pointsAsCash', '积分抵现');
    pointsAsCash = {
      pointsPerYuan: r.int(c.pointsPerYuan, 'pointsAsCash.pointsPerYuan', '抵 1 元所需积分', 1, RULE_LIMITS.pointsPerYuanAsCash),
      capPercent: r.int(c.capPercent, 'pointsAsCash.capPercent', '每单最多抵现比例', 1, 100, '%'),
    };
  }
  const walletEarns = p.walletEarns === undefined ? DEFAULT_POINTS_POLICY.walletEarns : r.bool(p.walletEarns, 'walletEarns', '储值支付累积积分');
  return done(r, { pointsPerYuan, growthPerYuan, minOrderFen, dailyCapPoints, expiry, reminderDays, pointsAsCash, walletEarns });
}

export function checkWallet(input: unknown): Checked<'wallet'> {
  const r = new Reader();
  const w = r.object(input, '', '储值规则');
  const list = r.array(w.packages, 'packages', '套餐列表');
  if (list.length > RULE_LIMITS.maxPackages) r.fail('packages', `套餐最多 ${RULE_LIMITS.maxPackages} 个`);
  const seen = new Set<string>();
  const packages: TopupPackage[] = list.slice(0, RULE_LIMITS.maxPackages).map((raw, i) => {
    const at = `packages.${i}`;
    const p = r.object(raw, at, `第 ${i + 1} 个套餐`);
    const label = r.text(p.label, `${at}.label`, '套餐名称', RULE_LIMITS.packageLabel);
    const name = label || `第 ${i + 1} 个套餐`;
    const id = r.pattern(p.id, `${at}.id`, `${name}的编号`, PACKAGE_ID, '须为 1–32 位字母、数字、- 或 _');
    if (id && seen.has(id)) r.fail(`${at}.id`, `套餐编号 ${id} 重复`);
    seen.add(id);
    const payFen = r.int(p.payFen, `${at}.payFen`, `${name}的支付金额`, RULE_LIMITS.payFen[0], RULE_LIMITS.payFen[1], ' 分');
    const bonusFen = r.int(p.bonusFen, `${at}.bonusFen`, `${name}的赠送金额`, 0, Number.isInteger(payFen) ? payFen : RULE_LIMITS.payFen[1], ' 分');
    return { id, label, payFen, bonusFen };
  });
  const maxBalanceFen = r.int(w.maxBalanceFen, 'maxBalanceFen', '储值上限', 1, RULE_LIMITS.maxBalanceFen, ' 分');
  const largest = Math.max(0, ...packages.map((p) => p.payFen + p.bonusFen).filter(Number.isInteger));
  if (Number.isInteger(maxBalanceFen) && maxBalanceFen < largest) r.fail('maxBalanceFen', `储值上限须不低于最大套餐的到账金额（${yuanLabel(largest)}）`);
  return done(r, { packages, maxBalanceFen });
}

export function checkBrand(input: unknown): Checked<'brand'> {
  const r = new Reader();
  const b = r.object(input, '', '品牌信息');
  const name = r.text(b.name, 'name', '品牌名称', RULE_LIMITS.brandName);
  const logoText = r.text(b.logoText, 'logoText', 'Logo 文字', RULE_LIMITS.logoText);
  const primaryColor = r.colour(b.primaryColor, 'primaryColor', '主色');
  return done(r, { name, logoText, primaryColor });
}

const CHECKS: { [S in RuleSection]: (input: unknown) => Checked<S> } = { tiers: checkTiers, points: checkPoints, wallet: checkWallet, brand: checkBrand, engagement: checkEngagement };

export function checkSection<S extends RuleSection>(section: S, input: unknown): Checked<S> {
  return CHECKS[section](input) as Checked<S>;
}
