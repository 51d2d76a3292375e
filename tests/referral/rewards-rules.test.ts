import { approvalDecision } from '../../cloudfunctions/core/referral/approval-job';
import { rankInviters } from '../../cloudfunctions/core/referral/leaderboard';
import { inviteStatus, maskedName } from '../../cloudfunctions/core/referral/my-invites';
import { capPeriods, decideQualification, type QualifyFacts } from '../../cloudfunctions/core/referral/qualify-rule';
import { figuresOf, guideRows, kFactor, reportRange } from '../../cloudfunctions/core/referral/reports';

// The pure rules of referral rewards, by tables with hand-written numbers.

const TZ = 'Asia/Shanghai';
const referral = { inviterId: 'm-a', campaignId: 'c1', code: 'iAAAAAAAAAAA', boundAt: new Date('2026-03-01T00:00:00Z'), qualifiedAt: null, ended: false };
const campaign = { qualify: { kind: 'purchase' as const, minFen: 3000 }, holdDays: 7, capPerDay: 2, capPerMonth: 5, inviter: { kind: 'points' as const, points: 300 } };
const base: QualifyFacts = { referral, campaign, event: { kind: 'purchase', id: 'p1', amountFen: 3000 }, now: new Date('2026-03-10T04:00:00Z'), timeZone: TZ, counted: { day: 0, month: 0 } };

