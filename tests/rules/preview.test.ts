import { previewBrand, previewPoints, previewTiers, previewWallet } from '../../cloudfunctions/core/rules/preview';
import { DEFAULT_POINTS_POLICY } from '../../cloudfunctions/core/points/policy';

// The preview's Chinese lines, written out by hand.

const benefits = { pointsMultiplierPercent: 100, discountPercent: 100, birthdayMultiplierPercent: 100, freeItems: [], freeCouponTemplateIds: [] };
const green = { code: 'green', name: '绿卡', color: '#3d8b6d', threshold: 0, benefits };
const gold = { code: 'gold', name: '金卡', color: '#c8a04a', threshold: 1000, benefits: { ...benefits, pointsMultiplierPercent: 150, discountPercent: 95 } };
const policy = { windowMonths: 12, downgradeNoticeDays: 30 };

describe('tiers preview', () => {
  const before = { tiers: [green, gold], tierPolicy: policy };
  it.each([
    ['nothing changed', before, []],
    ['a threshold', { tiers: [green, { ...gold, threshold: 1200 }], tierPolicy: policy }, ['金卡门槛 1,000 → 1,200 成长值']],
    [
      'benefits',
      { tiers: [green, { ...gold, benefits: { ...gold.benefits, pointsMultiplierPercent: 200, discountPercent: 90 } }], tierPolicy: policy },
      ['金卡积分倍数 ×1.5 → ×2', '金卡会员价 9.5折 → 9折'],
    ],
    ['a new tier', { tiers: [green, gold, { ...gold, code: 'black', name: '黑金', threshold: 5000 }], tierPolicy: policy }, ['新增等级 黑金：门槛 5,000 成长值，积分倍数 ×1.5，会员价 9.5折']],
    ['a removed tier', { tiers: [green], tierPolicy: policy }, ['删除等级 金卡：持有该等级的会员将按成长值重新评定']],
    ['the window and notice', { tiers: [green, gold], tierPolicy: { windowMonths: 6, downgradeNoticeDays: 7 } }, ['成长值统计周期 12 → 6 个月', '降级提前通知 30 → 7 天']],
  ])('%s', (_name, after, lines) => {
    expect(previewTiers(before, after)).toEqual(lines);
  });
});

describe('points preview', () => {
  const before = { ...DEFAULT_POINTS_POLICY, pointsPerYuan: 1, growthPerYuan: 1, minOrderFen: 100, dailyCapPoints: 5000, reminderDays: 30 };
  it.each([
    ['nothing changed', before, []],
    ['the rate', { ...before, pointsPerYuan: 2 }, ['每消费 ¥1 积分 1 → 2', '¥100 的消费将获得 200 积分（现为 100）', '已完成的消费保留原积分，不按新规则重算']],
    ['the cap lifted', { ...before, dailyCapPoints: null }, ['每日积分上限 5,000 → 不设上限', '已完成的消费保留原积分，不按新规则重算']],
    ['expiry and reminder', { ...before, expiry: { type: 'days' as const, days: 365 }, reminderDays: 15 }, ['积分有效期 次年年底 → 获得后 365 天', '到期提醒 提前 30 → 15 天', '已完成的消费保留原积分，不按新规则重算']],
    [
      'a minimum above the example',
      { ...before, minOrderFen: 15000 },
      ['起积金额 ¥1 → ¥150', '¥100 的消费将获得 0 积分（现为 100）', '¥100 的消费将获得 0 成长值（现为 100）', '已完成的消费保留原积分，不按新规则重算'],
    ],
    ['points as cash dearer', { ...before, pointsAsCash: { pointsPerYuan: 200, capPercent: 30 } }, ['积分抵现 100 积分抵 ¥1，最多抵 50% → 200 积分抵 ¥1，最多抵 30%', '已完成的消费保留原积分，不按新规则重算']],
    ['points as cash off', { ...before, pointsAsCash: null }, ['积分抵现 100 积分抵 ¥1，最多抵 50% → 不可抵现', '已完成的消费保留原积分，不按新规则重算']],
    ['the wallet stops earning', { ...before, walletEarns: false }, ['储值支付的部分将不再累积积分和成长值', '已完成的消费保留原积分，不按新规则重算']],
  ])('%s', (_name, after, lines) => {
    expect(previewPoints(before, after)).toEqual(lines);
  });
});

describe('wallet preview', () => {
  const p100 = { id: 'p100', payFen: 10000, bonusFen: 1000, label: '充100送10' };
  const before = { packages: [p100], maxBalanceFen: 500000 };
  it.each([
    ['a bonus', { packages: [{ ...p100, bonusFen: 2050 }], maxBalanceFen: 500000 }, ['充100送10赠送金额 ¥10 → ¥20.50']],
    ['a new package', { packages: [p100, { id: 'p1000', payFen: 100000, bonusFen: 20000, label: '充1000送200' }], maxBalanceFen: 500000 }, ['新增套餐 充1000送200（付 ¥1,000，到账 ¥1,200）']],
    ['a package withdrawn', { packages: [], maxBalanceFen: 500000 }, ['下架套餐 充100送10']],
    ['a lower ceiling', { packages: [p100], maxBalanceFen: 300000 }, ['储值上限 ¥5,000 → ¥3,000', '余额已超过新上限的会员保留余额，但不能再充值']],
  ])('%s', (_name, after, lines) => {
    expect(previewWallet(before, after)).toEqual(lines);
  });
});

describe('brand preview', () => {
  it('lists each changed field', () => {
    expect(previewBrand({ name: '测试咖啡', logoText: '测', primaryColor: '#2f5d50' }, { name: '新咖啡', logoText: '测', primaryColor: '#112233' })).toEqual(['品牌名称 测试咖啡 → 新咖啡', '主色 #2f5d50 → #112233']);
  });
});
