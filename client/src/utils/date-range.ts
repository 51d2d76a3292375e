// Date ranges of the console's reports, as brand-zone calendar days ("2026-03-01").

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-03-01", -1 → "2026-02-28" (calendar arithmetic, no time zone involved). */
export function shiftDay(day: string, by: number): string {
  const match = DAY.exec(day);
  if (!match) throw new RangeError(`not a day: ${day}`);
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + by));
  return date.toISOString().slice(0, 10);
}

/** The last `days` days up to and including `today`. */
export function lastDays(today: string, days: number): { from: string; to: string } {
  return { from: shiftDay(today, -(days - 1)), to: today };
}

/** Why a range cannot be asked for, or null: the server takes at most 366 days, from ≤ to. */
export function rangeProblem(from: string, to: string): string | null {
  if (!DAY.test(from) || !DAY.test(to)) return '请选择开始和结束日期';
  if (from > to) return '开始日期不能晚于结束日期';
  if (shiftDay(from, 365) < to) return '一次最多查询 366 天';
  return null;
}
