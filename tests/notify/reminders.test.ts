import type { LocalCloud } from '../../scripts/local-cloud';
import { couponExpiryReminderJob } from '../../cloudfunctions/core/coupons/expiry-reminders';
import { expiryReminderJob } from '../../cloudfunctions/core/points/reminder-job';
import { jobContext } from '../overview/support';
import { callAs } from '../support/cloud';
import { OPERATOR, onASeededCloudEachTest, register, requestId, setClock } from '../support/world';
import { createTemplate } from '../coupons/helpers';
import { giveQuota } from './support';

// The reminders go through the quota: a member who accepted the template hears (and spends one),
// a member who did not is skipped, counted, and still marked reminded (the job does not come back).

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const dump = (name: string) => cloud.db.dump(name) as any[];
const counter = (id: string) => dump('notify_counters').find((c) => c._id === id);

it('points expiry: the member with quota is reminded, the one without is skipped and counted', async () => {
  setClock('2026-03-10T04:00:00Z');
  const consenting = await register(cloud, 'openid-yes');
  const silent = await register(cloud, 'openid-no');
  await giveQuota(cloud, 'openid-yes', { 'local-template-points-expiry': 1 });
  for (const { memberNo } of [consenting, silent]) {
    const grant = await callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: 10, reason: '测试发放' }, requestId());
    expect(grant.ok).toBe(true); // buckets end 2027-12-31
  }
  setClock('2027-12-05T04:00:00Z');
  expect(await expiryReminderJob.run(jobContext(), Date.now() + 20_000)).toMatchObject({ processed: 2, done: true });
  expect(dump('outbox').map((m) => m.touser)).toEqual(['openid-yes']);
  expect(counter('pointsExpiry:2027-12-05')).toMatchObject({ sent: 1, skippedNoQuota: 1 });
  expect(dump('subscribe_quotas').find((q) => q._id === consenting.memberId).quotas.pointsExpiry).toBe(0);
  // Both accounts are marked announced: a second run sends and counts nothing more.
  await expiryReminderJob.run(jobContext(), Date.now() + 20_000);
  expect(dump('outbox')).toHaveLength(1);
  expect(counter('pointsExpiry:2027-12-05')).toMatchObject({ sent: 1, skippedNoQuota: 1 });
});

it('coupon expiry: only the member who accepted that template hears; another template\'s quota does not count', async () => {
  setClock('2026-06-10T02:00:00Z');
  await register(cloud, 'openid-yes');
  await register(cloud, 'openid-other');
  await giveQuota(cloud, 'openid-yes', { 'local-template-coupon-expiry': 1 });
  await giveQuota(cloud, 'openid-other', { 'local-template-points-expiry': 1 });
  const templateId = await createTemplate(cloud, { validity: { type: 'days_after_claim', days: 7, startNextDay: false } });
  for (const openid of ['openid-yes', 'openid-other']) expect((await callAs(cloud, openid, 'member', 'claimCoupon', { templateId }, requestId())).ok).toBe(true);
  setClock('2026-06-13T02:00:00Z');
  await couponExpiryReminderJob.run(jobContext(), Date.now() + 20_000);
  expect(dump('outbox').map((m) => m.touser)).toEqual(['openid-yes']);
  expect(counter('couponExpiry:2026-06-13')).toMatchObject({ sent: 1, skippedNoQuota: 1 });
  expect(dump('coupons').every((c) => c.remindedAt)).toBe(true);
});
