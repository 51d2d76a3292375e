// What the console's forms share when they read typed text: fen shown as yuan text, 折 read as a
// percentage, digits grouped for messages, and a reader that keeps each field's first problem
// under the field path the server's INVALID_INPUT names (so a server refusal lands beside the
// same input). Pure: the forms' own rules (coupon/form-model.ts, paid-plans/form-model.ts) build on it.

export interface FieldProblem {
  field: string;
  message: string;
}

/** Fen as yuan text without floats or grouping: 2000 → "20", 1050 → "10.5", 1005 → "10.05". */
export function fenToYuanText(fen: number): string {
  const whole = Math.trunc(fen / 100);
  const cents = fen % 100;
  if (cents === 0) return String(whole);
  return cents % 10 === 0 ? `${whole}.${cents / 10}` : `${whole}.${String(cents).padStart(2, '0')}`;
}

/** "8" → 80, "8.5" → 85, "0.5" → 5, "9.9" → 99; "10", "0", "8.55", "abc" → null. */
export function parseZhe(text: string): number | null {
  const match = /^(\d)(?:\.(\d))?$/.exec(text.trim());
  if (!match) return null;
  const percent = Number(match[1]) * 10 + Number(match[2] ?? '0');
  return percent >= 1 && percent <= 99 ? percent : null;
}

/** 80 → "8", 85 → "8.5", 5 → "0.5". */
export function zheOf(percent: number): string {
  const tenths = percent % 10;
  return `${Math.trunc(percent / 10)}${tenths ? `.${tenths}` : ''}`;
}

/** "10000000" → "10,000,000" (no Intl: some mini-program runtimes lack it). */
export function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Collects problems while a form's draft is read; each field keeps its first problem. */
export class FieldReader {
  readonly problems: FieldProblem[] = [];

  fail(field: string, message: string): void {
    if (!this.problems.some((p) => p.field === field)) this.problems.push({ field, message });
  }

  /** A whole number in [min, max]; 0 (with a problem) otherwise. */
  int(value: string, field: string, label: string, min: number, max: number): number {
    const trimmed = value.trim();
    if (!/^\d{1,9}$/.test(trimmed) || Number(trimmed) < min || Number(trimmed) > max) {
      this.fail(field, `${label}须为 ${groupDigits(String(min))} 到 ${groupDigits(String(max))} 的整数`);
      return 0;
    }
    return Number(trimmed);
  }
}
