import type { LocalCloud } from '../../scripts/local-cloud';
import { DEFAULT_ENGAGEMENT, loadBrandSettings } from '../../cloudfunctions/core/brand/settings';
import { getDb } from '../../cloudfunctions/core/platform/cloud';
import { previewEngagement, previewTiers } from '../../cloudfunctions/core/rules/preview';
import { checkEngagement, checkTiers } from '../../cloudfunctions/core/rules/validate';
import { createTemplate } from '../coupons/helpers';
import { callAs, snapshotAll } from '../support/cloud';
import { OPERATOR, TEST_BRAND, onASeededCloudEachTest, requestId } from '../support/world';

// The engagement section (welcome gift, birthday window, check-in rewards, 补签) and the tier
// fields of issue 12 (保级门槛, birthday gift, downgrade policy): validation, preview, saving.

const E = DEFAULT_ENGAGEMENT;
const withCheckIn = (change: Record<string, unknown>) => ({ ...E, checkIn: { ...E.checkIn, ...change } });
const days = (n: number) => Array.from({ length: n }, (_, i) => ({ streakDay: i + 1, points: 5, couponTemplateId: null }));

describe('checkEngagement (pure)', () => {
  it('the defaults pass as they are', () => {
    expect(checkEngagement(E)).toEqual({ ok: true, value: E });
  });

  it.each([
    ['welcome points negative', { ...E, welcome: { points: -1, couponTemplateIds: [] } }, 'welcome.points', '入会礼积分须在 0–100,000 之间'],
    ['welcome points a fraction', { ...E, welcome: { points: 1.5, couponTemplateIds: [] } }, 'welcome.points', '入会礼积分须为整数'],
    ['welcome template malformed', { ...E, welcome: { points: 0, couponTemplateIds: ['a b'] } }, 'welcome.couponTemplateIds.0', '优惠券模板编号格式有误'],
    ['welcome template twice', { ...E, welcome: { points: 0, couponTemplateIds: ['ct1', 'ct1'] } }, 'welcome.couponTemplateIds.1', '入会礼优惠券重复'],
    ['birthday window', { ...E, birthday: { window: 'week' } }, 'birthday.window', '生日礼遇时段须为“生日当天”或“生日当月”'],
    ['no streak days', withCheckIn({ rewards: [] }), 'checkIn.rewards', '连续签到奖励须有 1–31 天'],
    ['32 streak days', withCheckIn({ rewards: days(32) }), 'checkIn.rewards', '连续签到奖励须有 1–31 天'],
    ['a gap in the days', withCheckIn({ rewards: [{ streakDay: 1, points: 5, couponTemplateId: null }, { streakDay: 3, points: 5, couponTemplateId: null }] }), 'checkIn.rewards.1.streakDay', '连续签到天数须从第 1 天起逐日排列，这一行应为第 2 天'],
    ['a day not starting at 1', withCheckIn({ rewards: [{ streakDay: 2, points: 5, couponTemplateId: null }] }), 'checkIn.rewards.0.streakDay', '连续签到天数须从第 1 天起逐日排列，这一行应为第 1 天'],
    ['negative day points', withCheckIn({ rewards: [{ streakDay: 1, points: -5, couponTemplateId: null }] }), 'checkIn.rewards.0.points', '第 1 天的积分须在 0–100,000 之间'],
    ['make-up cost negative', withCheckIn({ makeUpCostPoints: -1 }), 'checkIn.makeUpCostPoints', '补签消耗积分须在 0–100,000 之间'],
    ['11 make-ups a month', withCheckIn({ makeUpPerMonth: 11 }), 'checkIn.makeUpPerMonth', '每月补签次数须在 0–10 次 之间'],
    ['no check-in', { welcome: E.welcome, birthday: E.birthday }, 'checkIn', '签到规则格式有误'],
  ])('%s → %s', (_name, value, field, message) => {
    const checked = checkEngagement(value);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems[0]).toEqual({ field, message });
  });

  it('31 days with a coupon on the last pass', () => {
    const rewards = days(31).map((d) => (d.streakDay === 31 ? { ...d, couponTemplateId: 'ct-month' } : d));
    expect(checkEngagement(withCheckIn({ rewards, makeUpPerMonth: 0, makeUpCostPoints: 0 })).ok).toBe(true);
  });
});

