import type { LocalCloud } from '../../scripts/local-cloud';
import { couponExpiryReminderJob, lastValidDay, reminderAction, reminderHorizon, remindFrom } from '../../cloudfunctions/core/coupons/expiry-reminders';
import { jobContext } from '../overview/support';
import { callAs } from '../support/cloud';
import { onASeededCloudEachTest, register, requestId, sdkDb, setClock } from '../support/world';
import { createTemplate } from './helpers';
import { giveQuota } from '../notify/support';

/** The test clock is an offset from the real one, so a moment the server stamps is the set moment plus the milliseconds the call took. */
function expectMoment(actual: Date, expected: string): void {
  const late = new Date(actual).getTime() - Date.parse(expected);
  expect(late).toBeGreaterThanOrEqual(0);
  expect(late).toBeLessThan(5_000);
}

// Coupon expiry reminders: a subscribe message (locally: a document in `outbox`) three brand-zone
// days before a coupon's last valid day, once per coupon; the brand's day, not UTC's, decides.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const M = 'openid-forgetful';
const dump = (name: string) => cloud.db.dump(name) as any[];
const TZ = 'Asia/Shanghai';

async function tickAt(at: string) {
  setClock(at);
  return couponExpiryReminderJob.run(jobContext(), Date.now() + 20_000);
}

async function claim(templateId: string, openid = M): Promise<string> {
  const answer = await callAs(cloud, openid, 'member', 'claimCoupon', { templateId }, requestId());
  if (!answer.ok) throw new Error(JSON.stringify(answer));
  return answer.data.couponId;
}

it('reminds once, at the start of the brand day three days before the last day (still the day before in UTC)', async () => {
  // Claimed 2026-06-10 10:00 Shanghai, valid 7 days: until 2026-06-17 00:00 Shanghai (16:00Z on the 16th), last day the 16th.
  setClock('2026-06-10T02:00:00Z');
  await register(cloud, M);
  await giveQuota(cloud, M, { 'local-template-coupon-expiry': 1 }); // one accepted subscription: one message (notify/quota.ts)
  const templateId = await createTemplate(cloud, { name: '满100减20', validity: { type: 'days_after_claim', days: 7, startNextDay: false } });
  const couponId = await claim(templateId);
  expect(dump('coupons')[0].validUntil).toEqual(new Date('2026-06-16T16:00:00Z'));

  // 2026-06-12 23:59 Shanghai: four days ahead, nothing yet.
  expect(await tickAt('2026-06-12T15:59:00Z')).toMatchObject({ processed: 0, done: true });
  expect(dump('outbox')).toHaveLength(0);

  // 2026-06-13 00:00 Shanghai (UTC: still the 12th): due.
  expect(await tickAt('2026-06-12T16:00:00Z')).toMatchObject({ processed: 1, done: true });
  expect(dump('outbox')).toEqual([
    expect.objectContaining({ touser: M, templateId: 'local-template-coupon-expiry', page: `member/coupon/index?id=${couponId}`, data: { thing1: { value: '满100减20' }, date2: { value: '2026-06-16' } } }),
  ]);
  expectMoment(dump('coupons')[0].remindedAt, '2026-06-12T16:00:00Z');

  // Later ticks, up to the last day: nothing more.
  await tickAt('2026-06-14T04:00:00Z');
  await tickAt('2026-06-16T15:00:00Z');
  expect(dump('outbox')).toHaveLength(1);
});

it('skips used and ended coupons, and only marks one issued already inside its reminder window', async () => {
  setClock('2026-06-10T02:00:00Z');
  await register(cloud, M);
  await giveQuota(cloud, M, { 'local-template-coupon-expiry': 1 }); // one accepted subscription: one message (notify/quota.ts)
  const week = await createTemplate(cloud, { name: '七天券', validity: { type: 'days_after_claim', days: 7, startNextDay: false }, perMemberLimit: 2 });
  const short = await createTemplate(cloud, { name: '两天券', validity: { type: 'days_after_claim', days: 2, startNextDay: false } });
  const used = await claim(week);
  await claim(week);
  const brief = await claim(short);
  await sdkDb().collection('coupons').doc(used).update({ data: { status: 'used' } });

  // 2026-06-11 10:00 Shanghai: the two-day coupon (last day the 11th) was due from the start, never announced.
  await tickAt('2026-06-11T02:00:00Z');
  expect(dump('outbox')).toHaveLength(0);
  expectMoment(dump('coupons').find((c) => c._id === brief).remindedAt, '2026-06-11T02:00:00Z');

  // 2026-06-13 10:00 Shanghai: the available seven-day coupon only.
  await tickAt('2026-06-13T02:00:00Z');
  expect(dump('outbox').map((m) => m.data.thing1.value)).toEqual(['七天券']);
  expect(dump('coupons').find((c) => c._id === used).remindedAt).toBeUndefined();

  // After the end, an unreminded coupon is not reminded (nothing to save).
  await register(cloud, 'openid-late');
  const late = await claim(short, 'openid-late');
  await tickAt('2026-06-20T02:00:00Z');
  expect(dump('coupons').find((c) => c._id === late).remindedAt).toBeUndefined();
  expect(dump('outbox')).toHaveLength(1);
});

it.each([
  // validUntil (exclusive end), now → last day, remind from, horizon at now
  ['2026-06-16T16:00:00Z', '2026-06-12T16:00:00Z', '2026-06-16', '2026-06-12T16:00:00.000Z', '2026-06-16T16:00:00.000Z'],
  // A fixed window ending 23:59:59.999 Shanghai on the 30th: last day the 30th, reminded from the 27th.
  ['2026-06-30T15:59:59.999Z', '2026-06-26T15:59:00Z', '2026-06-30', '2026-06-26T16:00:00.000Z', '2026-06-29T16:00:00.000Z'],
  // Ending at 08:00 Shanghai on July 1st: July 1st is its last day.
  ['2026-07-01T00:00:00Z', '2026-06-27T16:00:00Z', '2026-07-01', '2026-06-27T16:00:00.000Z', '2026-07-01T16:00:00.000Z'],
])('until %s at %s: last day %s, remind from %s, horizon %s', (until, now, last, from, horizon) => {
  expect(lastValidDay(new Date(until), TZ)).toBe(last);
  expect(remindFrom(new Date(until), TZ).toISOString()).toBe(from);
  expect(reminderHorizon(new Date(now), TZ).toISOString()).toBe(horizon);
});

it.each([
  ['2026-06-10T02:00:00Z', '2026-06-16T16:00:00Z', 'send'],
  ['2026-06-12T15:59:59Z', '2026-06-16T16:00:00Z', 'send'],
  ['2026-06-12T16:00:00Z', '2026-06-16T16:00:00Z', 'mark'],
])('a coupon issued %s ending %s: %s', (createdAt, validUntil, action) => {
  expect(reminderAction({ createdAt: new Date(createdAt), validUntil: new Date(validUntil) }, TZ)).toBe(action);
});
