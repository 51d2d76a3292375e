import { canUndo, undoTimeLeft } from './undo-window';

const UNTIL = '2026-11-23T06:10:00.000Z';
const at = (iso: string) => Date.parse(iso);

describe('the 撤销 button of a gift redemption', () => {
  const table: [string, 'redeemed' | 'undone', string, boolean][] = [
    ['just redeemed', 'redeemed', '2026-11-23T06:00:00.000Z', true],
    ['one second before the end', 'redeemed', '2026-11-23T06:09:59.000Z', true],
    ['at the end', 'redeemed', '2026-11-23T06:10:00.000Z', false],
    ['after the end', 'redeemed', '2026-11-23T06:30:00.000Z', false],
    ['already undone', 'undone', '2026-11-23T06:01:00.000Z', false],
  ];
  it.each(table)('%s', (_name, status, now, expected) => {
    expect(canUndo({ status, undoUntil: UNTIL }, at(now))).toBe(expected);
  });
});

describe('the time left to undo', () => {
  const table: [string, string][] = [
    ['2026-11-23T06:00:00.000Z', '10:00'],
    ['2026-11-23T06:00:00.500Z', '9:59'],
    ['2026-11-23T06:09:01.000Z', '0:59'],
    ['2026-11-23T06:10:00.000Z', '0:00'],
    ['2026-11-23T07:00:00.000Z', '0:00'],
  ];
  it.each(table)('at %s: %s', (now, expected) => {
    expect(undoTimeLeft(UNTIL, at(now))).toBe(expected);
  });
});
