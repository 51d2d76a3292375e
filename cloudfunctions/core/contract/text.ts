import { z } from 'zod';

// Text shown to people (a store or staff name on a badge or receipt, the reason a member reads
// in their history) must read as it is stored:
// - No control characters, and nothing that changes the reading order: the bidi embeddings,
//   overrides and isolates, and the bidi marks LRM, RLM and ALM (U+200E, U+200F, U+061C), which
//   are invisible yet move neutral characters and digits around them. Refused anywhere.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
// - No lone surrogates: half a UTF-16 pair is no character at all (UTF-8 cannot carry it, so it
//   turns into U+FFFD on its way to a receipt or a WeChat message). With the u flag, a class of
//   the surrogate range matches only an unpaired one; a well-formed pair is one code point.
const LONE_SURROGATE = /[\ud800-\udfff]/u;
// - Something visible. Whitespace and the default-ignorable code points (zero-width space,
//   ZWNJ, ZWJ, word joiner, BOM, soft hyphen, variation selectors, Hangul fillers, tag
//   characters…) draw nothing, nor does the braille blank; a name made only of them is a blank
//   name, and is refused.
//   Between visible characters they are allowed: ZWJ makes one emoji of several
//   ('👨‍👩‍👧' is 👨 ZWJ 👩 ZWJ 👧), variation selector 16 gives '❤️' its colour, tag
//   characters spell subdivision flags, and ZWNJ/ZWJ are part of spelling in Persian and Indic
//   scripts. There they cannot reorder anything (unlike the bidi marks above).
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]/gu;

/**
 * Trimmed text of `min` to `max` characters, counted as people count them (一个汉字 = 1), with
 * something visible in it. A refusal surfaces as INVALID_INPUT on the field (see the router).
 */
export function displayText(max: number, min = 1) {
  return z
    .string()
    .max(max * 4)
    .trim()
    .min(min)
    .refine((s) => Array.from(s).length <= max, { message: `at most ${max} characters` })
    .refine((s) => !CONTROL.test(s), { message: 'control or bidi characters' })
    .refine((s) => !LONE_SURROGATE.test(s), { message: 'lone surrogate' })
    .refine((s) => s.replace(INVISIBLE, '') !== '', { message: 'nothing visible' });
}
