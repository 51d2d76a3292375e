import type { LocalCloud } from '../../scripts/local-cloud';
import { seedDemoBrand } from '../../scripts/seed/demo-brand';
import { startTestCloud } from '../support/cloud';

// The demo brand's paid plans: 月卡 ¥19.9 (trial ¥9.9), 季卡 ¥54, 年卡 ¥199, seeded through the
// admin function; seeding twice replays instead of adding.

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => cloud.close());

it('seeds three plans with a two-coupon monthly pack, once', async () => {
  await seedDemoBrand(cloud);
  await seedDemoBrand(cloud);
  const plans = (cloud.db.dump('paid_plans') as any[]).map((p) => [p.name, p.priceFen, p.trialPriceFen, p.memberPricePercent, p.pointsMultiplierPercent, p.monthlyCouponTemplateIds.length]);
  expect(plans).toEqual([
    ['月卡', 1990, 990, 95, 120, 2],
    ['季卡', 5400, null, 95, 120, 2],
    ['年卡', 19900, null, 95, 120, 2],
  ]);
}, 60_000);
