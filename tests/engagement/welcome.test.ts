import type { LocalCloud } from '../../scripts/local-cloud';
import { welcomeGiftsJob } from '../../cloudfunctions/core/engagement/welcome';
import { createTemplate } from '../coupons/helpers';
import { jobContext } from '../overview/support';
import { callAs } from '../support/cloud';
import { balances, onASeededCloudEachTest, register, sdkDb, setClock } from '../support/world';
import { dumpOf, saveEngagement } from './support';

// The welcome gift: 50 points and a coupon, once per member — given right after the
// registration commits, the welcome-gifts job settling what that left, however often either runs.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));
const dump = (name: string) => dumpOf(cloud)(name);
const tick = () => welcomeGiftsJob.run(jobContext(), Date.now() + 20_000);
const member = (id: string) => dump('members').find((m) => m._id === id);

async function welcomeOf(points: number): Promise<string> {
  const templateId = await createTemplate(cloud, { name: '入会礼券', channel: 'grant', stock: 100 });
  await saveEngagement(cloud, { welcome: { points, couponTemplateIds: [templateId] } });
  return templateId;
}

it('joining gives 50 points and the coupon at once; the job and a second me give nothing more', async () => {
  const templateId = await welcomeOf(50);
  const { memberId } = await register(cloud, 'openid-new');
  expect(balances(cloud, memberId).points).toBe(50);
  expect(dump('coupons')).toEqual([expect.objectContaining({ memberId, templateId, source: 'welcome' })]);
  expect(member(memberId)).toMatchObject({ welcomeGiftPending: false, welcomeGiftPendingAt: null });
  const [entry] = dump('ledger_entries').filter((e) => e.memberId === memberId);
  expect(entry).toMatchObject({ asset: 'points', amount: 50, kind: 'grant', reason: '入会礼', source: { type: 'welcome' } });

  expect(await tick()).toMatchObject({ processed: 0, done: true });
  await callAs(cloud, 'openid-new', 'member', 'me');
  expect(balances(cloud, memberId).points).toBe(50);
  expect(dump('coupons')).toHaveLength(1);
});

it('registration raced 10 times: one member, one gift; the job run twice after: still one', async () => {
  await welcomeOf(50);
  const answers = await Promise.all(Array.from({ length: 10 }, () => callAs(cloud, 'openid-racer', 'member', 'me')));
  expect(answers.every((a) => a.ok)).toBe(true);
  const members = dump('members').filter((m) => m.openid === 'openid-racer');
  expect(members).toHaveLength(1);
  await tick();
  await tick();
  expect(balances(cloud, members[0]._id).points).toBe(50);
  expect(dump('coupons')).toHaveLength(1);
  expect(dump('ledger_entries').filter((e) => e.source.type === 'welcome')).toHaveLength(1);
});

it('a gift left pending (the process died after the commit) is given by the job once, as the rules at joining named it', async () => {
  // A member whose registration committed its mark but never got to give the gift: joined (as
  // far as the mark says) after the 50-point rules were saved.
  const { memberId } = await register(cloud, 'openid-crash');
  const templateId = await welcomeOf(50);
  await sdkDb().collection('members').doc(memberId).update({ data: { welcomeGiftPending: true, welcomeGiftPendingAt: new Date(), welcomeGift: { points: 50, couponTemplateIds: [templateId] } } });
  // The rules change after joining: the member still gets what they joined under.
  await saveEngagement(cloud, { welcome: { points: 80, couponTemplateIds: [] } });

  const [first, second] = await Promise.all([tick(), tick()]);
  expect((first.failed ?? 0) + (second.failed ?? 0)).toBe(0);
  await tick();
  expect(balances(cloud, memberId).points).toBe(50);
  expect(dump('coupons')).toEqual([expect.objectContaining({ memberId, templateId, source: 'welcome' })]);
  expect(member(memberId)).toMatchObject({ welcomeGiftPending: false, welcomeGiftPendingAt: null, welcomeGift: null });

  // Joining under the new rules: 80 points, no coupon.
  const later = await register(cloud, 'openid-later');
  expect(balances(cloud, later.memberId).points).toBe(80);
  expect(dump('coupons')).toHaveLength(1);
});

it('no welcome gift in the rules: no mark, nothing given', async () => {
  const { memberId } = await register(cloud, 'openid-plain');
  expect(member(memberId).welcomeGiftPending).toBeUndefined();
  expect(balances(cloud, memberId).points).toBe(0);
  expect(await tick()).toMatchObject({ processed: 0, done: true });
});

it('a coupon out of stock is recorded for an operator; the points are given and the mark cleared', async () => {
  const scarce = await createTemplate(cloud, { channel: 'grant', stock: 1 });
  await saveEngagement(cloud, { welcome: { points: 50, couponTemplateIds: [scarce] } });
  const first = await register(cloud, 'openid-first');
  const second = await register(cloud, 'openid-second');
  expect(dump('coupons').map((c) => c.memberId)).toEqual([first.memberId]);
  expect(balances(cloud, second.memberId).points).toBe(50);
  expect(member(second.memberId).welcomeGiftPending).toBe(false);
  expect(dump('job_failures')).toEqual([expect.objectContaining({ job: 'welcome-gifts', subject: `${second.memberId}:${scarce}`, error: 'OUT_OF_STOCK 已经被领完了' })]);
});

it('the gift is the registration moment\'s (a time-zone independent moment), and the job reads only marked members', async () => {
  setClock('2026-05-01T00:00:00+08:00');
  await welcomeOf(50);
  const { memberId } = await register(cloud, 'openid-may');
  expect(new Date(dump('ledger_entries').find((e) => e.memberId === memberId).createdAt).getTime()).toBeGreaterThanOrEqual(new Date('2026-05-01T00:00:00+08:00').getTime());
  expect(balances(cloud, memberId).points).toBe(50);
});
