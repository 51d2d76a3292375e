// How the earning multipliers combine (issue 12): the tier's, the paid membership's and, in the
// member's birthday window, the tier's birthday multiplier. Each is a whole percent (150 = ×1.5).
//
// The rule: their EXTRAS add up, they do not multiply. 100 + (tier − 100) + (paid − 100) +
// (birthday − 100). A gold member (150) with a paid card (120) on their birthday (200) earns at
// 270 %, not 360 %: each benefit is worth to the member exactly what it says on its own, and the
// brand's liability grows linearly with the benefits it grants. A benefit not in force counts 100.

export interface MultiplierInputs {
  tierPercent: number;
  /** The paid membership's, only while a period covers the moment; null otherwise. */
  paidPercent: number | null;
  /** The tier's birthdayMultiplierPercent, only inside the birthday window; null otherwise. */
  birthdayPercent: number | null;
}

export function earnMultiplierPercent({ tierPercent, paidPercent, birthdayPercent }: MultiplierInputs): number {
  const extra = (percent: number | null) => (percent === null ? 0 : Math.max(0, percent - 100));
  return 100 + extra(tierPercent) + extra(paidPercent) + extra(birthdayPercent);
}
