/** How a brand awards and expires points. Stored in settings/points; operators edit it. */
export interface PointsPolicy {
  /** Points per whole yuan paid, before the tier multiplier. */
  pointsPerYuan: number;
  /** Growth value per whole yuan paid (no multiplier: tiers follow spending). */
  growthPerYuan: number;
  /** Orders below this amount (fen) earn nothing. */
  minOrderFen: number;
  /** Most points one member can earn from purchases in one brand-zone day; null = no cap. */
  dailyCapPoints: number | null;
  expiry: { type: 'end_of_next_year' } | { type: 'days'; days: number };
  /** Days before a bucket expires that the member is reminded. */
  reminderDays: number;
}

export const DEFAULT_POINTS_POLICY: PointsPolicy = {
  pointsPerYuan: 1,
  growthPerYuan: 1,
  minOrderFen: 100,
  dailyCapPoints: 5000,
  expiry: { type: 'end_of_next_year' },
  reminderDays: 30,
};
