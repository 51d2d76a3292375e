import type { CheckInRewardView } from '../contract';
import type { EngagementPolicy } from '../brand/settings';

// The check-in (签到) rules, pure: days are brand-zone calendar days 'YYYY-MM-DD'. No I/O and no
// clock: the service passes today and what it read. Tested by tables (tests/engagement).

export type CheckInRules = EngagementPolicy['checkIn'];

const DAY_MS = 86_400_000;

function toUtc(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The calendar day `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  return fromUtc(toUtc(day) + n * DAY_MS);
}

/** Whether `day` is a real calendar day written 'YYYY-MM-DD' (2026-02-30 is not). */
export function isCalendarDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && fromUtc(toUtc(day)) === day;
}

/** The day's month, 'YYYY-MM'. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** Every day of a month 'YYYY-MM', in order. */
export function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number);
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** The Monday of the week holding `day` (weeks run Monday to Sunday). */
export function weekStart(day: string): string {
  const weekday = new Date(toUtc(day)).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/**
 * The length of the run of consecutive checked days ending at each checked day. `carry` is what
 * is known just before the days given: the run ending at some earlier day (stored on its
 * check-in document), so a window of days can be recomputed without reading all of history.
 * A day whose previous day is neither checked nor the carry's day starts a run of 1 (a broken
 * streak restarts).
 */
export function runsOf(checkedDays: readonly string[], carry: { day: string; run: number } | null = null): Map<string, number> {
  const runs = new Map<string, number>();
  if (carry) runs.set(carry.day, carry.run);
  for (const day of [...new Set(checkedDays)].sort()) {
    if (carry && day <= carry.day) continue;
    runs.set(day, (runs.get(addDays(day, -1)) ?? 0) + 1);
  }
  return runs;
}

/** The last streak day that has a reward: after it the streak starts again at day 1. */
export function cycleLength(rules: CheckInRules): number {
  return Math.max(1, ...rules.rewards.map((r) => r.streakDay));
}

/** The streak day (1…cycle) a run of `run` consecutive days has reached: day 8 of a 7-day cycle is day 1 again. */
export function streakDayOf(run: number, rules: CheckInRules): number {
  if (run <= 0) return 0;
  return ((run - 1) % cycleLength(rules)) + 1;
}

/** What a streak day earns (a day the rules leave out earns nothing). */
export function rewardFor(streakDay: number, rules: CheckInRules, couponName: (templateId: string) => string | null = () => null): CheckInRewardView {
  const rule = rules.rewards.find((r) => r.streakDay === streakDay);
  const couponTemplateId = rule?.couponTemplateId ?? null;
  return { streakDay, points: rule?.points ?? 0, couponTemplateId, couponName: couponTemplateId ? couponName(couponTemplateId) : null };
}

/**
 * The streak as the member sees it today: the run ending today if checked, else the run ending
 * yesterday (still alive until today ends), else 0.
 */
export function currentRun(today: string, runs: Map<string, number>): number {
  return runs.get(today) ?? runs.get(addDays(today, -1)) ?? 0;
}

/**
 * The next reward worth naming and how many check-ins away it is: the nearest upcoming streak
 * day with a coupon or more points than day 1 of the streak earns. When every day earns the
 * same, the next check-in's reward (1 away). The next check-in is today's if today is not
 * checked, else tomorrow's; both are 1 away.
 */
export function nextReward(run: number, rules: CheckInRules): { inDays: number; reward: CheckInRewardView } | null {
  if (rules.rewards.length === 0) return null;
  const base = rewardFor(1, rules).points;
  const cycle = cycleLength(rules);
  for (let ahead = 1; ahead <= cycle; ahead++) {
    const reward = rewardFor(streakDayOf(run + ahead, rules), rules);
    if (reward.couponTemplateId || reward.points > base) return { inDays: ahead, reward };
  }
  return { inDays: 1, reward: rewardFor(streakDayOf(run + 1, rules), rules) };
}

/**
 * The days of today's week (Monday first) before today that are not checked and not before the
 * member joined (`joinedDay`, the brand-zone day of registration): what may be made up.
 */
export function makeUpCandidates(today: string, checkedDays: ReadonlySet<string>, joinedDay: string): string[] {
  const days: string[] = [];
  const monday = weekStart(today);
  for (let day = joinedDay > monday ? joinedDay : monday; day < today; day = addDays(day, 1)) if (!checkedDays.has(day)) days.push(day);
  return days;
}

export type MakeUpRefusal = 'NOT_THIS_WEEK' | 'NOT_BEFORE_TODAY' | 'BEFORE_JOINING' | 'ALREADY_CHECKED' | 'LIMIT_REACHED' | null;

/**
 * Whether `day` may be made up today: a day of today's week, before today, on or after the day
 * the member joined (`joinedDay`, brand zone), not checked, with make-ups left this month
 * (`usedThisMonth` counts make-ups made in today's month).
 */
export function makeUpRefusal(day: string, today: string, checkedDays: ReadonlySet<string>, usedThisMonth: number, rules: CheckInRules, joinedDay: string): MakeUpRefusal {
  if (day >= today) return 'NOT_BEFORE_TODAY';
  if (day < weekStart(today)) return 'NOT_THIS_WEEK';
  if (day < joinedDay) return 'BEFORE_JOINING';
  if (checkedDays.has(day)) return 'ALREADY_CHECKED';
  if (usedThisMonth >= rules.makeUpPerMonth) return 'LIMIT_REACHED';
  return null;
}
