import {
  type CheckInRules,
  addDays,
  currentRun,
  isCalendarDay,
  makeUpCandidates,
  makeUpRefusal,
  nextReward,
  rewardFor,
  runsOf,
  streakDayOf,
  weekStart,
} from '../../cloudfunctions/core/engagement/checkin-rules';

// The check-in rules by table; every expectation worked out by hand from a calendar.

// Days 1–6: 5 points, day 7: 20 points and a coupon (the example).
const RULES: CheckInRules = {
  rewards: [1, 2, 3, 4, 5, 6, 7].map((streakDay) => ({ streakDay, points: streakDay === 7 ? 20 : 5, couponTemplateId: streakDay === 7 ? 'tpl-week' : null })),
  makeUpCostPoints: 20,
  makeUpPerMonth: 2,
};
// Every day the same: 5 points.
const FLAT: CheckInRules = { rewards: [1, 2, 3].map((streakDay) => ({ streakDay, points: 5, couponTemplateId: null })), makeUpCostPoints: 0, makeUpPerMonth: 1 };

describe('calendar days', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'], // 2026 is not a leap year
    ['2028-02-28', 1, '2028-02-29'], // 2028 is
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-05-04', -6, '2026-04-28'],
  ])('%s %+d day → %s', (day, n, expected) => expect(addDays(day, n)).toBe(expected));

  it.each([
    // 2026-06-01 is a Monday.
    ['2026-06-01', '2026-06-01'],
    ['2026-06-07', '2026-06-01'], // Sunday ends the week
    ['2026-06-08', '2026-06-08'],
    // 2026-07-01 is a Wednesday: its week began in June.
    ['2026-07-01', '2026-06-29'],
    ['2026-07-05', '2026-06-29'],
    // 2027-01-01 is a Friday: its week began in the old year.
    ['2027-01-01', '2026-12-28'],
  ])('the week of %s starts %s', (day, monday) => expect(weekStart(day)).toBe(monday));

  it.each([
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-13-01', false],
    ['2026-6-1', false],
  ])('%s is a calendar day: %s', (day, ok) => expect(isCalendarDay(day)).toBe(ok));
});

describe('runs (the streak before cycling)', () => {
  it.each<[string, string[], { day: string; run: number } | null, Record<string, number>]>([
    ['one day', ['2026-06-10'], null, { '2026-06-10': 1 }],
    ['three in a row', ['2026-06-10', '2026-06-11', '2026-06-12'], null, { '2026-06-10': 1, '2026-06-11': 2, '2026-06-12': 3 }],
    ['a gap restarts at 1', ['2026-06-10', '2026-06-11', '2026-06-13'], null, { '2026-06-10': 1, '2026-06-11': 2, '2026-06-13': 1 }],
    ['across a month end', ['2026-06-29', '2026-06-30', '2026-07-01', '2026-07-02'], null, { '2026-06-29': 1, '2026-06-30': 2, '2026-07-01': 3, '2026-07-02': 4 }],
    ['across February (non-leap)', ['2026-02-27', '2026-02-28', '2026-03-01'], null, { '2026-02-27': 1, '2026-02-28': 2, '2026-03-01': 3 }],
    ['across a year end', ['2026-12-31', '2027-01-01'], null, { '2026-12-31': 1, '2027-01-01': 2 }],
    ['continues a carried run', ['2026-07-01'], { day: '2026-06-30', run: 9 }, { '2026-06-30': 9, '2026-07-01': 10 }],
    ['a carried run the gap does not reach', ['2026-07-02'], { day: '2026-06-30', run: 9 }, { '2026-06-30': 9, '2026-07-02': 1 }],
    // A make-up of 06-30 joins 06-28..29 (carried 5) to 07-01..02.
    ['a filled gap joins two runs', ['2026-06-29', '2026-06-30', '2026-07-01', '2026-07-02'], { day: '2026-06-28', run: 5 }, { '2026-06-28': 5, '2026-06-29': 6, '2026-06-30': 7, '2026-07-01': 8, '2026-07-02': 9 }],
    ['duplicates count once', ['2026-06-10', '2026-06-10', '2026-06-11'], null, { '2026-06-10': 1, '2026-06-11': 2 }],
  ])('%s', (_name, days, carry, expected) => {
    expect(Object.fromEntries(runsOf(days, carry))).toEqual(expected);
  });

  it.each([
    // today, runs → the streak shown
    ['2026-07-01', { '2026-07-01': 3 }, 3],
    ['2026-07-01', { '2026-06-30': 4 }, 4], // yesterday's run is alive until today ends
    ['2026-07-01', { '2026-06-29': 4 }, 0], // broken
    ['2026-07-01', {}, 0],
  ])('on %s with %j the run is %d', (today, runs, expected) => {
    expect(currentRun(today, new Map(Object.entries(runs)))).toBe(expected);
  });
});

