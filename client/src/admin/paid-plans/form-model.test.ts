import type { PlanView } from '@contract';
import { draftFromPlan, emptyPlanDraft, planFromDraft, planFormField } from './form-model';

const filled = { ...emptyPlanDraft(), name: '鹿角月卡', priceYuan: '25', trialOn: true, trialYuan: '9.9', giftPoints: '200', giftCouponIds: ['tpl-gift'], monthlyCouponIds: ['tpl-a', 'tpl-b'], multiplier: '120', memberZhe: '9.5', packValueYuan: '10.5' };

describe('paid plan form', () => {
  test('a filled draft becomes the plan input in fen and percent', () => {
    expect(planFromDraft(filled)).toEqual({
      input: {
        name: '鹿角月卡',
        kind: 'monthly',
        priceFen: 2500,
        trialPriceFen: 990,
        openingGift: { points: 200, couponTemplateIds: ['tpl-gift'] },
        monthlyCouponTemplateIds: ['tpl-a', 'tpl-b'],
        pointsMultiplierPercent: 120,
        memberPricePercent: 95,
        monthlyPackValueFen: 1050,
      },
      problems: [],
    });
  });

  test('no trial, no member price and a pack worth 0 are allowed', () => {
    const { input } = planFromDraft({ ...filled, trialOn: false, memberZhe: '', packValueYuan: '0' });
    expect(input).toMatchObject({ trialPriceFen: null, memberPricePercent: 100, monthlyPackValueFen: 0 });
  });

  test.each([
    // [patch, field, message]
    [{ name: '  ' }, 'name', '请填写会员卡名称'],
    [{ name: '一二三四五六七八九十一二三四五六七八九十一' }, 'name', '名称最多 20 个字'],
    [{ priceYuan: '0' }, 'priceFen', '售价须为大于 0 的金额，最多两位小数'],
    [{ priceYuan: '10000.01' }, 'priceFen', '售价最多 ¥10,000'],
    [{ trialYuan: '25' }, 'trialPriceFen', '首次开通价须低于售价'],
    [{ trialYuan: '' }, 'trialPriceFen', '请填写首次开通价'],
    [{ giftPoints: '100001' }, 'openingGift.points', '开卡礼积分须为 0 到 100,000 的整数'],
    [{ monthlyCouponIds: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'monthlyCouponTemplateIds', '每月券包最多 5 张券'],
    [{ multiplier: '99' }, 'pointsMultiplierPercent', '积分倍率须为 100 到 500 的整数'],
    [{ multiplier: '1.2' }, 'pointsMultiplierPercent', '积分倍率须为 100 到 500 的整数'],
    [{ memberZhe: '4.9' }, 'memberPricePercent', '会员价须为 5 到 9.9 折，例如 9 或 9.5；不打折请留空'],
    [{ packValueYuan: '-1' }, 'monthlyPackValueFen', '每月券包价值须为不小于 0 的金额，最多两位小数'],
  ])('problem %#', (patch, field, message) => {
    const { input, problems } = planFromDraft({ ...filled, ...patch });
    expect(input).toBeNull();
    expect(problems).toContainEqual({ field, message });
  });

  test('an edit starts from the plan as the server holds it', () => {
    const plan: PlanView = {
      planId: 'p1',
      name: '年卡',
      kind: 'annual',
      months: 12,
      priceFen: 19_900,
      trialPriceFen: null,
      openingGift: { points: 0, couponTemplateIds: [] },
      monthlyCouponTemplateIds: ['tpl-a'],
      pointsMultiplierPercent: 150,
      memberPricePercent: 100,
      monthlyPackValueFen: 1005,
      status: 'active',
      benefitsText: [],
    };
    const draft = draftFromPlan(plan);
    expect(draft).toMatchObject({ priceYuan: '199', trialOn: false, memberZhe: '', packValueYuan: '10.05', multiplier: '150' });
    expect(planFromDraft(draft).input).toMatchObject({ priceFen: 19_900, trialPriceFen: null, memberPricePercent: 100, monthlyPackValueFen: 1005 });
  });

  test('server fields are named inside plan', () => {
    expect(planFormField('plan.priceFen')).toBe('priceFen');
    expect(planFormField('planId')).toBe('planId');
    expect(planFormField(undefined)).toBeNull();
  });
});
