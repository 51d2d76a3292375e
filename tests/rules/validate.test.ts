import { checkBrand, checkPoints, checkTiers, checkWallet } from '../../cloudfunctions/core/rules/validate';

// The validators, one hand-written case a line: the field refused (or null: accepted).

const benefits = { pointsMultiplierPercent: 100, discountPercent: 100, birthdayMultiplierPercent: 100, freeItems: [], freeCouponTemplateIds: [] };
const tier = (code: string, threshold: number, extra: Record<string, unknown> = {}) => ({ code, name: `等级${code}`, color: '#112233', threshold, benefits, ...extra });
const tiers = (list: unknown[], tierPolicy: unknown = { windowMonths: 12, downgradeNoticeDays: 30 }) => ({ tiers: list, tierPolicy });

function firstField(result: { ok: true } | { ok: false; problems: { field: string }[] }): string | null {
  return result.ok ? null : result.problems[0].field;
}

describe('tiers', () => {
  it.each([
    ['two tiers from 0 upwards', tiers([tier('a', 0), tier('b', 1000)]), null],
    ['one tier at 0', tiers([tier('a', 0)]), null],
    ['no tiers', tiers([]), 'tiers'],
    ['first threshold not 0', tiers([tier('a', 10), tier('b', 1000)]), 'tiers.0.threshold'],
    ['equal thresholds', tiers([tier('a', 0), tier('b', 1000), tier('c', 1000)]), 'tiers.2.threshold'],
    ['decreasing thresholds', tiers([tier('a', 0), tier('b', 1000), tier('c', 500)]), 'tiers.2.threshold'],
    ['fractional threshold', tiers([tier('a', 0), tier('b', 10.5)]), 'tiers.1.threshold'],
    ['duplicate codes', tiers([tier('a', 0), tier('a', 100)]), 'tiers.1.code'],
    ['code with capitals', tiers([tier('Gold', 0)]), 'tiers.0.code'],
    ['colour without #', tiers([tier('a', 0, { color: '112233' })]), 'tiers.0.color'],
    ['three-digit colour', tiers([tier('a', 0, { color: '#123' })]), 'tiers.0.color'],
    ['blank name', tiers([tier('a', 0, { name: '   ' })]), 'tiers.0.name'],
    ['name of 11 characters', tiers([tier('a', 0, { name: '一二三四五六七八九十一' })]), 'tiers.0.name'],
    ['name with a bidi override', tiers([tier('a', 0, { name: '金\u202e卡' })]), 'tiers.0.name'],
    ['multiplier 99', tiers([tier('a', 0, { benefits: { ...benefits, pointsMultiplierPercent: 99 } })]), 'tiers.0.benefits.pointsMultiplierPercent'],
    ['multiplier 1000', tiers([tier('a', 0, { benefits: { ...benefits, pointsMultiplierPercent: 1000 } })]), null],
    ['multiplier 1001', tiers([tier('a', 0, { benefits: { ...benefits, pointsMultiplierPercent: 1001 } })]), 'tiers.0.benefits.pointsMultiplierPercent'],
    ['discount 50', tiers([tier('a', 0, { benefits: { ...benefits, discountPercent: 50 } })]), null],
    ['discount 49', tiers([tier('a', 0, { benefits: { ...benefits, discountPercent: 49 } })]), 'tiers.0.benefits.discountPercent'],
    ['discount 101', tiers([tier('a', 0, { benefits: { ...benefits, discountPercent: 101 } })]), 'tiers.0.benefits.discountPercent'],
    ['birthday multiplier 50', tiers([tier('a', 0, { benefits: { ...benefits, birthdayMultiplierPercent: 50 } })]), 'tiers.0.benefits.birthdayMultiplierPercent'],
    ['window 0 months', tiers([tier('a', 0)], { windowMonths: 0, downgradeNoticeDays: 30 }), 'tierPolicy.windowMonths'],
    ['notice 91 days', tiers([tier('a', 0)], { windowMonths: 12, downgradeNoticeDays: 91 }), 'tierPolicy.downgradeNoticeDays'],
    ['policy missing', { tiers: [tier('a', 0)] }, 'tierPolicy'],
  ])('%s', (_name, value, field) => {
    expect(firstField(checkTiers(value))).toBe(field);
  });

  it('answers the message in Chinese and keeps only known fields', () => {
    const refused = checkTiers(tiers([tier('a', 0), tier('b', 1000), tier('c', 800)]));
    expect(refused).toEqual({ ok: false, problems: [{ field: 'tiers.2.threshold', message: '等级c的门槛须高于上一等级（1,000）' }] });
    const accepted = checkTiers({ ...tiers([{ ...tier('a', 0, { color: '#AABBCC' }), junk: 1 }]), junk: 2 });
    expect(accepted).toEqual({ ok: true, value: tiers([tier('a', 0, { color: '#aabbcc' })]) });
  });
});

