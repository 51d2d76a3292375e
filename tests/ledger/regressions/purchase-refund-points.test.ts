import type { LocalCloud } from '../../../scripts/local-cloud';
import { checkLedger } from '../../../cloudfunctions/core/ledger/check';
import { callAs } from '../../support/cloud';
import { CASHIER, OPERATOR, account, balances, memberCode, onASeededCloudEachTest, register, requestId, sdkDb, setClock } from '../../support/world';

// A purchase refund takes the purchase's own points back, from the bucket they went into, and
// the answer does not depend on whether the expiry job ran first. Expected numbers are worked
// out by hand in the comments: policy 1 point per yuan, expiry at the end of the next year.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const M = 'openid-refund-points';

async function buy(amountFen: number): Promise<string> {
  const answer = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await memberCode(cloud, M), amountFen, walletFen: 0 }, requestId());
  if (!answer.ok) throw new Error(JSON.stringify(answer));
  return answer.data.purchaseId;
}

async function deduct(memberNo: string, amount: number) {
  const answer = await callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: -amount, reason: '兑换礼品' }, requestId());
  if (!answer.ok) throw new Error(JSON.stringify(answer));
}

const refund = (purchaseId: string) => callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId }, requestId());
const tick = () => cloud.host.invoke('cron', { Type: 'Timer', TriggerName: 't', Time: '' }, { source: 'timer' });

describe('a purchase refund across an expiry', () => {
  // Earn 100 in 2026 (bucket 2027-12-31), spend 30, refund on 2028-01-02: the 70 left expired
  // at the end of 2027 and are gone; the 30 spent are owed. Debt 30, with or without the job.
  it.each([['after the expiry job ran', true], ['before the expiry job ran', false]])('owes what was spent, %s', async (_label, jobFirst) => {
    setClock('2026-03-02T02:00:00Z');
    const { memberId, memberNo } = await register(cloud, M);
    const purchaseId = await buy(10_000);
    await deduct(memberNo, 30);
    setClock('2028-01-02T02:00:00Z');
    if (jobFirst) expect(await tick()).toMatchObject({ ok: true });

    const answer = await refund(purchaseId);
    expect(answer).toMatchObject({ ok: true, data: { pointsReversed: 0, pointsOwed: 30 } });
    expect(balances(cloud, memberId)).toMatchObject({ points: 0, debt: 30 });
    expect(account(cloud, memberId, 'points').buckets).toEqual([]);
    expect(checkLedger(cloud.db.dump('accounts'), cloud.db.dump('ledger_entries'))).toEqual([]);
  });

  // Two purchases of 100 in one bucket, 30 spent, 170 expired. The first refund finds 100 of
  // its points among the expired: owes nothing. The second finds the 70 expired left: owes 30.
  it('shares what expired among the bucket’s purchases, so only what was spent is owed', async () => {
    setClock('2026-03-02T02:00:00Z');
    const { memberId, memberNo } = await register(cloud, M);
    const first = await buy(10_000);
    const second = await buy(10_000);
    await deduct(memberNo, 30);
    setClock('2028-01-02T02:00:00Z');
    expect(await refund(first)).toMatchObject({ ok: true, data: { pointsReversed: 0, pointsOwed: 0 } });
    expect(await refund(second)).toMatchObject({ ok: true, data: { pointsReversed: 0, pointsOwed: 30 } });
    expect(balances(cloud, memberId)).toMatchObject({ points: 0, debt: 30 });
  });
});

describe('a purchase refund takes the purchase’s own bucket', () => {
  // P earns 100 into 2027-12-31, Q a year later earns 100 into 2028-12-31. Refunding P leaves
  // Q's 100, expiring at the end of 2028.
  it('leaves the later purchase’s points and their expiry', async () => {
    setClock('2026-03-02T02:00:00Z');
    const { memberId } = await register(cloud, M);
    const p = await buy(10_000);
    setClock('2027-03-02T02:00:00Z');
    await buy(10_000);
    expect(await refund(p)).toMatchObject({ ok: true, data: { pointsReversed: 100, pointsOwed: 0 } });
    expect(account(cloud, memberId, 'points')).toMatchObject({ balance: 100, debt: 0, buckets: [{ expiresOn: '2028-12-31', remaining: 100 }] });
  });

  // P 100 (2027-12-31) and Q 100 (2028-12-31); 130 spent: 100 from P's bucket, 30 from Q's.
  // Refund P: its bucket is empty, so its 100 were spent; 70 are taken from Q's bucket (all the
  // balance) and 30 are owed.
  it('takes what was spent of it from the other buckets, then owes the rest', async () => {
    setClock('2026-03-02T02:00:00Z');
    const { memberId, memberNo } = await register(cloud, M);
    const p = await buy(10_000);
    setClock('2027-03-02T02:00:00Z');
    await buy(10_000);
    await deduct(memberNo, 130);
    expect(await refund(p)).toMatchObject({ ok: true, data: { pointsReversed: 70, pointsOwed: 30 } });
    expect(account(cloud, memberId, 'points')).toMatchObject({ balance: 0, debt: 30, buckets: [] });
  });

  // P 100 (2027-12-31), Q 100 (2028-12-31), 30 spent from P's bucket. Refund Q: its own
  // bucket still holds all 100; P's 70 stay with their expiry.
  it('takes the rest of its own bucket first', async () => {
    setClock('2026-03-02T02:00:00Z');
    const { memberId, memberNo } = await register(cloud, M);
    await buy(10_000);
    setClock('2027-03-02T02:00:00Z');
    const q = await buy(10_000);
    await deduct(memberNo, 30);
    expect(await refund(q)).toMatchObject({ ok: true, data: { pointsReversed: 100, pointsOwed: 0 } });
    expect(account(cloud, memberId, 'points')).toMatchObject({ balance: 70, debt: 0, buckets: [{ expiresOn: '2027-12-31', remaining: 70 }] });
  });
});

describe('a purchase refund takes back the upgrade it bought', () => {
  // Gold from 1,000 growth. ¥1,000 upgrades green → gold; its refund leaves 0 growth: green.
  it('lowers the tier at once when the refunded purchase earned it', async () => {
    setClock('2026-03-02T02:00:00Z');
    const { memberId } = await register(cloud, M);
    const big = await buy(100_000);
    expect((await sdkDb().collection('members').doc(memberId).get()).data.tierCode).toBe('gold');
    const answer = await refund(big);
    expect(answer).toMatchObject({ ok: true, data: { growthReversed: 1000, tierLoweredTo: { code: 'green' } } });
    const member = (await sdkDb().collection('members').doc(memberId).get()).data;
    expect(member).toMatchObject({ tierCode: 'green', tierReviewAt: null });
    const me = await callAs(cloud, M, 'member', 'me');
    expect(me.data.tier.code).toBe('green');
  });

  // ¥900 (900 growth), then ¥200 upgrades to gold (1,100), then ¥1,000 (2,100). Refunding the
  // ¥200 that upgraded leaves 1,900, which still holds gold: nothing changes.
  it('keeps a tier the growth left still holds', async () => {
    setClock('2026-03-02T02:00:00Z');
    const { memberId } = await register(cloud, M);
    await buy(90_000);
    const upgrader = await buy(20_000);
    await buy(100_000);
    const answer = await refund(upgrader);
    expect(answer.ok).toBe(true);
    expect(answer.data.tierLoweredTo).toBeUndefined();
    expect((await sdkDb().collection('members').doc(memberId).get()).data.tierCode).toBe('gold');
  });
});
