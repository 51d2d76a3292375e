import type { LocalCloud } from '../../../scripts/local-cloud';
import { callAs } from '../../support/cloud';
import { CASHIER, account, balances, memberCode, onASeededCloudEachTest, register, requestId, sdkDb, seedWorld, setClock } from '../../support/world';
import { giveQuota } from '../../notify/support';

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const tick = () => cloud.host.invoke('cron', { Type: 'Timer', TriggerName: 't', Time: '' }, { source: 'timer' }) as Promise<any>;
async function buy(openid: string, amountFen: number) {
  const result = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await memberCode(cloud, openid), amountFen }, requestId());
  expect(result.ok).toBe(true);
  return result.data;
}
const outboxFor = (openid: string) => cloud.db.dump('outbox').filter((m: { touser: string }) => m.touser === openid);

// Under an "N days" policy every purchase day is a bucket of its own. The reminder job announced
// only a member's earliest bucket and moved its cursor past the member, so the later buckets
// were never announced.
describe('reminders under an N-days expiry policy', () => {
  it('announces each bucket when it comes within the reminder window', async () => {
    await seedWorld({ points: { pointsPerYuan: 1, growthPerYuan: 1, minOrderFen: 100, dailyCapPoints: null, expiry: { type: 'days', days: 60 }, reminderDays: 10 } });
    setClock('2026-03-01T04:00:00Z');
    await register(cloud, 'openid-A');
    // Three reminders are expected: three accepted subscriptions (one message each, notify/quota.ts).
    await giveQuota(cloud, 'openid-A', { 'local-template-points-expiry': 3 });
    await buy('openid-A', 1_000); // 10 points, bucket 2026-04-30
    setClock('2026-03-03T04:00:00Z');
    await buy('openid-A', 2_000); // 20 points, bucket 2026-05-02
    setClock('2026-03-20T04:00:00Z');
    await buy('openid-A', 4_000); // 40 points, bucket 2026-05-19

    setClock('2026-04-21T04:00:00Z'); // 2026-04-30 within 10 days; 05-02 not yet
    await tick();
    expect(outboxFor('openid-A').map((m: any) => [m.data.thing1.value, m.data.date2.value])).toEqual([['10 积分即将过期', '2026-04-30']]);
    setClock('2026-04-23T04:00:00Z'); // 05-02 within 10 days; 04-30 not yet expired
    await tick();
    setClock('2026-05-10T04:00:00Z'); // 04-30 and 05-02 have expired; 05-19 within 10 days
    await tick();
    await tick();
    expect(outboxFor('openid-A').map((m: any) => [m.data.thing1.value, m.data.date2.value])).toEqual([
      ['10 积分即将过期', '2026-04-30'],
      ['20 积分即将过期', '2026-05-02'],
      ['40 积分即将过期', '2026-05-19'],
    ]);
  });
});

// One account the expiry job could not post failed the whole tick, every tick, so no reminder
// and no tier review ever ran again for anyone.
describe('a job failure stays with its member', () => {
  it('expires, reminds and reviews everyone else, and records the failure', async () => {
    // The function logs the failure; keep the minified bundle's source line out of the output.
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    setClock('2026-03-01T04:00:00Z');
    const broken = await register(cloud, 'openid-broken');
    const fine = await register(cloud, 'openid-fine');
    const upgraded = await register(cloud, 'openid-gold');
    await buy('openid-broken', 5_000);
    await buy('openid-fine', 5_000); // 50 points, bucket 2027-12-31
    await buy('openid-gold', 120_000); // gold, reviewed monthly
    // A corrupt account: its bucket holds more than its balance, so expiring it would go negative.
    await sdkDb().collection('accounts').doc(`${broken.memberId}:points`).update({ data: { balance: 10 } });

    setClock('2028-01-02T04:00:00Z');
    const answer = await tick();
    expect(answer.ok).toBe(true);
    expect(answer.data.jobs.find((j: { name: string }) => j.name === 'points-expiry')).toMatchObject({ processed: 2, failed: 1 });
    expect(balances(cloud, fine.memberId).points).toBe(0);
    expect(account(cloud, broken.memberId, 'points').balance).toBe(10);
    // The tier review still ran: a year on with no growth, gold is announced to end.
    expect(cloud.db.dump('members').find((m: { _id: string }) => m._id === upgraded.memberId).downgradeNotice).not.toBeNull();
    const failures = cloud.db.dump('job_failures');
    expect(failures).toEqual([expect.objectContaining({ job: 'points-expiry', subject: `${broken.memberId}:points`, attempts: 1 })]);

    await tick();
    expect(cloud.db.dump('job_failures')).toEqual([expect.objectContaining({ attempts: 2 })]);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining(`job points-expiry failed for ${broken.memberId}:points`), expect.anything());
    logged.mockRestore();
  });
});