describe('the tier fields of issue 12 (pure)', () => {
  const NO = { pointsMultiplierPercent: 100, discountPercent: 100, birthdayMultiplierPercent: 100, freeItems: [], freeCouponTemplateIds: [] };
  const tier = (code: string, threshold: number, extra: Record<string, unknown> = {}, benefits: Record<string, unknown> = {}) => ({ code, name: code, color: '#aabbcc', threshold, ...extra, benefits: { ...NO, ...benefits } });
  const policy = { windowMonths: 12, downgradeNoticeDays: 30 };
  const value = (gold: Record<string, unknown>, tierPolicy: Record<string, unknown> = policy) => ({ tiers: [tier('basic', 0), tier('silver', 300), tier('gold', 1000, gold)], tierPolicy });

  it.each([
    // gold's keep threshold → the problem, or none (rule: the tier below's threshold ≤ keep ≤ threshold)
    [600, null],
    [1000, null],
    [300, null],
    [null, null],
    [1001, '金卡的保级门槛须不高于升级门槛（1,000）'.replace('金卡', 'gold')],
    [299, 'gold的保级门槛须不低于上一等级的门槛（300）'],
    [-1, 'gold的保级门槛须在 0–100,000,000 成长值 之间'],
  ])('gold keepThreshold %p → %p', (keepThreshold, problem) => {
    const checked = checkTiers(value({ keepThreshold }));
    if (problem === null) {
      expect(checked.ok).toBe(true);
      if (checked.ok) expect(checked.value.tiers[2].keepThreshold).toBe(keepThreshold ?? undefined);
    } else expect(checked).toEqual({ ok: false, problems: [{ field: 'tiers.2.keepThreshold', message: problem }] });
  });

  it('the entry tier has no keep threshold', () => {
    const checked = checkTiers({ tiers: [tier('basic', 0, { keepThreshold: 0 }), tier('gold', 1000)], tierPolicy: policy });
    expect(checked).toEqual({ ok: false, problems: [{ field: 'tiers.0.keepThreshold', message: '第一个等级不会降级，无需设置保级门槛' }] });
  });

  it('downgrade policy: one_step or by_growth, absent stays absent', () => {
    expect(checkTiers(value({}, { ...policy, downgrade: 'one_step' }))).toMatchObject({ ok: true, value: { tierPolicy: { ...policy, downgrade: 'one_step' } } });
    const absent = checkTiers(value({}));
    expect(absent.ok && absent.value.tierPolicy).toEqual(policy);
    expect(checkTiers(value({}, { ...policy, downgrade: 'two_steps' }))).toEqual({ ok: false, problems: [{ field: 'tierPolicy.downgrade', message: '降级方式须为“降一级”或“按成长值定级”' }] });
  });

  it('birthday gift: points and coupons, checked like a welcome gift', () => {
    const ok = checkTiers(value({}, policy));
    expect(ok.ok).toBe(true);
    const withGift = checkTiers({ ...value({}), tiers: [tier('basic', 0, {}, { birthdayGift: { points: 88, couponTemplateIds: ['ct1'] } }), tier('gold', 1000)] });
    expect(withGift.ok && withGift.value.tiers[0].benefits.birthdayGift).toEqual({ points: 88, couponTemplateIds: ['ct1'] });
    const bad = checkTiers({ ...value({}), tiers: [tier('basic', 0, {}, { birthdayGift: { points: -1, couponTemplateIds: [] } }), tier('gold', 1000)] });
    expect(bad).toEqual({ ok: false, problems: [{ field: 'tiers.0.benefits.birthdayGift.points', message: 'basic的生日礼积分须在 0–100,000 之间' }] });
  });
});

describe('preview lines (pure)', () => {
  it('engagement', () => {
    const after = {
      welcome: { points: 50, couponTemplateIds: ['ct1'] },
      birthday: { window: 'day' as const },
      checkIn: { rewards: [...E.checkIn.rewards.slice(0, 6), { streakDay: 7, points: 20, couponTemplateId: 'ct7' }], makeUpCostPoints: 30, makeUpPerMonth: 3 },
    };
    expect(previewEngagement(E, after)).toEqual([
      '入会礼 无 → 50 积分 + 1 张券',
      '已入会的会员不补发，新入会的会员按新规则领取',
      '生日礼遇时段 生日当月 → 生日当天',
      '连续签到第 7 天 20 积分 → 20 积分 + 1 张券',
      '补签消耗 20 → 30 积分',
      '每月补签 2 → 3 次',
    ]);
    expect(previewEngagement(E, { ...E, checkIn: { ...E.checkIn, rewards: E.checkIn.rewards.slice(0, 5) } })).toEqual(['连续签到周期 7 → 5 天', '连续签到第 6 天 5 积分 → 无', '连续签到第 7 天 20 积分 → 无']);
    expect(previewEngagement(E, E)).toEqual([]);
  });

  it('tiers: keep threshold, birthday gift, downgrade policy', () => {
    const NO = { pointsMultiplierPercent: 100, discountPercent: 100, birthdayMultiplierPercent: 100, freeItems: [], freeCouponTemplateIds: [] };
    const gold = { code: 'gold', name: '金卡', color: '#c8a04a', threshold: 1000, benefits: NO };
    const before = { tiers: [gold], tierPolicy: { windowMonths: 12, downgradeNoticeDays: 30 } };
    const after = { tiers: [{ ...gold, keepThreshold: 600, benefits: { ...NO, birthdayGift: { points: 200, couponTemplateIds: ['ct1'] } } }], tierPolicy: { windowMonths: 12, downgradeNoticeDays: 30, downgrade: 'one_step' as const } };
    expect(previewTiers(before, after)).toEqual(['金卡保级门槛 同升级门槛 → 600 成长值', '金卡生日礼 无 → 200 积分 + 1 张券', '未达保级门槛时 按成长值定级 → 降一级']);
  });
});

