import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, snapshotAll } from '../support/cloud';
import { OPERATOR, balances, entriesOf, onASeededCloudEachTest, register, requestId, seedWorld, setClock } from '../support/world';
import { createTemplate } from '../coupons/helpers';

// Daily check-in through the member function: one per brand-zone day (race-free), the streak and
// its rewards across a month end, make-ups of this week's missed days for points within a
// monthly limit, and refusals that change nothing.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const M = 'openid-daily';
const dump = (name: string) => cloud.db.dump(name) as any[];

/** Days 1–6: 5 points; day 7: 20 points and (when given) a coupon. Make-up: 20 points, 2 a month. */
async function useRules(couponTemplateId: string | null = null, change: Record<string, unknown> = {}) {
  const rewards = [1, 2, 3, 4, 5, 6, 7].map((streakDay) => ({ streakDay, points: streakDay === 7 ? 20 : 5, couponTemplateId: streakDay === 7 ? couponTemplateId : null }));
  await seedWorld({ engagement: { welcome: { points: 0, couponTemplateIds: [] }, birthday: { window: 'month' }, checkIn: { rewards, makeUpCostPoints: 20, makeUpPerMonth: 2, ...change } } });
}

/** Shanghai 10:00 on a day. */
const at = (day: string) => `${day}T02:00:00Z`;

async function checkInOn(day: string, openid = M) {
  setClock(at(day));
  return callAs(cloud, openid, 'member', 'checkIn', {}, requestId());
}

async function makeUp(day: string, onDay: string, openid = M) {
  setClock(at(onDay));
  return callAs(cloud, openid, 'member', 'makeUpCheckIn', { day }, requestId());
}

async function grant(memberNo: string, amount: number) {
  const answer = await callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo, amount, reason: '测试发放' }, requestId());
  if (!answer.ok) throw new Error(JSON.stringify(answer));
}

it('a streak runs across a month end, pays day 7 with points and a coupon, then starts again at day 1', async () => {
  setClock(at('2026-06-20'));
  const couponTemplateId = await createTemplate(cloud, { name: '签到七天券', channel: 'grant', perMemberLimit: 5 });
  await useRules(couponTemplateId);
  const { memberId } = await register(cloud, M);

  // 06-27 … 07-03: seven days in a row over the month end; 07-04 is day 1 again.
  const days = ['2026-06-27', '2026-06-28', '2026-06-29', '2026-06-30', '2026-07-01', '2026-07-02', '2026-07-03', '2026-07-04'];
  const answers = [];
  for (const day of days) answers.push(await checkInOn(day));
  expect(answers.map((a) => [a.data.day, a.data.streak, a.data.reward.points, a.data.reward.couponTemplateId])).toEqual([
    ['2026-06-27', 1, 5, null],
    ['2026-06-28', 2, 5, null],
    ['2026-06-29', 3, 5, null],
    ['2026-06-30', 4, 5, null],
    ['2026-07-01', 5, 5, null],
    ['2026-07-02', 6, 5, null],
    ['2026-07-03', 7, 20, couponTemplateId],
    ['2026-07-04', 1, 5, null],
  ]);
  expect(answers[6].data.reward.couponName).toBe('签到七天券');
  // 7 × 5 + 20 = 55 points, one grant entry per check-in.
  expect(balances(cloud, memberId).points).toBe(55);
  expect(answers[7].data.pointsBalance).toBe(55);
  const grants = entriesOf(cloud, memberId).filter((e) => e.source.type === 'checkin');
  expect(grants.map((e) => e.amount)).toEqual([5, 5, 5, 5, 5, 5, 20, 5]);
  // The coupon once, under the check-in's key.
  expect(dump('coupons').filter((c) => c.memberId === memberId && c.templateId === couponTemplateId)).toHaveLength(1);

  // The calendar of July: the days checked in July only; of June on asking for June.
  const july = await callAs(cloud, M, 'member', 'checkInCalendar', {});
  expect(july.data).toMatchObject({ month: '2026-07', today: '2026-07-04', checkedDays: ['2026-07-01', '2026-07-02', '2026-07-03', '2026-07-04'], madeUpDays: [], checkedToday: true, streak: 1 });
  expect(july.data.next).toEqual({ inDays: 6, reward: expect.objectContaining({ streakDay: 7, points: 20, couponTemplateId }) });
  const june = await callAs(cloud, M, 'member', 'checkInCalendar', { month: '2026-06' });
  expect(june.data.checkedDays).toEqual(['2026-06-27', '2026-06-28', '2026-06-29', '2026-06-30']);
});

