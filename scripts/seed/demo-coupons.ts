import { DEMO_MEMBER_OPENID, DEMO_OPERATOR_OPENID } from './identities';

// The demo brand's coupons: three to claim in 领券中心, two gift items in 积分商城, made through
// the admin function as the owner would make them. Request ids are fixed, so seeding again
// replays the first answers instead of making more. The demo member holds two of them.

const DAYS = (days: number) => ({ type: 'days_after_claim', days, startNextDay: false });
const common = { storeIds: null, minTierCode: null, stackable: false, channel: 'center', pointsCost: null, perMemberPerDayLimit: null };

export const DEMO_COUPONS = {
  fullReduction: { ...common, name: '满100减20', description: '全场饮品与甜点可用', benefit: { kind: 'amount_off', amountFen: 2000, thresholdFen: 10000 }, validity: DAYS(14), stock: 500, perMemberLimit: 1 },
  noThreshold: { ...common, name: '无门槛5元券', benefit: { kind: 'no_threshold', amountFen: 500 }, validity: DAYS(7), stackable: true, stock: 1000, perMemberLimit: 2, perMemberPerDayLimit: 1 },
  goldPercent: { ...common, name: '金卡专享8折', benefit: { kind: 'percent_off', ratePercent: 80, capFen: 3000 }, validity: DAYS(30), minTierCode: 'gold', stock: 200, perMemberLimit: 1 },
  mug: { ...common, name: '鹿角马克杯', description: '到店出示券码领取', benefit: { kind: 'gift_item', itemName: '鹿角马克杯' }, validity: DAYS(30), channel: 'mall', pointsCost: 800, stock: 50, perMemberLimit: 1 },
  latte: { ...common, name: '中杯拿铁兑换券', benefit: { kind: 'gift_item', itemName: '中杯拿铁' }, validity: DAYS(30), channel: 'mall', pointsCost: 300, stock: 200, perMemberLimit: 2 },
} as const;

type Invoke = (openid: string, fn: string, action: string, data: unknown, requestId?: string) => Promise<any>;

export async function seedDemoCoupons(invoke: Invoke): Promise<void> {
  const ids: Record<string, string> = {};
  for (const [key, template] of Object.entries(DEMO_COUPONS)) {
    ids[key] = (await invoke(DEMO_OPERATOR_OPENID, 'admin', 'createCouponTemplate', template, `seed-coupon-${key}`)).templateId;
  }
  for (const key of ['fullReduction', 'noThreshold'] as const) {
    await invoke(DEMO_MEMBER_OPENID, 'member', 'claimCoupon', { templateId: ids[key] }, `seed-claim-${key}`);
  }
}