describe('streak days and rewards (cycle of 7)', () => {
  it.each([
    [0, 0],
    [1, 1],
    [6, 6],
    [7, 7],
    [8, 1], // after the last reward day, day 1 again
    [14, 7],
    [15, 1],
    [30, 2],
  ])('run %d → streak day %d', (run, day) => expect(streakDayOf(run, RULES)).toBe(day));

  it.each([
    [1, 5, null],
    [6, 5, null],
    [7, 20, 'tpl-week'],
    [8, 0, null], // no rule for a day past the cycle (streakDayOf never gives one)
  ])('streak day %d earns %d points and coupon %s', (day, points, coupon) => {
    expect(rewardFor(day, RULES, () => '周券')).toEqual({ streakDay: day, points, couponTemplateId: coupon, couponName: coupon ? '周券' : null });
  });

  it.each([
    // run so far → the next reward worth naming
    [0, 7, 7], // nothing yet: day 7 is 7 check-ins away
    [3, 4, 7],
    [6, 1, 7],
    [7, 7, 7], // day 7 done: the next cycle's day 7
    [9, 5, 7],
  ])('after a run of %d the next named reward is %d check-ins away (streak day %d)', (run, inDays, streakDay) => {
    expect(nextReward(run, RULES)).toEqual({ inDays, reward: expect.objectContaining({ streakDay, points: 20, couponTemplateId: 'tpl-week' }) });
  });

  it.each([
    [0, 1],
    [2, 3],
    [3, 1], // cycle of 3
  ])('every day the same: after a run of %d the next reward is tomorrow\'s (streak day %d)', (run, streakDay) => {
    expect(nextReward(run, FLAT)).toEqual({ inDays: 1, reward: { streakDay, points: 5, couponTemplateId: null, couponName: null } });
  });

  it('no rewards: no next reward', () => {
    expect(nextReward(3, { ...FLAT, rewards: [] })).toBeNull();
  });
});