it('a missed day breaks the streak: the next check-in is day 1', async () => {
  await useRules();
  const { memberId } = await register(cloud, M);
  expect((await checkInOn('2026-06-29')).data.streak).toBe(1);
  expect((await checkInOn('2026-06-30')).data.streak).toBe(2);
  // 07-01 missed.
  expect((await checkInOn('2026-07-02')).data).toMatchObject({ streak: 1, reward: { points: 5 } });
  expect(balances(cloud, memberId).points).toBe(15);
});

it('once a day: a second check-in the same brand-zone day is refused and changes nothing', async () => {
  await useRules();
  const { memberId } = await register(cloud, M);
  expect((await checkInOn('2026-06-10')).ok).toBe(true);
  const before = snapshotAll(cloud);
  setClock('2026-06-10T15:59:59Z'); // 23:59:59 in Shanghai
  const again = await callAs(cloud, M, 'member', 'checkIn', {}, requestId());
  expect(again).toMatchObject({ ok: false, code: 'ALREADY_CHECKED_IN' });
  const { requests: _a, ...after } = snapshotAll(cloud);
  const { requests: _b, ...was } = before;
  expect(after).toEqual(was);
  // 16:00 UTC is midnight in Shanghai: a new day, day 2 of the streak.
  setClock('2026-06-10T16:00:00Z');
  const next = await callAs(cloud, M, 'member', 'checkIn', {}, requestId());
  expect(next.data).toMatchObject({ day: '2026-06-11', streak: 2 });
  expect(balances(cloud, memberId).points).toBe(10);
});

it('20 parallel check-ins of one member on one day: one check-in, one posting, 5 points', async () => {
  await useRules();
  const { memberId } = await register(cloud, M);
  setClock(at('2026-06-10'));
  const answers = await Promise.all(Array.from({ length: 20 }, () => callAs(cloud, M, 'member', 'checkIn', {}, requestId())));
  expect(answers.filter((a) => a.ok)).toHaveLength(1);
  for (const refused of answers.filter((a) => !a.ok)) expect(['ALREADY_CHECKED_IN', 'BUSY']).toContain(refused.code);
  expect(dump('checkins').filter((c) => c.memberId === memberId)).toHaveLength(1);
  expect(balances(cloud, memberId).points).toBe(5);
  expect(entriesOf(cloud, memberId).filter((e) => e.source.type === 'checkin')).toEqual([expect.objectContaining({ amount: 5, kind: 'grant', balanceAfter: 5 })]);
});

it('a retried check-in (same request id) answers its first outcome, even after midnight', async () => {
  await useRules();
  const { memberId } = await register(cloud, M);
  const id = requestId();
  setClock(at('2026-06-10'));
  const first = await callAs(cloud, M, 'member', 'checkIn', {}, id);
  setClock('2026-06-11T02:00:00Z');
  const retry = await callAs(cloud, M, 'member', 'checkIn', {}, id);
  expect(retry).toMatchObject({ ok: true, replayed: true, data: first.data });
  expect(dump('checkins')).toHaveLength(1);
  expect(balances(cloud, memberId).points).toBe(5);
});

