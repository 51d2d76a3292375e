import type { LocalCloud } from '../../scripts/local-cloud';
import { LATE_DAYS, birthdaysInWindow, birthdayGiftsJob, owesBirthdayGift, windowsDue } from '../../cloudfunctions/core/engagement/birthday';
import { inBirthdayWindow } from '../../cloudfunctions/core/membership/birthday-window';
import { dayjs } from '../../cloudfunctions/core/platform/time';
import { createTemplate } from '../coupons/helpers';
import { jobContext } from '../overview/support';
import { callAs } from '../support/cloud';
import { OPERATOR, TEST_BRAND, balances, onASeededCloudEachTest, register, requestId, sdkDb, setClock } from '../support/world';
import { dumpOf } from './support';

// The birthday gift: the tier's birthdayGift (here green: 88 points + a coupon; gold: 200
// points), once a year, by the birthday-gifts job, in the brand's birthday window (Shanghai).

const TZ = 'Asia/Shanghai';

describe('which birthdays a day owes (pure)', () => {
  it.each([
    // moment (UTC),             window → year, birthdays
    ['2026-05-20T04:00:00Z', 'day', 2026, ['05-20']],
    ['2026-05-19T16:00:00Z', 'day', 2026, ['05-20']], // 00:00 on 20 May in Shanghai
    ['2026-05-19T15:59:59Z', 'day', 2026, ['05-19']],
    ['2027-02-28T04:00:00Z', 'day', 2027, ['02-28', '02-29']], // a common year: 29 Feb on the 28th
    ['2028-02-28T04:00:00Z', 'day', 2028, ['02-28']],
    ['2028-02-29T04:00:00Z', 'day', 2028, ['02-29']],
    ['2026-12-31T16:30:00Z', 'day', 2027, ['01-01']],
  ] as const)('%s, %s window → %i %j', (moment, window, year, mds) => {
    expect(birthdaysInWindow(new Date(moment), TZ, window)).toEqual({ year, mds });
  });

  it('a month window owes the whole month', () => {
    const { year, mds } = birthdaysInWindow(new Date('2026-04-30T16:00:00Z'), TZ, 'month'); // 1 May, Shanghai
    expect(year).toBe(2026);
    expect(mds).toHaveLength(31);
    expect(mds[0]).toBe('05-01');
    expect(mds[30]).toBe('05-31');
  });

  it('a tick covers today and the LATE_DAYS days before, by year', () => {
    expect(LATE_DAYS).toBe(2);
    expect(windowsDue(new Date('2026-05-20T04:00:00Z'), TZ, 'day')).toEqual([{ year: 2026, mds: ['05-18', '05-19', '05-20'] }]);
    expect(windowsDue(new Date('2027-01-01T04:00:00Z'), TZ, 'day')).toEqual([
      { year: 2026, mds: ['12-30', '12-31'] },
      { year: 2027, mds: ['01-01'] },
    ]);
    const newYear = windowsDue(new Date('2027-01-01T04:00:00Z'), TZ, 'month');
    expect(newYear.map((w) => [w.year, w.mds[0], w.mds.length])).toEqual([
      [2026, '12-01', 31],
      [2027, '01-01', 31],
    ]);
  });

  it('agrees with inBirthdayWindow on every birthday of a leap and a common year, at every day of both', () => {
    const birthdays = Array.from({ length: 366 }, (_, i) => dayjs.utc('2000-01-01').add(i, 'day').format('YYYY-MM-DD'));
    for (const start of ['2027-01-01', '2028-01-01']) {
      for (let d = 0; d < 366; d += 1) {
        const moment = dayjs.tz(start, TZ).add(d, 'day').add(12, 'hour').toDate();
        for (const window of ['day', 'month'] as const) {
          const { mds } = birthdaysInWindow(moment, TZ, window);
          for (const birthday of birthdays) {
            if (mds.includes(birthday.slice(5)) !== inBirthdayWindow(birthday, moment, TZ, window)) throw new Error(`${birthday} at ${moment.toISOString()} ${window}`);
          }
        }
      }
    }
  });

  it.each([
    // birthday,    stamped, now (UTC),            window → owed year
    ['1990-05-20', null, '2026-05-20T04:00:00Z', 'day', 2026],
    ['1990-05-20', 2026, '2026-05-20T04:00:00Z', 'day', null],
    ['1990-05-20', null, '2026-05-22T04:00:00Z', 'day', 2026], // two days late
    ['1990-05-20', null, '2026-05-23T04:00:00Z', 'day', null], // three: gone
    ['1990-12-31', null, '2027-01-01T04:00:00Z', 'day', 2026],
    ['1990-12-31', 2026, '2027-01-01T04:00:00Z', 'day', null],
    ['1990-05-03', 2025, '2026-05-31T04:00:00Z', 'month', 2026],
    ['1990-05-03', null, '2026-04-30T15:59:59Z', 'month', null], // 23:59:59 on 30 April, Shanghai
    ['1990-05-03', null, '2026-04-30T16:00:00Z', 'month', 2026],
  ] as const)('%s stamped %s at %s (%s) → %s', (birthday, stamped, now, window, year) => {
    expect(owesBirthdayGift({ birthday, birthdayGiftYear: stamped }, new Date(now), TZ, window)).toBe(year);
  });
});

