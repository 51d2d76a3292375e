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
  /** 积分抵现 at checkout: how many points pay one yuan and the most of an order they may pay; null = off. */
  pointsAsCash: { pointsPerYuan: number; capPercent: number } | null;
  /** Whether what the wallet pays earns points and growth (what points and coupons pay never does). */
  walletEarns: boolean;
}

export const DEFAULT_POINTS_POLICY: PointsPolicy = {
  pointsPerYuan: 1,
  growthPerYuan: 1,
  minOrderFen: 100,
  dailyCapPoints: 5000,
  expiry: { type: 'end_of_next_year' },
  reminderDays: 30,
  pointsAsCash: { pointsPerYuan: 100, capPercent: 50 },
  walletEarns: true,
};
