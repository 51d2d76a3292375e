import { z } from 'zod';

// Control characters never belong in text shown to people (a badge, a receipt, a member's
// history), nor do the bidi overrides that make text read differently from how it is stored.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Trimmed text of `min` to `max` characters, counted as people count them (一个汉字 = 1). */
export function displayText(max: number, min = 1) {
  return z
    .string()
    .max(max * 4)
    .trim()
    .min(min)
    .refine((s) => Array.from(s).length <= max, { message: `at most ${max} characters` })
    .refine((s) => !CONTROL.test(s), { message: 'control characters' });
}
