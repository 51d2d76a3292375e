// Calendar months as the server names them ("2026-03"), for the leaderboards' month switcher.

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "2026-01", -1 → "2025-12"; "2025-12", +1 → "2026-01". */
export function shiftMonth(month: string, by: number): string {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`not a month: ${month}`);
  const index = Number(match[1]) * 12 + (Number(match[2]) - 1) + by;
  const year = Math.floor(index / 12);
  return `${year}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** "2026-03" → "2026年3月". */
export function monthLabel(month: string): string {
  const match = MONTH.exec(month);
  return match ? `${match[1]}年${Number(match[2])}月` : month;
}