describe('make-ups (补签)', () => {
  // Members here join on Saturday 06-20, before every day they make up (days before joining are refused).
  beforeEach(() => setClock(at('2026-06-20')));

  it('fills a missed day of this week for 20 points, joining two runs into one streak without a reward of its own', async () => {
    await useRules();
    const { memberId, memberNo } = await register(cloud, M);
    setClock(at('2026-06-28'));
    await grant(memberNo, 100);
    // Week of Monday 06-29: Mon, Tue checked, Wed missed, Thu, Fri checked; before it Sun 06-28 checked.
    for (const day of ['2026-06-28', '2026-06-29', '2026-06-30', '2026-07-02', '2026-07-03']) await checkInOn(day);
    expect(balances(cloud, memberId).points).toBe(125);
    const before = await callAs(cloud, M, 'member', 'checkInCalendar', {});
    expect(before.data).toMatchObject({ streak: 2, makeUp: { days: ['2026-07-01'], costPoints: 20, leftThisMonth: 2 } });

    const filled = await makeUp('2026-07-01', '2026-07-03');
    expect(filled).toMatchObject({ ok: true, data: { day: '2026-07-01', streak: 6, reward: { points: 0, couponTemplateId: null }, pointsBalance: 105 } });
    expect(filled.data.calendar).toMatchObject({ checkedDays: ['2026-07-01', '2026-07-02', '2026-07-03'], madeUpDays: ['2026-07-01'], streak: 6, makeUp: { days: [], leftThisMonth: 1 } });
    expect(balances(cloud, memberId).points).toBe(105);
    expect(entriesOf(cloud, memberId).filter((e) => e.source.type === 'checkin_makeup')).toEqual([expect.objectContaining({ amount: -20, kind: 'spend', reason: '补签 2026-07-01' })]);
    // The later days' runs were rewritten: Saturday continues the joined streak as day 7.
    const saturday = await checkInOn('2026-07-04');
    expect(saturday.data).toMatchObject({ streak: 7, reward: { points: 20 } });
  });

  it('two a month (counted in the month they are made), refused past the limit with nothing changed', async () => {
    await useRules();
    const { memberId, memberNo } = await register(cloud, M);
    setClock(at('2026-07-06'));
    await grant(memberNo, 200);
    // Sunday 07-12: Monday … Saturday all missed.
    expect((await makeUp('2026-07-06', '2026-07-12')).ok).toBe(true);
    expect((await makeUp('2026-07-07', '2026-07-12')).ok).toBe(true);
    const before = snapshotAll(cloud);
    const third = await makeUp('2026-07-08', '2026-07-12');
    expect(third).toMatchObject({ ok: false, code: 'MAKE_UP_LIMIT_REACHED' });
    const { requests: _a, ...after } = snapshotAll(cloud);
    const { requests: _b, ...was } = before;
    expect(after).toEqual(was);
    expect(balances(cloud, memberId).points).toBe(160);
    // A new month, a new allowance: Saturday 08-01 makes up Friday 07-31 (week of Monday 07-27).
    const august = await makeUp('2026-07-31', '2026-08-01');
    expect(august).toMatchObject({ ok: true, data: { calendar: { month: '2026-08', makeUp: { leftThisMonth: 1 } } } });
    expect(balances(cloud, memberId).points).toBe(140);
    expect(dump('checkin_members').find((s) => s._id === memberId).makeUps).toEqual({ '2026-07': 2, '2026-08': 1 });
  });

  it.each([
    ['last week (the Sunday before this Monday)', '2026-07-05', 'MAKE_UP_NOT_ALLOWED'],
    ['today', '2026-07-08', 'MAKE_UP_NOT_ALLOWED'],
    ['tomorrow', '2026-07-09', 'MAKE_UP_NOT_ALLOWED'],
    ['a day already checked', '2026-07-06', 'MAKE_UP_NOT_ALLOWED'],
    ['a day of a month without a 30th', '2026-02-30', 'INVALID_INPUT'],
  ])('refuses %s with nothing changed', async (_name, day, code) => {
    await useRules();
    const { memberNo } = await register(cloud, M);
    setClock(at('2026-07-06'));
    await grant(memberNo, 100);
    await checkInOn('2026-07-06'); // Monday checked
    setClock(at('2026-07-08')); // Wednesday
    const before = snapshotAll(cloud);
    const answer = await callAs(cloud, M, 'member', 'makeUpCheckIn', { day }, requestId());
    expect(answer).toMatchObject({ ok: false, code });
    const { requests: _a, ...after } = snapshotAll(cloud);
    const { requests: _b, ...was } = before;
    expect(after).toEqual(was);
  });

  it('refuses a member short of points (INSUFFICIENT_POINTS) with nothing changed', async () => {
    await useRules();
    const { memberId } = await register(cloud, M);
    await checkInOn('2026-07-06'); // 5 points
    setClock(at('2026-07-08'));
    const before = snapshotAll(cloud);
    const answer = await callAs(cloud, M, 'member', 'makeUpCheckIn', { day: '2026-07-07' }, requestId());
    expect(answer).toMatchObject({ ok: false, code: 'INSUFFICIENT_POINTS' });
    const { requests: _a, ...after } = snapshotAll(cloud);
    const { requests: _b, ...was } = before;
    expect(after).toEqual(was);
    expect(balances(cloud, memberId).points).toBe(5);
  });

  it('never a day before the member joined (brand zone): not offered, refused with nothing changed, the joining day itself allowed', async () => {
    await useRules();
    // Joined Wednesday 07-08 at 01:00 in Shanghai (still Tuesday 07-07 in UTC).
    setClock('2026-07-07T17:00:00Z');
    const { memberId, memberNo } = await register(cloud, M);
    await grant(memberNo, 100);
    // Friday 07-10, nothing checked: Wednesday and Thursday may be made up, Monday and Tuesday not.
    setClock(at('2026-07-10'));
    const calendar = await callAs(cloud, M, 'member', 'checkInCalendar', {});
    expect(calendar.data).toMatchObject({ today: '2026-07-10', makeUp: { days: ['2026-07-08', '2026-07-09'], costPoints: 20, leftThisMonth: 2 } });

    for (const day of ['2026-07-06', '2026-07-07']) {
      const before = snapshotAll(cloud);
      const answer = await callAs(cloud, M, 'member', 'makeUpCheckIn', { day }, requestId());
      expect(answer).toMatchObject({ ok: false, code: 'MAKE_UP_NOT_ALLOWED' });
      expect(JSON.stringify(answer)).toContain('只能补签入会以后漏签的日子');
      // Refused before the request is recorded: not even the request log moved.
      expect(snapshotAll(cloud)).toEqual(before);
    }
    expect(balances(cloud, memberId).points).toBe(100);

    // The joining day is a day of membership: made up for 20 points, and no longer offered.
    const joiningDay = await makeUp('2026-07-08', '2026-07-10');
    expect(joiningDay).toMatchObject({ ok: true, data: { day: '2026-07-08', pointsBalance: 80, calendar: { makeUp: { days: ['2026-07-09'], leftThisMonth: 1 } } } });
    expect(dump('checkins').filter((c) => c.memberId === memberId).map((c) => c.day)).toEqual(['2026-07-08']);
    expect(balances(cloud, memberId).points).toBe(80);
  });

  it('parallel make-ups of different days never pass the monthly limit', async () => {
    await useRules();
    const { memberId, memberNo } = await register(cloud, M);
    setClock(at('2026-07-06'));
    await grant(memberNo, 500);
    setClock(at('2026-07-12'));
    const days = ['2026-07-06', '2026-07-07', '2026-07-08', '2026-07-09', '2026-07-10', '2026-07-11'];
    const answers = await Promise.all(days.map((day) => callAs(cloud, M, 'member', 'makeUpCheckIn', { day }, requestId())));
    expect(answers.filter((a) => a.ok)).toHaveLength(2);
    expect(dump('checkins').filter((c) => c.memberId === memberId && c.madeUp)).toHaveLength(2);
    expect(balances(cloud, memberId).points).toBe(460);
  });
});

