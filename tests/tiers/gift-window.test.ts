import { inGiftWindow } from '../../cloudfunctions/core/tiers/gifts-pending';

// Tier gifts once per tier per window: a window opens in the brand-zone month the tier is
// reached and lasts windowMonths months; reaching the tier again inside it gives nothing.

const brand = (windowMonths: number) => ({ timeZone: 'Asia/Shanghai', tierPolicy: { windowMonths, downgradeNoticeDays: 30 } });

it.each([
  // opened,  now (UTC),                  window → still inside
  ['2026-03', '2026-03-01T00:00:00Z', 12, true],
  ['2026-03', '2027-02-28T15:59:59Z', 12, true], // 23:59:59 on 28 Feb 2027 in Shanghai
  ['2026-03', '2027-02-28T16:00:00Z', 12, false], // 00:00 on 1 March 2027 in Shanghai: 12 months on
  ['2026-12', '2027-05-31T15:59:59Z', 6, true],
  ['2026-12', '2027-05-31T16:00:00Z', 6, false],
  ['2026-06', '2026-06-30T16:00:00Z', 1, false], // July in Shanghai
  ['2026-06', '2026-06-30T15:59:59Z', 1, true],
] as const)('opened %s, at %s, window %i months → %s', (opened, now, months, inside) => {
  expect(inGiftWindow(opened, new Date(now), brand(months))).toBe(inside);
});
