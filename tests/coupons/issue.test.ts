import { issueCoupon } from '../../cloudfunctions/core/coupons/claim';
import type { LocalCloud } from '../../scripts/local-cloud';
import { jobContext } from '../overview/support';
import { onASeededCloudEachTest, register } from '../support/world';
import { createTemplate } from './helpers';

// The internal issue API other capabilities call (tier gifts, birthday, referral, bulk issue).

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const dump = (name: string) => cloud.db.dump(name) as any[];

it('issued twice with one key, sequentially or at once, gives one coupon and the same answer', async () => {
  const templateId = await createTemplate(cloud, { stock: 10, perMemberLimit: 5 });
  const { memberId } = await register(cloud, 'openid-gifted');
  const first = await issueCoupon(jobContext(), { memberId, templateId, key: 'tier-gift:gold:2026-06', source: 'tier_gift' });
  const again = await issueCoupon(jobContext(), { memberId, templateId, key: 'tier-gift:gold:2026-06', source: 'tier_gift' });
  expect(again).toEqual(first);
  const racing = await Promise.all(Array.from({ length: 10 }, () => issueCoupon(jobContext(), { memberId, templateId, key: 'birthday:2026', source: 'birthday' })));
  expect(new Set(racing.map((r) => r.couponId)).size).toBe(1);
  expect(dump('coupons').map((c) => c.source).sort()).toEqual(['birthday', 'tier_gift']);
  expect(dump('coupon_claims')).toMatchObject([{ memberId, total: 2 }]);
});

it('keeps the template’s stock and limits, and refuses with typed errors', async () => {
  const templateId = await createTemplate(cloud, { stock: 1, perMemberLimit: 1 });
  const { memberId } = await register(cloud, 'openid-gifted');
  const other = await register(cloud, 'openid-other');
  await issueCoupon(jobContext(), { memberId, templateId, key: 'k1' });
  await expect(issueCoupon(jobContext(), { memberId, templateId, key: 'k2' })).rejects.toMatchObject({ code: 'CLAIM_LIMIT_REACHED' });
  await expect(issueCoupon(jobContext(), { memberId: other.memberId, templateId, key: 'k3' })).rejects.toMatchObject({ code: 'OUT_OF_STOCK' });
  await expect(issueCoupon(jobContext(), { memberId: 'no-such-member', templateId, key: 'k4' })).rejects.toMatchObject({ code: 'MEMBER_NOT_FOUND' });
  await expect(issueCoupon(jobContext(), { memberId, templateId: 'ct-none', key: 'k5' })).rejects.toMatchObject({ code: 'COUPON_TEMPLATE_NOT_FOUND' });
  expect(dump('coupons')).toHaveLength(1);
});

it('is no action of any cloud function: clients cannot reach it', () => {
  const { contract } = require('../../cloudfunctions/core/contract');
  for (const actions of Object.values(contract)) expect(Object.keys(actions as object).filter((name) => /issue/i.test(name) && !/couponIssue/i.test(name))).toEqual([]);
});
