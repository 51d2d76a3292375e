import type { LocalCloud } from '../../scripts/local-cloud';
import { seedDemoBrand } from '../../scripts/seed/demo-brand';
import { callAs, startTestCloud } from '../support/cloud';

// The demo brand's gifts: a new member gets 50 points and the 入会礼 coupon; every tier has a
// birthday gift; gold is kept with 600 growth; seeding twice changes nothing.

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => cloud.close());

it('seeds the welcome gift, birthday gifts, gold 保级 and the month window, once; 小鹿 is not given a welcome gift', async () => {
  await seedDemoBrand(cloud);
  const deer = (cloud.db.dump('members') as any[])[0];
  const deerPoints = (cloud.db.dump('accounts') as any[]).find((a) => a._id === `${deer._id}:points`).balance;
  await seedDemoBrand(cloud);
  const [brand] = cloud.db.dump('settings') as any[];
  expect(brand.engagement.welcome.points).toBe(50);
  expect(brand.engagement.birthday).toEqual({ window: 'month' });
  expect(brand.tiers.map((t: any) => [t.code, t.keepThreshold ?? null, t.benefits.birthdayGift.points])).toEqual([
    ['green', null, 50],
    ['gold', 600, 200],
    ['black', null, 500],
  ]);
  expect(brand.tierPolicy.downgrade).toBe('one_step');
  expect((cloud.db.dump('coupon_templates') as any[]).filter((t) => t.name === '入会礼 无门槛10元券')).toHaveLength(1);
  expect((cloud.db.dump('accounts') as any[]).find((a) => a._id === `${deer._id}:points`).balance).toBe(deerPoints);

  const me = await callAs(cloud, 'openid-newcomer', 'member', 'me');
  expect(me.data.balances.points).toBe(50);
  expect((cloud.db.dump('coupons') as any[]).filter((c) => c.source === 'welcome')).toHaveLength(1);
}, 60_000);
