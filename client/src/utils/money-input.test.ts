import { cleanAmountInput, MAX_ORDER_FEN, parseYuanToFen } from './money-input';

describe('parseYuanToFen', () => {
  it.each([
    ['12.80', 1280],
    ['12.8', 1280],
    ['12.', 1200],
    ['58', 5800],
    ['58.00', 5800],
    ['0.29', 29],
    ['0.01', 1],
    [' 7.05 ', 705],
    ['100000', MAX_ORDER_FEN],
  ])('%s → %i fen', (text, fen) => {
    expect(parseYuanToFen(text)).toBe(fen);
  });

  it.each(['', '0', '0.00', '.5', '1.234', '-3', '1e3', 'abc', '12,80', '100000.01', '1.2.3'])('refuses %p', (text) => {
    expect(parseYuanToFen(text)).toBeNull();
  });

  it('never goes through a float: every cent from 0.01 to 9.99 is exact', () => {
    for (let fen = 1; fen < 1000; fen += 1) {
      const text = `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
      expect(parseYuanToFen(text)).toBe(fen);
    }
  });
});

describe('cleanAmountInput', () => {
  it.each([
    ['12.805', '12.80'],
    ['1.2.3', '1.23'],
    ['¥58', '58'],
    ['58。', '58'],
    ['abc', ''],
  ])('%p → %p', (typed, kept) => {
    expect(cleanAmountInput(typed)).toBe(kept);
  });
});