describe('saving the engagement section', () => {
  let cloud: LocalCloud;
  onASeededCloudEachTest((c) => (cloud = c));
  const save = (value: unknown) => callAs(cloud, OPERATOR, 'admin', 'saveRules', { section: 'engagement', value }, requestId());

  it('a valid save is version 1 of its own section and in force at once; the others stay at 0', async () => {
    const ct = await createTemplate(cloud, { channel: 'grant' });
    const saved = await save({ ...E, welcome: { points: 50, couponTemplateIds: [ct] } });
    expect(saved).toMatchObject({ ok: true, data: { section: 'engagement', version: 1, inForce: true, changes: ['入会礼 无 → 50 积分 + 1 张券', '已入会的会员不补发，新入会的会员按新规则领取'] } });
    const brand = await loadBrandSettings(getDb());
    expect(brand.engagement.welcome).toEqual({ points: 50, couponTemplateIds: [ct] });
    expect(brand.ruleVersions).toEqual({ tiers: 0, points: 0, wallet: 0, brand: 0, engagement: 1 });
    const rules = await callAs(cloud, OPERATOR, 'admin', 'getRules', {});
    expect(rules.data.current.engagement).toMatchObject({ version: 1, value: { welcome: { points: 50 } } });
    expect(rules.data.scheduled.engagement).toEqual([]);
  });

  it.each([
    ['a negative make-up cost', { ...E, checkIn: { ...E.checkIn, makeUpCostPoints: -5 } }, 'value.checkIn.makeUpCostPoints'],
    ['a gap in the streak', { ...E, checkIn: { ...E.checkIn, rewards: [{ streakDay: 2, points: 5, couponTemplateId: null }] } }, 'value.checkIn.rewards.0.streakDay'],
    ['a welcome coupon that does not exist', { ...E, welcome: { points: 0, couponTemplateIds: ['ct-nowhere'] } }, 'value.welcome.couponTemplateIds.0'],
    ['a day-7 coupon that does not exist', { ...E, checkIn: { ...E.checkIn, rewards: [{ streakDay: 1, points: 5, couponTemplateId: 'ct-nowhere' }] } }, 'value.checkIn.rewards.0.couponTemplateId'],
    ['a window of a week', { ...E, birthday: { window: 'week' } }, 'value.birthday.window'],
  ])('%s → INVALID_INPUT on %s, nothing saved', async (_name, value, field) => {
    const before = snapshotAll(cloud);
    const answer = await save(value);
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_INPUT', field });
    const after = snapshotAll(cloud);
    for (const name of ['settings', 'rule_versions', 'audit_log']) expect(after[name]).toEqual(before[name]);
  });

  it('a tier birthday gift naming a template that does not exist is refused on its field', async () => {
    const NO = { pointsMultiplierPercent: 100, discountPercent: 100, birthdayMultiplierPercent: 100, freeItems: [], freeCouponTemplateIds: [] };
    const tiers = TEST_BRAND.tiers.map((t, i) => ({ ...t, benefits: { ...NO, ...t.benefits, ...(i === 1 ? { birthdayGift: { points: 10, couponTemplateIds: ['ct-gone'] } } : {}) } }));
    const answer = await callAs(cloud, OPERATOR, 'admin', 'saveRules', { section: 'tiers', value: { tiers, tierPolicy: TEST_BRAND.tierPolicy } }, requestId());
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'value.tiers.1.benefits.birthdayGift.couponTemplateIds.0' });
    const preview = await callAs(cloud, OPERATOR, 'admin', 'previewRules', { section: 'tiers', value: { tiers, tierPolicy: TEST_BRAND.tierPolicy } });
    expect(preview.data.problems).toEqual([{ field: 'tiers.1.benefits.birthdayGift.couponTemplateIds.0', message: '没有编号为 ct-gone 的优惠券模板' }]);
  });
});