describe('decideQualification', () => {
  it.each([
    ['no referral', { referral: null }, { qualified: false, why: 'no_referral' }],
    ['a refunded (ended) referral never qualifies again', { referral: { ...referral, ended: true } }, { qualified: false, why: 'ended' }],
    ['already qualified', { referral: { ...referral, qualifiedAt: new Date('2026-03-02T00:00:00Z') } }, { qualified: false, why: 'already_qualified' }],
    ['campaign gone', { campaign: null }, { qualified: false, why: 'no_campaign' }],
    ['a top-up for a purchase campaign', { event: { kind: 'topup' as const, id: 't1', amountFen: 50000 } }, { qualified: false, why: 'kind_mismatch' }],
    ['one fen under the minimum', { event: { kind: 'purchase' as const, id: 'p1', amountFen: 2999 } }, { qualified: false, why: 'below_minimum' }],
    ['exactly the minimum, no caps used', {}, { qualified: true, status: 'pending', cappedBy: null, points: 300, day: '2026-03-10', month: '2026-03' }],
    ['second of the day with a day cap of 2', { counted: { day: 1, month: 1 } }, { qualified: true, status: 'pending', cappedBy: null }],
    ['third of the day with a day cap of 2', { counted: { day: 2, month: 2 } }, { qualified: true, status: 'capped', cappedBy: 'day' }],
    ['fifth of the month with a month cap of 5', { counted: { day: 0, month: 4 } }, { qualified: true, status: 'pending', cappedBy: null }],
    ['sixth of the month with a month cap of 5', { counted: { day: 0, month: 5 } }, { qualified: true, status: 'capped', cappedBy: 'month' }],
    ['no caps at all', { campaign: { ...campaign, capPerDay: null, capPerMonth: null }, counted: { day: 999, month: 9999 } }, { qualified: true, status: 'pending', cappedBy: null }],
    ['a top-up campaign and a top-up', { campaign: { ...campaign, qualify: { kind: 'topup' as const, minFen: 10000 } }, event: { kind: 'topup' as const, id: 't1', amountFen: 10000 } }, { qualified: true, status: 'pending' }],
  ])('%s', (_name, change, expected) => {
    expect(decideQualification({ ...base, ...change } as QualifyFacts)).toMatchObject(expected);
  });

  it('holds for holdDays from the qualification: 7 days after 2026-03-10 04:00Z is 2026-03-17 04:00Z', () => {
    const decision = decideQualification(base);
    expect(decision.qualified && decision.holdUntil.toISOString()).toBe('2026-03-17T04:00:00.000Z');
    const none = decideQualification({ ...base, campaign: { ...campaign, holdDays: 0 } });
    expect(none.qualified && none.holdUntil.toISOString()).toBe('2026-03-10T04:00:00.000Z');
  });

  it.each([
    // Brand zone UTC+8: 15:59:59.999Z is still the 10th, 16:00Z is the 11th.
    ['2026-03-10T15:59:59.999Z', '2026-03-10', '2026-03'],
    ['2026-03-10T16:00:00.000Z', '2026-03-11', '2026-03'],
    ['2026-03-31T15:59:59.999Z', '2026-03-31', '2026-03'],
    ['2026-03-31T16:00:00.000Z', '2026-04-01', '2026-04'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01', '2027-01'],
  ])('a qualification at %s counts in day %s and month %s (brand zone)', (at, day, month) => {
    expect(capPeriods('m-a', 'c1', new Date(at), TZ)).toEqual({ day, month, dayCounterId: `m-a:c1:${day}`, monthCounterId: `m-a:c1:${month}` });
    expect(decideQualification({ ...base, now: new Date(at) })).toMatchObject({ day, month });
  });
});

describe('approvalDecision', () => {
  const now = new Date('2026-03-17T04:00:00Z');
  const pending = { status: 'pending' as const, holdUntil: new Date('2026-03-17T04:00:00Z') };
  const inviter = { deletedAt: null, referralBlockedAt: null };
  it.each([
    ['hold ends exactly now, rank 0', pending, { riskRank: 0 }, { status: 'approved', note: null }],
    ['hold ends 1 ms later', { ...pending, holdUntil: new Date('2026-03-17T04:00:00.001Z') }, { riskRank: 0 }, null],
    ['rank 2 under threshold 3', pending, { riskRank: 2 }, { status: 'approved' }],
    ['rank 3 at threshold 3', pending, { riskRank: 3 }, { status: 'flagged' }],
    ['rank 4 over threshold 3', pending, { riskRank: 4 }, { status: 'flagged' }],
    ['no rank (invitee deleted)', pending, { riskRank: null }, { status: 'flagged' }],
    ['inviter blocked since', pending, { riskRank: 0, inviter: { deletedAt: null, referralBlockedAt: new Date('2026-03-12T00:00:00Z') } }, { status: 'flagged' }],
    ['inviter deleted', pending, { riskRank: 0, inviter: { deletedAt: new Date('2026-03-12T00:00:00Z'), referralBlockedAt: null } }, { status: 'cancelled' }],
    ['already cancelled by a refund', { ...pending, status: 'cancelled' as const }, { riskRank: 0 }, null],
  ])('%s', (_name, reward, facts, expected) => {
    const decision = approvalDecision(reward, { now, riskThreshold: 3, inviter, ...facts } as Parameters<typeof approvalDecision>[1]);
    if (expected === null) expect(decision).toBeNull();
    else expect(decision).toMatchObject(expected);
  });
});

describe('reports', () => {
  it.each([
    [2, 3, 0.67],
    [1, 3, 0.33],
    [5, 2, 2.5],
    [0, 4, 0],
    [3, 0, 0],
    [1, 8, 0.13], // 0.125 rounds half up
    [7, 7, 1],
  ])('K-factor of %i qualified over %i active inviters is %d', (qualified, active, expected) => {
    expect(kFactor(qualified, active)).toBe(expected);
  });

  it('figures come straight from the event counts', () => {
    expect(figuresOf({ share: 4, open: 9, register: 3, qualify: 2, paid: 5, pointsPaid: 900 }, 3)).toEqual({ shares: 4, opens: 9, registrations: 3, qualified: 2, rewardsPaid: 5, pointsPaid: 900, activeInviters: 3, kFactor: 0.67 });
  });

  it.each([
    ['2026-01-01', '2026-12-31', null], // 365 days
    ['2026-01-01', '2027-01-01', null], // 366 days: the most
    ['2028-01-01', '2028-12-31', null], // 366 days (leap year)
    ['2026-01-01', '2027-01-02', 'to'], // 367 days
    ['2026-03-02', '2026-03-01', 'to'],
    ['2026-02-30', '2026-03-01', 'from'],
    ['2026-03-01', '2026-04-31', 'to'],
  ])('range %s..%s: refused on %s (null: allowed)', (from, to, field) => {
    const check = () => reportRange(from, to, TZ);
    if (field === null) expect(check).not.toThrow();
    else expect(check).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field }));
  });

  it('a range covers its brand-zone days: 2026-01-01..2027-01-01 is [2025-12-31T16:00Z, 2027-01-01T16:00Z)', () => {
    expect(reportRange('2026-01-01', '2027-01-01', TZ)).toEqual({ start: new Date('2025-12-31T16:00:00Z'), end: new Date('2027-01-01T16:00:00Z') });
  });

  it('guide rows: one per store and staff, the store code as its own row, revenue summed', () => {
    const rows = guideRows(
      [
        { _id: { storeId: 's1', staffOpenid: 'w1' }, n: 2 },
        { _id: { storeId: 's1', staffOpenid: null }, n: 1 },
      ],
      [
        { _id: { storeId: 's1', staffOpenid: 'w1' }, n: 3, fen: 12000 },
        { _id: { storeId: 's2', staffOpenid: 'w2' }, n: 1, fen: 5000 },
      ],
      { store: (id) => ({ s1: '国贸店', s2: '三里屯店' })[id] ?? id, staff: (openid) => ({ w1: '王芳', w2: '李雷' })[openid] ?? '' },
    );
    expect(rows).toEqual([
      { storeId: 's1', storeName: '国贸店', staffOpenid: 'w1', staffName: '王芳', membersBound: 2, purchases: 3, revenueFen: 12000 },
      { storeId: 's1', storeName: '国贸店', staffOpenid: null, staffName: '门店码', membersBound: 1, purchases: 0, revenueFen: 0 },
      { storeId: 's2', storeName: '三里屯店', staffOpenid: 'w2', staffName: '李雷', membersBound: 0, purchases: 1, revenueFen: 5000 },
    ]);
  });
});

