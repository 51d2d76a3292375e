// What a cashier types into an amount field: yuan with at most two decimals ("12.8", "12.80",
// "58"). Converted to integer fen by splitting on '.', never through a float, so "0.29" is
// exactly 29 fen and not 28.999….

/** The largest amount one in-store order may carry: ¥100,000 (the contract's limit). */
export const MAX_ORDER_FEN = 10_000_000;

const YUAN = /^(\d{1,9})(?:\.(\d{0,2}))?$/;

/** "12.80" → 1280, "58" → 5800, ".5" / "1.234" / "abc" / "0" → null. */
export function parseYuanToFen(text: string): number | null {
  const match = YUAN.exec(text.trim());
  if (!match) return null;
  const yuan = Number(match[1]);
  const cents = Number((match[2] ?? '').padEnd(2, '0'));
  const fen = yuan * 100 + cents;
  if (!Number.isSafeInteger(fen) || fen <= 0 || fen > MAX_ORDER_FEN) return null;
  return fen;
}

/** Keeps what may still become a valid amount while the cashier types: digits and one '.', 2 decimals. */
export function cleanAmountInput(text: string): string {
  const kept = text.replace(/[^\d.]/g, '');
  const dot = kept.indexOf('.');
  if (dot === -1) return kept.slice(0, 9);
  return `${kept.slice(0, dot).slice(0, 9)}.${kept.slice(dot + 1).replace(/\./g, '').slice(0, 2)}`;
}
