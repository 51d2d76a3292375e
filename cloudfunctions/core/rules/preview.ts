import type { EngagementPolicy, RuleSection, RuleSectionValues, TierBenefits, TierDefinition, TierPolicy, TopupPackage } from '../brand/settings';
import type { PointsPolicy } from '../points/policy';
import { quoteEarn } from '../points/earn';
import { hundredthsText, yuanLabel, zheText } from '../platform/money-text';

// What a proposed section changes, as Chinese lines an operator reads before saving
// ("金卡门槛 1,000 → 1,200 成长值"). Pure: current and proposed values in, lines out; an empty
// list means the proposal changes nothing.

export const SECTION_LABELS: Record<RuleSection, string> = { tiers: '等级', points: '积分', wallet: '储值', brand: '品牌', engagement: '互动与礼遇' };

const n = (value: number) => value.toLocaleString('en-US');

/** ¥1,000 for whole yuan, ¥12.50 otherwise. */
export const yuan = yuanLabel;

/** 150 → ×1.5 */
function times(percent: number): string {
  return `×${hundredthsText(percent)}`;
}

/** 95 → 9.5折, 100 → 无折扣 */
function discount(percent: number): string {
  return percent >= 100 ? '无折扣' : zheText(percent);
}

function list(items: string[]): string {
  return items.length ? items.join('、') : '无';
}

function changed<T>(before: T, after: T, line: (a: T, b: T) => string, out: string[]): void {
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push(line(before, after));
}

function benefitLines(name: string, a: TierBenefits, b: TierBenefits, out: string[]): void {
  changed(a.pointsMultiplierPercent, b.pointsMultiplierPercent, (x, y) => `${name}积分倍数 ${times(x)} → ${times(y)}`, out);
  changed(a.discountPercent, b.discountPercent, (x, y) => `${name}会员价 ${discount(x)} → ${discount(y)}`, out);
  changed(a.birthdayMultiplierPercent, b.birthdayMultiplierPercent, (x, y) => `${name}生日积分倍数 ${times(x)} → ${times(y)}`, out);
  changed(a.freeItems, b.freeItems, (x, y) => `${name}赠品 ${list(x)} → ${list(y)}`, out);
  changed(a.freeCouponTemplateIds, b.freeCouponTemplateIds, (x, y) => `${name}赠券 ${x.length} → ${y.length} 张`, out);
  changed(giftText(a.birthdayGift), giftText(b.birthdayGift), (x, y) => `${name}生日礼 ${x} → ${y}`, out);
}

/** 50 积分 + 1 张券 · 无 */
export function giftText(gift: { points: number; couponTemplateIds: string[] } | undefined | null): string {
  const parts = [gift?.points ? `${n(gift.points)} 积分` : '', gift?.couponTemplateIds.length ? `${gift.couponTemplateIds.length} 张券` : ''].filter(Boolean);
  return parts.length ? parts.join(' + ') : '无';
}

/** 保级门槛: what keeps the tier; absent means the same as reaching it. */
function keepText(tier: TierDefinition): string {
  return tier.keepThreshold === null || tier.keepThreshold === undefined ? '同升级门槛' : `${n(tier.keepThreshold)} 成长值`;
}

export const DOWNGRADE_LABELS: Record<NonNullable<TierPolicy['downgrade']>, string> = { one_step: '降一级', by_growth: '按成长值定级' };