describe('members’ views', () => {
  it.each([
    [null, 'registered'],
    [{ status: 'pending' as const }, 'pending'],
    [{ status: 'approved' as const }, 'pending'],
    [{ status: 'flagged' as const }, 'flagged'],
    [{ status: 'paid' as const }, 'rewarded'],
    [{ status: 'cancelled' as const }, 'cancelled'],
    [{ status: 'clawed_back' as const }, 'clawed_back'],
    [{ status: 'rejected' as const }, 'rejected'],
    [{ status: 'capped' as const }, 'capped'],
  ])('reward %j reads %s', (reward, status) => {
    expect(inviteStatus(reward)).toBe(status);
  });

  it.each([
    [{ nickname: '小鹿' }, '小*'],
    [{ nickname: '😀笑' }, '😀*'],
    [{ nickname: '' }, '微信用户'],
    [{ nickname: '小鹿', deletedAt: new Date() }, '微信用户'],
  ])('%j shows as %s', (member, name) => {
    expect(maskedName(member)).toBe(name);
  });

  it('ranks by qualified invites, then who reached the count first, then member id', () => {
    const at = (ms: number) => new Date(Date.UTC(2026, 2, 1) + ms);
    const ranked = rankInviters([
      { memberId: 'b', qualified: 2, reachedAt: at(500) },
      { memberId: 'a', qualified: 2, reachedAt: at(500) },
      { memberId: 'c', qualified: 3, reachedAt: at(900) },
      { memberId: 'd', qualified: 2, reachedAt: at(100) },
      { memberId: 'e', qualified: 1, reachedAt: at(0) },
    ]);
    expect(ranked.map((r) => r.memberId)).toEqual(['c', 'd', 'a', 'b', 'e']);
  });
});
