import { displayText } from '../../cloudfunctions/core/contract/text';

// Display text (store and staff names, the reason a member reads in their history): what is
// stored must be what people see. Hand-written cases; the escapes spell out what is invisible.

const name = displayText(40);

describe('displayText', () => {
  it.each<[string, string]>([
    ['Chinese', '张三'],
    ['a family emoji joined by U+200D ZWJ', '👨\u200D👩\u200D👧'],
    ['the same, as typed', '👨‍👩‍👧'],
    ['an emoji with variation selector 16', '\u2764\uFE0F'],
    ['a flag (regional indicator pair)', '🇨🇳'],
    ['a precomposed accent', 'Café'],
    ['a combining accent', 'Cafe\u0301'],
    ['a space between words', 'A B'],
    ['an ideographic space between words', '国贸\u3000店'],
    ['ZWNJ inside Persian text, where spelling needs it', 'می\u200Cخواهم'],
    ['a single visible character', '店'],
    ['a 40-character name with an astral emoji', `${'店'.repeat(39)}😀`],
  ])('takes %s', (_, text) => {
    expect(name.safeParse(text)).toEqual({ success: true, data: text });
  });

  it('trims surrounding whitespace', () => {
    expect(name.parse('  国贸店 ')).toBe('国贸店');
  });

  it.each<[string, string]>([
    // Nothing visible: empty once whitespace and zero-width/format characters are removed.
    ['an empty string', ''],
    ['spaces', '   '],
    ['ideographic spaces', '\u3000\u3000'],
    ['zero-width spaces', '\u200B\u200B'],
    ['a lone ZWJ', '\u200D'],
    ['ZWNJ and ZWJ', '\u200C\u200D'],
    ['a word joiner', '\u2060'],
    ['a byte-order mark', '\uFEFF'],
    ['zero-width characters between spaces', ' \u200B \u2060 \uFEFF '],
    ['a soft hyphen', '\u00AD'],
    ['a variation selector alone', '\uFE0F'],
    ['Hangul fillers (blank "names" in chat apps)', '\u3164\u3164'],
    ['a braille blank', '\u2800'],
    ['invisible tag characters', '\u{E0041}\u{E0042}'],
    // Bidi marks reorder what is around them, anywhere in the text.
    ['a leading LRM', '\u200E张三'],
    ['a trailing RLM', '张三\u200F'],
    ['an RLM inside', '张\u200F三'],
    ['an Arabic letter mark', '张\u061C三'],
    ['only bidi marks', '\u200E\u200F'],
    // Lone surrogates are not text at all (they cannot be encoded as UTF-8).
    ['a lone high surrogate inside', '张\uD800三'],
    ['a lone high surrogate', '\uD800'],
    ['a lone low surrogate', '\uDC00张三'],
    ['a high surrogate at the end', '张三\uD83D'],
    ['surrogates in the wrong order', '\uDE00\uD83D'],
    // Still refused, as before.
    ['a control character', '张\u0000三'],
    ['a line break', '国贸\n店'],
    ['a bidi override', '张\u202E三'],
    ['a bidi isolate', '\u2066张三\u2069'],
    ['41 characters', '店'.repeat(41)],
  ])('refuses %s', (_, text) => {
    expect(name.safeParse(text).success).toBe(false);
  });

  it('a reason (at least two characters) made of two zero-width spaces is refused too', () => {
    const reason = displayText(100, 2);
    expect(reason.safeParse('补发').success).toBe(true);
    expect(reason.safeParse('\u200B\u200B').success).toBe(false);
  });
});