describe('the birthday-gifts job', () => {
  let cloud: LocalCloud;
  onASeededCloudEachTest((seeded) => (cloud = seeded));
  const dump = (name: string) => dumpOf(cloud)(name);
  const tick = () => birthdayGiftsJob.run(jobContext(), Date.now() + 20_000);
  const member = (id: string) => dump('members').find((m) => m._id === id);
  let cake: string;

  async function brand(window: 'day' | 'month') {
    cake = await createTemplate(cloud, { name: '生日蛋糕券', channel: 'grant', stock: 100, perMemberLimit: 10 });
    const tiers = TEST_BRAND.tiers.map((t) =>
      t.code === 'green' ? { ...t, benefits: { ...t.benefits, birthdayGift: { points: 88, couponTemplateIds: [cake] } } } : t.code === 'gold' ? { ...t, benefits: { ...t.benefits, birthdayGift: { points: 200, couponTemplateIds: [] } } } : t,
    );
    await sdkDb().collection('settings').doc('brand').update({ data: { tiers, engagement: { birthday: { window } } } });
  }

  async function born(openid: string, birthday: string): Promise<string> {
    const { memberId } = await register(cloud, openid);
    const set = await callAs(cloud, openid, 'member', 'setBirthday', { birthday }, requestId());
    if (!set.ok) throw new Error(JSON.stringify(set));
    return memberId;
  }

  const gifts = (memberId: string) => ({
    points: balances(cloud, memberId).points,
    coupons: dump('coupons').filter((c) => c.memberId === memberId && c.source === 'birthday').length,
  });

  it('month window: given on the 1st at brand-zone midnight, once however often the job runs, again the next year', async () => {
    await brand('month');
    setClock('2026-04-10T12:00:00+08:00');
    const may = await born('openid-may', '1990-05-20');
    const june = await born('openid-june', '1992-06-02');
    expect(member(may).birthdayMD).toBe('05-20');

    setClock('2026-04-30T23:59:00+08:00');
    await tick();
    expect(gifts(may)).toEqual({ points: 0, coupons: 0 });

    setClock('2026-05-01T00:00:30+08:00');
    await Promise.all([tick(), tick()]);
    await tick();
    expect(gifts(may)).toEqual({ points: 88, coupons: 1 });
    expect(gifts(june)).toEqual({ points: 0, coupons: 0 });
    expect(member(may).birthdayGiftYear).toBe(2026);
    expect(dump('requests').filter((r) => r.scope === 'coupon-issue').map((r) => r.requestId)).toEqual([`birthday:${may}:2026:${cake}`]);

    setClock('2026-05-31T23:00:00+08:00');
    expect(await tick()).toMatchObject({ processed: 0, done: true });
    setClock('2026-06-02T09:00:00+08:00');
    await tick();
    expect(gifts(june)).toEqual({ points: 88, coupons: 1 });
    expect(gifts(may)).toEqual({ points: 88, coupons: 1 });

    setClock('2027-05-01T08:00:00+08:00');
    await tick();
    expect(gifts(may)).toEqual({ points: 176, coupons: 2 });
    expect(member(may).birthdayGiftYear).toBe(2027);
  });

  it('month window: a birthday set in the middle of its month still gets that month\'s gift; changing it later gives nothing more that year', async () => {
    await brand('month');
    setClock('2026-05-01T10:00:00+08:00');
    await tick();
    setClock('2026-05-18T10:00:00+08:00');
    const late = await born('openid-late', '1988-05-03');
    await tick();
    expect(gifts(late)).toEqual({ points: 88, coupons: 1 });
    // An operator moves the birthday to July: July's tick owes this year's gift no more.
    const moved = await callAs(cloud, OPERATOR, 'admin', 'setMemberBirthday', { memberNo: member(late).memberNo, birthday: '1988-07-03', reason: '会员填错了月份' }, requestId());
    expect(moved.ok).toBe(true);
    expect(member(late).birthdayMD).toBe('07-03');
    setClock('2026-07-03T10:00:00+08:00');
    expect(await tick()).toMatchObject({ processed: 0, done: true });
    expect(gifts(late)).toEqual({ points: 88, coupons: 1 });
  });

  it('day window: the day only (brand-zone midnight), twice → once, a day late → once, three days late → none', async () => {
    await brand('day');
    setClock('2026-01-10T12:00:00+08:00');
    const onTime = await born('openid-ontime', '1990-05-20');
    const late = await born('openid-late', '1991-05-21');
    const missed = await born('openid-missed', '1993-05-16');

    setClock('2026-05-19T23:59:30+08:00');
    await tick();
    expect(gifts(onTime).points).toBe(0);

    setClock('2026-05-20T00:00:10+08:00');
    await tick();
    await tick();
    expect(gifts(onTime)).toEqual({ points: 88, coupons: 1 });
    expect(gifts(missed)).toEqual({ points: 0, coupons: 0 }); // 16 May: three days before the first tick, 19 May

    // The job does not run on the 21st; on the 22nd it gives the 21st's gift, once.
    setClock('2026-05-22T08:00:00+08:00');
    await tick();
    await tick();
    expect(gifts(late)).toEqual({ points: 88, coupons: 1 });
    expect(gifts(onTime)).toEqual({ points: 88, coupons: 1 });
  });

  it('day window: 29 February on the 28th in a common year, on the 29th in a leap year; once each year', async () => {
    await brand('day');
    setClock('2026-01-10T12:00:00+08:00');
    const leap = await born('openid-leap', '2000-02-29');
    setClock('2027-02-28T00:05:00+08:00');
    await tick();
    expect(gifts(leap)).toEqual({ points: 88, coupons: 1 });
    setClock('2027-03-01T09:00:00+08:00');
    await tick();
    expect(gifts(leap)).toEqual({ points: 88, coupons: 1 });
    setClock('2028-02-28T09:00:00+08:00');
    await tick();
    expect(gifts(leap)).toEqual({ points: 88, coupons: 1 });
    setClock('2028-02-29T09:00:00+08:00');
    await tick();
    expect(gifts(leap)).toEqual({ points: 176, coupons: 2 });
  });

  it('day window over the new year: 31 December given late on 1 January counts for the old year; the new year\'s comes in December', async () => {
    await brand('day');
    setClock('2026-06-10T12:00:00+08:00');
    const eve = await born('openid-eve', '1990-12-31');
    setClock('2027-01-01T00:30:00+08:00');
    await tick();
    expect(gifts(eve)).toEqual({ points: 88, coupons: 1 });
    expect(member(eve).birthdayGiftYear).toBe(2026);
    setClock('2027-12-31T10:00:00+08:00');
    await tick();
    expect(gifts(eve)).toEqual({ points: 176, coupons: 2 });
    expect(dump('requests').filter((r) => r.scope === 'gift:birthday').map((r) => r.requestId).sort()).toEqual([`birthday:${eve}:2026`, `birthday:${eve}:2027`]);
  });

  it('the gift is the tier\'s in effect: gold gives 200 points and no coupon; a tier without a gift settles the year with nothing', async () => {
    await brand('month');
    setClock('2026-03-01T10:00:00+08:00');
    const gold = await born('openid-gold', '1990-03-09');
    const black = await born('openid-black', '1990-03-10');
    await sdkDb().collection('members').doc(gold).update({ data: { tierCode: 'gold' } });
    await sdkDb().collection('members').doc(black).update({ data: { tierCode: 'black' } });
    await tick();
    expect(gifts(gold)).toEqual({ points: 200, coupons: 0 });
    expect(gifts(black)).toEqual({ points: 0, coupons: 0 });
    expect(member(black).birthdayGiftYear).toBe(2026);
    expect(dump('ledger_entries').filter((e) => e.source.type === 'birthday')).toEqual([expect.objectContaining({ memberId: gold, amount: 200, kind: 'grant', reason: '2026 年生日礼' })]);
  });
});