describe('bad input → a typed error and no state change', () => {
  it.each([
    ['checkIn', { extra: true }],
    ['makeUpCheckIn', {}],
    ['makeUpCheckIn', { day: 'yesterday' }],
    ['makeUpCheckIn', { day: '2026-07-07', extra: 1 }],
    ['makeUpCheckIn', { day: 20260707 }],
    ['checkInCalendar', { month: '2026-13' }],
    ['checkInCalendar', { month: '2026-7' }],
    ['checkInCalendar', { month: '2026-07', extra: 1 }],
  ])('member.%s %j', async (action, input) => {
    await useRules();
    await register(cloud, M);
    await checkInOn('2026-07-06');
    setClock(at('2026-07-08'));
    const before = snapshotAll(cloud);
    const answer = await callAs(cloud, M, 'member', action, input, requestId());
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const { requests: _a, ...after } = snapshotAll(cloud);
    const { requests: _b, ...was } = before;
    expect(after).toEqual(was);
  });

  it('a caller who is not a member is refused', async () => {
    setClock(at('2026-07-08'));
    expect(await callAs(cloud, 'openid-nobody', 'member', 'checkIn', {}, requestId())).toMatchObject({ ok: false, code: 'MEMBER_NOT_FOUND' });
    expect(await callAs(cloud, 'openid-nobody', 'member', 'checkInCalendar', {})).toMatchObject({ ok: false, code: 'MEMBER_NOT_FOUND' });
    expect(dump('checkins')).toHaveLength(0);
  });
});
