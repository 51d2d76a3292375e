// Integer arithmetic for money and points. Amounts are whole fen or whole points; nothing here
// passes through a float.

export function assertAmount(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new Error(`${what} must be a safe integer, got ${value}`);
}

/** floor(a * b / c) exactly, for proportional splits (a * b can exceed 2^53). */
export function mulDivFloor(a: number, b: number, c: number): number {
  if (c <= 0) throw new Error(`mulDivFloor: divisor must be positive, got ${c}`);
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/** a * b / c rounded half up, exactly. */
export function mulDivRound(a: number, b: number, c: number): number {
  if (c <= 0) throw new Error(`mulDivRound: divisor must be positive, got ${c}`);
  return Number((BigInt(a) * BigInt(b) * 2n + BigInt(c)) / (2n * BigInt(c)));
}

export function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