export function previewTiers(before: RuleSectionValues['tiers'], after: RuleSectionValues['tiers']): string[] {
  const out: string[] = [];
  const old = new Map(before.tiers.map((t) => [t.code, t]));
  const kept = new Set(after.tiers.map((t) => t.code));
  for (const tier of before.tiers) {
    if (!kept.has(tier.code)) out.push(`删除等级 ${tier.name}：持有该等级的会员将按成长值重新评定`);
  }
  for (const tier of after.tiers) {
    const was: TierDefinition | undefined = old.get(tier.code);
    if (!was) {
      out.push(`新增等级 ${tier.name}：门槛 ${n(tier.threshold)} 成长值，积分倍数 ${times(tier.benefits.pointsMultiplierPercent)}，会员价 ${discount(tier.benefits.discountPercent)}`);
      continue;
    }
    changed(was.name, tier.name, (x, y) => `等级名称 ${x} → ${y}`, out);
    changed(was.threshold, tier.threshold, (x, y) => `${tier.name}门槛 ${n(x)} → ${n(y)} 成长值`, out);
    changed(was.color, tier.color, (x, y) => `${tier.name}颜色 ${x} → ${y}`, out);
    changed(keepText(was), keepText(tier), (x, y) => `${tier.name}保级门槛 ${x} → ${y}`, out);
    benefitLines(tier.name, was.benefits, tier.benefits, out);
  }
  const order = (tiers: TierDefinition[]) => tiers.map((t) => t.code).filter((code) => old.has(code) && kept.has(code));
  if (order(before.tiers).join() !== order(after.tiers).join()) out.push(`等级顺序 ${before.tiers.map((t) => t.name).join(' < ')} → ${after.tiers.map((t) => t.name).join(' < ')}`);
  changed(before.tierPolicy.windowMonths, after.tierPolicy.windowMonths, (x, y) => `成长值统计周期 ${x} → ${y} 个月`, out);
  changed(before.tierPolicy.downgradeNoticeDays, after.tierPolicy.downgradeNoticeDays, (x, y) => `降级提前通知 ${x} → ${y} 天`, out);
  changed(
    DOWNGRADE_LABELS[before.tierPolicy.downgrade ?? 'by_growth'],
    DOWNGRADE_LABELS[after.tierPolicy.downgrade ?? 'by_growth'],
    (x, y) => `未达保级门槛时 ${x} → ${y}`,
    out,
  );
  const stacking = (policy: TierPolicy) => (policy.stackPaidMemberPrice ? '叠加' : '取较优');
  changed(stacking(before.tierPolicy), stacking(after.tierPolicy), (x, y) => `付费会员价与等级折扣 ${x} → ${y}`, out);
  return out;
}

function expiryText(policy: PointsPolicy): string {
  return policy.expiry.type === 'days' ? `获得后 ${n(policy.expiry.days)} 天` : '次年年底';
}

/** The example order the preview prices under both policies (base tier, nothing earned yet today). */
export const EXAMPLE_ORDER_FEN = 10_000;

/** 100 积分抵 ¥1，最多抵 50% · 不可抵现 */
function cashText(rule: PointsPolicy['pointsAsCash']): string {
  return rule ? `${n(rule.pointsPerYuan)} 积分抵 ¥1，最多抵 ${rule.capPercent}%` : '不可抵现';
}

export function previewPoints(before: PointsPolicy, after: PointsPolicy): string[] {
  const out: string[] = [];
  changed(before.pointsPerYuan, after.pointsPerYuan, (x, y) => `每消费 ¥1 积分 ${n(x)} → ${n(y)}`, out);
  changed(before.growthPerYuan, after.growthPerYuan, (x, y) => `每消费 ¥1 成长值 ${n(x)} → ${n(y)}`, out);
  changed(before.minOrderFen, after.minOrderFen, (x, y) => `起积金额 ${yuan(x)} → ${yuan(y)}`, out);
  changed(before.dailyCapPoints, after.dailyCapPoints, (x, y) => `每日积分上限 ${x === null ? '不设上限' : n(x)} → ${y === null ? '不设上限' : n(y)}`, out);
  changed(expiryText(before), expiryText(after), (x, y) => `积分有效期 ${x} → ${y}`, out);
  changed(before.reminderDays, after.reminderDays, (x, y) => `到期提醒 提前 ${x} → ${y} 天`, out);
  changed(cashText(before.pointsAsCash), cashText(after.pointsAsCash), (x, y) => `积分抵现 ${x} → ${y}`, out);
  changed(before.walletEarns, after.walletEarns, (_x, y) => (y ? '储值支付的部分将累积积分和成长值' : '储值支付的部分将不再累积积分和成长值'), out);
  const was = quoteEarn(EXAMPLE_ORDER_FEN, before, 100, 0);
  const will = quoteEarn(EXAMPLE_ORDER_FEN, after, 100, 0);
  if (was.points !== will.points) out.push(`${yuan(EXAMPLE_ORDER_FEN)} 的消费将获得 ${n(will.points)} 积分（现为 ${n(was.points)}）`);
  if (was.growth !== will.growth) out.push(`${yuan(EXAMPLE_ORDER_FEN)} 的消费将获得 ${n(will.growth)} 成长值（现为 ${n(was.growth)}）`);
  if (out.length) out.push('已完成的消费保留原积分，不按新规则重算');
  return out;
}

