import { DEMO_OPERATOR_OPENID } from './identities';

// The demo brand's paid membership (付费会员卡), made through the admin function as the owner would:
// 月卡 ¥19.9 (trial ¥9.9), 季卡 ¥54, 年卡 ¥199; 9.5折 member price, ×1.2 points, and a monthly
// pack of two grant-only demo coupons. Request ids are fixed, so seeding again replays the first answers.

const DAYS = (days: number) => ({ type: 'days_after_claim', days, startNextDay: false }) as const;
const packCoupon = { description: null, storeIds: null, minTierCode: null, stackable: false, channel: 'grant', stock: 100_000, perMemberLimit: 100, perMemberPerDayLimit: null } as const;

export const DEMO_PACK_TEMPLATES = {
  packCoffee: { ...packCoupon, name: '会员月包·满30减8', benefit: { kind: 'amount_off', amountFen: 800, thresholdFen: 3000 }, validity: DAYS(30) },
  packCake: { ...packCoupon, name: '会员月包·甜点无门槛3元', benefit: { kind: 'no_threshold', amountFen: 300 }, validity: DAYS(30) },
} as const;

type Invoke = (openid: string, fn: string, action: string, data: unknown, requestId?: string) => Promise<any>;

export async function seedDemoMembership(invoke: Invoke): Promise<void> {
  const ids: string[] = [];
  for (const [key, template] of Object.entries(DEMO_PACK_TEMPLATES)) {
    const { description: _none, ...input } = template;
    ids.push((await invoke(DEMO_OPERATOR_OPENID, 'admin', 'createCouponTemplate', input, `seed-membership-${key}`)).templateId);
  }
  const common = {
    openingGift: { points: 200, couponTemplateIds: [] as string[] },
    monthlyCouponTemplateIds: ids,
    pointsMultiplierPercent: 120,
    memberPricePercent: 95,
    monthlyPackValueFen: 1100,
  };
  const plans = {
    monthly: { ...common, name: '月卡', kind: 'monthly', priceFen: 1990, trialPriceFen: 990 },
    quarterly: { ...common, name: '季卡', kind: 'quarterly', priceFen: 5400, trialPriceFen: null },
    annual: { ...common, name: '年卡', kind: 'annual', priceFen: 19900, trialPriceFen: null },
  };
  for (const [key, plan] of Object.entries(plans)) {
    await invoke(DEMO_OPERATOR_OPENID, 'admin', 'savePaidPlan', { plan }, `seed-plan-${key}`);
  }
}