describe('make-ups (this week, before today, not before joining, Monday first)', () => {
  // Joined long before any of these weeks: only the week and today bound the days.
  const LONG_AGO = '2025-01-01';

  it.each<[string, string[], string, string[]]>([
    // Monday: nothing before today in this week.
    ['2026-06-01', [], LONG_AGO, []],
    // Thursday 06-04, checked Mon and Wed: Tuesday only.
    ['2026-06-04', ['2026-06-01', '2026-06-03'], LONG_AGO, ['2026-06-02']],
    // Sunday 06-07, nothing checked: Monday to Saturday.
    ['2026-06-07', [], LONG_AGO, ['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06']],
    // Friday 07-03: the week began Monday 06-29, across the month end.
    ['2026-07-03', ['2026-06-30', '2026-07-02'], LONG_AGO, ['2026-06-29', '2026-07-01']],
    // A year end: Saturday 2027-01-02, week from Monday 2026-12-28.
    ['2027-01-02', ['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31'], LONG_AGO, ['2027-01-01']],
    // Joined Wednesday 06-03, today Friday 06-05, nothing checked: Wednesday and Thursday, not Mon/Tue.
    ['2026-06-05', [], '2026-06-03', ['2026-06-03', '2026-06-04']],
    // Joined Wednesday 06-03 and checked in that day; today Saturday 06-06: Thursday and Friday.
    ['2026-06-06', ['2026-06-03'], '2026-06-03', ['2026-06-04', '2026-06-05']],
    // Joined today (Wednesday 06-03): nothing, though Monday and Tuesday are unchecked.
    ['2026-06-03', [], '2026-06-03', []],
    // Joined yesterday (Sunday 06-07), today Monday 06-08: a new week, nothing before today in it.
    ['2026-06-08', [], '2026-06-07', []],
    // Joined Sunday 06-07, today Tuesday 06-09: Monday only (the joining day is last week).
    ['2026-06-09', [], '2026-06-07', ['2026-06-08']],
    // Joined on this week's Monday 06-01, today Thursday 06-04: Monday to Wednesday, all of them.
    ['2026-06-04', [], '2026-06-01', ['2026-06-01', '2026-06-02', '2026-06-03']],
    // Joined Thursday 07-02 in a week spanning June and July, today Saturday 07-04: 07-02 and 07-03.
    ['2026-07-04', [], '2026-07-02', ['2026-07-02', '2026-07-03']],
  ])('on %s having checked %j, joined %s: %j', (today, checked, joined, expected) => {
    expect(makeUpCandidates(today, new Set(checked), joined)).toEqual(expected);
  });

  it.each<[string, string, string[], number, string, ReturnType<typeof makeUpRefusal>]>([
    ['2026-07-01', '2026-07-03', [], 0, LONG_AGO, null], // Wed, this week, missed
    ['2026-06-29', '2026-07-03', [], 0, LONG_AGO, null], // Monday of a week spanning two months
    ['2026-06-28', '2026-07-03', [], 0, LONG_AGO, 'NOT_THIS_WEEK'], // last Sunday
    ['2026-07-03', '2026-07-03', [], 0, LONG_AGO, 'NOT_BEFORE_TODAY'], // today: check in instead
    ['2026-07-04', '2026-07-03', [], 0, LONG_AGO, 'NOT_BEFORE_TODAY'],
    ['2026-07-01', '2026-07-03', ['2026-07-01'], 0, LONG_AGO, 'ALREADY_CHECKED'],
    ['2026-07-01', '2026-07-03', [], 1, LONG_AGO, null],
    ['2026-07-01', '2026-07-03', [], 2, LONG_AGO, 'LIMIT_REACHED'],
    // Joined Wednesday 07-01, today Friday 07-03: Monday 06-29 and Tuesday 06-30 came before them.
    ['2026-06-29', '2026-07-03', [], 0, '2026-07-01', 'BEFORE_JOINING'],
    ['2026-06-30', '2026-07-03', [], 0, '2026-07-01', 'BEFORE_JOINING'],
    // The joining day itself and the day after may be made up.
    ['2026-07-01', '2026-07-03', [], 0, '2026-07-01', null],
    ['2026-07-02', '2026-07-03', [], 0, '2026-07-01', null],
    // Before joining is refused even with the month's make-ups used up (the day is wrong first).
    ['2026-06-30', '2026-07-03', [], 2, '2026-07-01', 'BEFORE_JOINING'],
    // Last week's day stays NOT_THIS_WEEK for a member who joined even earlier…
    ['2026-06-28', '2026-07-03', [], 0, '2026-06-27', 'NOT_THIS_WEEK'],
    // …and for one who joined after it (the week bound is checked first).
    ['2026-06-28', '2026-07-03', [], 0, '2026-07-01', 'NOT_THIS_WEEK'],
    // Joined today (Friday 07-03): yesterday is before joining.
    ['2026-07-02', '2026-07-03', [], 0, '2026-07-03', 'BEFORE_JOINING'],
  ])('make up %s on %s (checked %j, %d used this month, joined %s): %s', (day, today, checked, used, joined, expected) => {
    expect(makeUpRefusal(day, today, new Set(checked), used, RULES, joined)).toBe(expected);
  });
});