function packageText(p: TopupPackage): string {
  return `${p.label}（付 ${yuan(p.payFen)}，到账 ${yuan(p.payFen + p.bonusFen)}）`;
}

export function previewWallet(before: RuleSectionValues['wallet'], after: RuleSectionValues['wallet']): string[] {
  const out: string[] = [];
  const old = new Map(before.packages.map((p) => [p.id, p]));
  const kept = new Set(after.packages.map((p) => p.id));
  for (const p of before.packages) if (!kept.has(p.id)) out.push(`下架套餐 ${p.label}`);
  for (const p of after.packages) {
    const was = old.get(p.id);
    if (!was) {
      out.push(`新增套餐 ${packageText(p)}`);
      continue;
    }
    changed(was.label, p.label, (x, y) => `套餐名称 ${x} → ${y}`, out);
    changed(was.payFen, p.payFen, (x, y) => `${p.label}支付金额 ${yuan(x)} → ${yuan(y)}`, out);
    changed(was.bonusFen, p.bonusFen, (x, y) => `${p.label}赠送金额 ${yuan(x)} → ${yuan(y)}`, out);
  }
  changed(before.maxBalanceFen, after.maxBalanceFen, (x, y) => `储值上限 ${yuan(x)} → ${yuan(y)}`, out);
  if (after.maxBalanceFen < before.maxBalanceFen) out.push('余额已超过新上限的会员保留余额，但不能再充值');
  return out;
}

export function previewBrand(before: RuleSectionValues['brand'], after: RuleSectionValues['brand']): string[] {
  const out: string[] = [];
  changed(before.name, after.name, (x, y) => `品牌名称 ${x} → ${y}`, out);
  changed(before.logoText, after.logoText, (x, y) => `Logo 文字 ${x} → ${y}`, out);
  changed(before.primaryColor, after.primaryColor, (x, y) => `主色 ${x} → ${y}`, out);
  return out;
}

const WINDOW_LABELS: Record<EngagementPolicy['birthday']['window'], string> = { day: '生日当天', month: '生日当月' };

function rewardText(day: EngagementPolicy['checkIn']['rewards'][number] | undefined): string {
  if (!day) return '无';
  const parts = [day.points ? `${n(day.points)} 积分` : '', day.couponTemplateId ? '1 张券' : ''].filter(Boolean);
  return parts.length ? parts.join(' + ') : '无奖励';
}

export function previewEngagement(before: EngagementPolicy, after: EngagementPolicy): string[] {
  const out: string[] = [];
  changed(giftText(before.welcome), giftText(after.welcome), (x, y) => `入会礼 ${x} → ${y}`, out);
  if (giftText(before.welcome) !== giftText(after.welcome)) out.push('已入会的会员不补发，新入会的会员按新规则领取');
  changed(WINDOW_LABELS[before.birthday.window], WINDOW_LABELS[after.birthday.window], (x, y) => `生日礼遇时段 ${x} → ${y}`, out);
  const a = before.checkIn.rewards;
  const b = after.checkIn.rewards;
  changed(a.length, b.length, (x, y) => `连续签到周期 ${x} → ${y} 天`, out);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    changed(rewardText(a[i]), rewardText(b[i]), (x, y) => `连续签到第 ${i + 1} 天 ${x} → ${y}`, out);
  }
  changed(before.checkIn.makeUpCostPoints, after.checkIn.makeUpCostPoints, (x, y) => `补签消耗 ${n(x)} → ${n(y)} 积分`, out);
  changed(before.checkIn.makeUpPerMonth, after.checkIn.makeUpPerMonth, (x, y) => `每月补签 ${x} → ${y} 次`, out);
  return out;
}

export function previewSection<S extends RuleSection>(section: S, before: RuleSectionValues[S], after: RuleSectionValues[S]): string[] {
  switch (section) {
    case 'tiers':
      return previewTiers(before as RuleSectionValues['tiers'], after as RuleSectionValues['tiers']);
    case 'points':
      return previewPoints(before as PointsPolicy, after as PointsPolicy);
    case 'wallet':
      return previewWallet(before as RuleSectionValues['wallet'], after as RuleSectionValues['wallet']);
    case 'engagement':
      return previewEngagement(before as EngagementPolicy, after as EngagementPolicy);
    default:
      return previewBrand(before as RuleSectionValues['brand'], after as RuleSectionValues['brand']);
  }
}
