import { mulDivFloor } from '../ledger/arithmetic';

// Points as cash (积分抵现), pure. The brand sets how many points make one yuan and what share
// of the amount left after coupons points may pay. Points are spent only in whole-fen steps:
// with P points per yuan, the smallest exchange is P/g points for 100/g fen (g = gcd(P, 100)),
// so no point is ever spent on a fraction of a fen. 100 points = ¥1 → 1 point per fen;
// 150 points = ¥1 → 3 points per 2 fen; 1 point = ¥1 → 1 point per 100 fen.

export interface PointsAsCashRule {
  /** Points that pay one yuan (100 = 100 points per ¥1). */
  pointsPerYuan: number;
  /** Most of the amount left after coupons that points may pay, as a whole percentage (50 = half). */
  capPercent: number;
}

export interface PointsStep {
  points: number;
  fen: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export function pointsStep(rule: PointsAsCashRule): PointsStep {
  const g = gcd(rule.pointsPerYuan, 100);
  return { points: rule.pointsPerYuan / g, fen: 100 / g };
}

export interface PointsOffer {
  /** Most points this order can take (a whole number of steps). */
  maxPoints: number;
  /** What maxPoints pay, in fen. */
  maxFen: number;
  /** The cap in fen: floor(amount left × capPercent / 100), rounded down (it is a limit). */
  capFen: number;
  /** Which limit stops it: the cap on the order, or the member's balance (the cap when equal). */
  limitedBy: 'cap' | 'balance';
  step: PointsStep;
}

/** The most points the member may spend on `dueFen` left after coupons. */
export function pointsOffer(rule: PointsAsCashRule, dueFen: number, balance: number): PointsOffer {
  const step = pointsStep(rule);
  const capFen = mulDivFloor(dueFen, rule.capPercent, 100);
  const byCap = Math.floor(capFen / step.fen);
  const byBalance = Math.floor(Math.max(balance, 0) / step.points);
  const steps = Math.min(byCap, byBalance);
  return { maxPoints: steps * step.points, maxFen: steps * step.fen, capFen, limitedBy: byBalance < byCap ? 'balance' : 'cap', step };
}

/** Fen paid by `points`, which must be a whole number of steps. */
export function pointsToFen(rule: PointsAsCashRule, points: number): number {
  const step = pointsStep(rule);
  if (points % step.points !== 0) throw new Error(`${points} points is not a whole number of ${step.points}-point steps`);
  return (points / step.points) * step.fen;
}
