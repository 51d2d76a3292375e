import { earnMultiplierPercent } from '../../cloudfunctions/core/points/multiplier';

// Expected values worked out by hand: 100 + each benefit's extra over 100.
describe('earning multipliers combine by adding their extras', () => {
  test.each([
    // tier, paid, birthday → combined
    [100, null, null, 100], // nothing: ×1
    [150, null, null, 150], // gold alone
    [150, 120, null, 170], // gold + paid card: 100 + 50 + 20
    [150, 120, 200, 270], // + birthday: 100 + 50 + 20 + 100 (not 150 × 1.2 × 2 = 360)
    [100, 120, null, 120], // paid card alone
    [100, null, 200, 200], // birthday alone
    [125, 100, 100, 125], // benefits of 100 add nothing
    [90, null, null, 100], // a multiplier below 100 never takes points away
  ])('tier %p, paid %p, birthday %p → %p', (tierPercent, paidPercent, birthdayPercent, expected) => {
    expect(earnMultiplierPercent({ tierPercent, paidPercent, birthdayPercent })).toBe(expected);
  });
});
