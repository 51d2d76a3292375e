import type { LocalCloud } from '../../scripts/local-cloud';
import { checkLedger } from '../../cloudfunctions/core/ledger/check';
import { callAs } from '../support/cloud';
import { CASHIER, OPERATOR, memberCode, register, requestId, onASeededCloudEachTest, setClock } from '../support/world';
import { giveQuota } from '../notify/support';

// Time-driven rules through the cron function: expiry reminders, tier evaluation with its
// notice, and an operator's override that ends. A subscribe message needs the member's consent
// (one message per accept, core/notify/quota.ts): members expected to hear are given it.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const tick = () => cloud.host.invoke('cron', { Type: 'Timer', TriggerName: 't', Time: '' }, { source: 'timer' }) as Promise<any>;
const member = (id: string) => cloud.db.dump('members').find((m: { _id: string }) => m._id === id);
async function buy(openid: string, amountFen: number) {
  const code = await memberCode(cloud, openid);
  const result = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen }, requestId());
  expect(result.ok).toBe(true);
  return result.data;
}

it('reminds a member once, 30 days before their points expire', async () => {
  setClock('2026-03-10T04:00:00Z');
  await register(cloud, 'openid-M');
  await giveQuota(cloud, 'openid-M', { 'local-template-points-expiry': 1 });
  await buy('openid-M', 20_00); // expires 2027-12-31
  setClock('2027-11-15T04:00:00Z'); // 47 days before: too early
  await tick();
  expect(cloud.db.dump('outbox')).toHaveLength(0);
  setClock('2027-12-05T04:00:00Z'); // 27 days before
  await tick();
  await tick();
  const outbox = cloud.db.dump('outbox');
  expect(outbox).toHaveLength(1);
  expect(outbox[0]).toMatchObject({ touser: 'openid-M', data: { thing1: { value: '20 积分即将过期' }, date2: { value: '2027-12-31' } } });
});

it('reminds every member whose points expire at the same moment, past one batch of 100', async () => {
  setClock('2026-03-10T04:00:00Z');
  const members = 105;
  for (let i = 0; i < members; i++) {
    const { memberNo } = await register(cloud, `openid-R${i}`);
    await giveQuota(cloud, `openid-R${i}`, { 'local-template-points-expiry': 1 });
    const grant = await callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: 10, reason: '测试发放' }, requestId());
    expect(grant.ok).toBe(true); // every bucket ends 2027-12-31
  }
  setClock('2027-12-05T04:00:00Z');
  await tick();
  setClock('2027-12-05T04:15:00Z');
  await tick();
  const reminded = cloud.db.dump('outbox').map((m: { touser: string }) => m.touser);
  expect(new Set(reminded).size).toBe(members);
  expect(reminded).toHaveLength(members);
});

it('announces a downgrade 30 days ahead, then lowers the tier at the next evaluation', async () => {
  setClock('2026-01-10T04:00:00Z');
  const { memberId } = await register(cloud, 'openid-M');
  await giveQuota(cloud, 'openid-M', { 'local-template-tier-change': 1 });
  const purchase = await buy('openid-M', 1200_00);
  expect(purchase.upgraded).toBe(true);
  expect(member(memberId).tierCode).toBe('gold');

  setClock('2026-12-01T04:00:00Z'); // review date; growth still inside the 12-month window
  await tick();
  expect(member(memberId)).toMatchObject({ tierCode: 'gold', downgradeNotice: null });

  setClock('2027-02-01T04:00:00Z'); // the January 2026 growth has left the window
  await tick();
  const noticed = member(memberId);
  expect(noticed.tierCode).toBe('gold');
  expect(noticed.downgradeNotice.toCode).toBe('green');
  expect(cloud.db.dump('outbox').map((m: { touser: string }) => m.touser)).toContain('openid-M');
  const info = await callAs(cloud, 'openid-M', 'member', 'tierInfo');
  expect(info.data.downgradeNotice.to.code).toBe('green');

  setClock('2027-03-04T04:00:00Z'); // notice period over
  await tick();
  expect(member(memberId)).toMatchObject({ tierCode: 'green', downgradeNotice: null, tierReviewAt: null });
  expect(checkLedger(cloud.db.dump('accounts'), cloud.db.dump('ledger_entries'))).toEqual([]);
});

it('holds a tier for 12 whole months after the month that earned it', async () => {
  setClock('2026-01-31T14:00:00Z'); // 22:00 on 31 January in Shanghai
  const { memberId } = await register(cloud, 'openid-M');
  expect((await buy('openid-M', 1200_00)).upgraded).toBe(true);

  // The review on 1 January judges the 12 months that just ended, which hold the purchase.
  setClock('2027-01-01T00:30:00Z');
  await tick();
  expect(member(memberId)).toMatchObject({ tierCode: 'gold', downgradeNotice: null });
  setClock('2027-01-31T01:00:00Z');
  await tick();
  expect(member(memberId).tierCode).toBe('gold');

  // On 1 February neither window holds it: the notice goes out, 30 days ahead.
  setClock('2027-02-01T00:30:00Z');
  await tick();
  expect(member(memberId)).toMatchObject({ tierCode: 'gold', downgradeNotice: { toCode: 'green' } });
});

it('keeps an operator override until its end date, never as a silent floor', async () => {
  setClock('2026-05-01T04:00:00Z');
  const { memberId, memberNo } = await register(cloud, 'openid-M');
  const until = '2026-07-01T00:00:00+08:00';
  const set = await callAs(cloud, OPERATOR, 'admin', 'setTierOverride', { memberNo, tierCode: 'black', until, reason: '合作伙伴' }, requestId());
  expect(set.ok).toBe(true);
  expect((await callAs(cloud, 'openid-M', 'member', 'me')).data.tier.code).toBe('black');
  // The override's multiplier applies while it lasts: ×2 for black.
  expect((await buy('openid-M', 10_00)).pointsEarned).toBe(20);

  setClock('2026-07-02T04:00:00Z');
  expect((await callAs(cloud, 'openid-M', 'member', 'me')).data.tier.code).toBe('green');
  await tick();
  expect(member(memberId)).toMatchObject({ tierOverride: null, tierCode: 'green' });

  const late = await callAs(cloud, OPERATOR, 'admin', 'setTierOverride', { memberNo, tierCode: 'black', until: '2026-01-01T00:00:00+08:00', reason: '过去' }, requestId());
  expect(late).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'until' });
});