describe('points', () => {
  const base = { pointsPerYuan: 1, growthPerYuan: 1, minOrderFen: 100, dailyCapPoints: 5000, expiry: { type: 'end_of_next_year' }, reminderDays: 30 };
  it.each([
    ['the defaults', base, null],
    ['0 points a yuan', { ...base, pointsPerYuan: 0 }, null],
    ['100 points a yuan', { ...base, pointsPerYuan: 100 }, null],
    ['101 points a yuan', { ...base, pointsPerYuan: 101 }, 'pointsPerYuan'],
    ['1.5 points a yuan', { ...base, pointsPerYuan: 1.5 }, 'pointsPerYuan'],
    ['a rate as text', { ...base, pointsPerYuan: '2' }, 'pointsPerYuan'],
    ['negative growth rate', { ...base, growthPerYuan: -1 }, 'growthPerYuan'],
    ['no daily cap', { ...base, dailyCapPoints: null }, null],
    ['daily cap 0', { ...base, dailyCapPoints: 0 }, 'dailyCapPoints'],
    ['daily cap 1', { ...base, dailyCapPoints: 1 }, null],
    ['minimum order 0', { ...base, minOrderFen: 0 }, null],
    ['negative minimum order', { ...base, minOrderFen: -100 }, 'minOrderFen'],
    ['expiry after 365 days', { ...base, expiry: { type: 'days', days: 365 } }, null],
    ['expiry after 0 days', { ...base, expiry: { type: 'days', days: 0 } }, 'expiry.days'],
    ['expiry after 3651 days', { ...base, expiry: { type: 'days', days: 3651 } }, 'expiry.days'],
    ['unknown expiry', { ...base, expiry: { type: 'never' } }, 'expiry.type'],
    ['reminder 90 days', { ...base, reminderDays: 90 }, null],
    ['reminder 91 days', { ...base, reminderDays: 91 }, 'reminderDays'],
  ])('%s', (_name, value, field) => {
    expect(firstField(checkPoints(value))).toBe(field);
  });

  it('says what is wrong in Chinese', () => {
    expect(checkPoints({ ...base, pointsPerYuan: 101 })).toEqual({ ok: false, problems: [{ field: 'pointsPerYuan', message: '每元积分须在 0–100 之间' }] });
  });
});

describe('wallet', () => {
  const pkg = (id: string, payFen: number, bonusFen: number) => ({ id, payFen, bonusFen, label: `充${payFen / 100}` });
  const wallet = (packages: unknown[], maxBalanceFen = 500000) => ({ packages, maxBalanceFen });
  it.each([
    ['two packages under the ceiling', wallet([pkg('p1', 10000, 1000), pkg('p5', 50000, 10000)]), null],
    ['no packages', wallet([]), null],
    ['duplicate ids', wallet([pkg('p1', 10000, 0), pkg('p1', 20000, 0)]), 'packages.1.id'],
    ['pay 0', wallet([pkg('p0', 0, 0)]), 'packages.0.payFen'],
    ['pay 1 fen', wallet([pkg('p0', 1, 0)]), null],
    ['pay over 10,000,000 fen', wallet([pkg('p0', 10_000_001, 0)]), 'packages.0.payFen'],
    ['bonus equal to pay', wallet([pkg('p1', 10000, 10000)]), null],
    ['bonus over pay', wallet([pkg('p1', 10000, 10001)]), 'packages.0.bonusFen'],
    ['negative bonus', wallet([pkg('p1', 10000, -1)]), 'packages.0.bonusFen'],
    ['ceiling exactly the largest package', wallet([pkg('p5', 50000, 10000)], 60000), null],
    ['ceiling under the largest package', wallet([pkg('p5', 50000, 10000)], 59999), 'maxBalanceFen'],
    ['ceiling at ¥5,000', wallet([], 500000), null],
    ['ceiling over ¥5,000', wallet([], 500001), 'maxBalanceFen'],
    ['blank label', wallet([{ ...pkg('p1', 10000, 0), label: '' }]), 'packages.0.label'],
  ])('%s', (_name, value, field) => {
    expect(firstField(checkWallet(value))).toBe(field);
  });

  it('names the largest package when the ceiling is too low', () => {
    expect(checkWallet(wallet([pkg('p5', 50000, 10000)], 50000))).toEqual({ ok: false, problems: [{ field: 'maxBalanceFen', message: '储值上限须不低于最大套餐的到账金额（¥600）' }] });
  });
});

describe('brand', () => {
  const brand = { name: '测试咖啡', logoText: '测', primaryColor: '#2f5d50' };
  it.each([
    ['the test brand', brand, null],
    ['name of 20 characters', { ...brand, name: '一二三四五六七八九十一二三四五六七八九十' }, null],
    ['name of 21 characters', { ...brand, name: '一二三四五六七八九十一二三四五六七八九十一' }, 'name'],
    ['empty name', { ...brand, name: '' }, 'name'],
    ['logo of 3 characters', { ...brand, logoText: '测试咖' }, 'logoText'],
    ['colour name', { ...brand, primaryColor: 'green' }, 'primaryColor'],
    ['colour with alpha', { ...brand, primaryColor: '#2f5d50ff' }, 'primaryColor'],
  ])('%s', (_name, value, field) => {
    expect(firstField(checkBrand(value))).toBe(field);
  });
});
