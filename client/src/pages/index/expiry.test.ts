import { daysUntil, expiresSoon } from './expiry';

describe('when points count as expiring soon on the home screen', () => {
  // 2026-11-23 10:00 in Shanghai.
  const now = Date.parse('2026-11-23T02:00:00Z');

  it('counts days on the brand calendar', () => {
    expect(daysUntil('2026-11-23', now)).toBe(0);
    expect(daysUntil('2026-12-23', now)).toBe(30);
    expect(daysUntil('2027-12-31', now)).toBe(403);
    // 23:30 UTC on the 22nd is already the 23rd in Shanghai.
    expect(daysUntil('2026-11-23', Date.parse('2026-11-22T23:30:00Z'))).toBe(0);
  });

  it('shows points expiring within the 30-day window only', () => {
    expect(expiresSoon('2026-11-23', now)).toBe(true);
    expect(expiresSoon('2026-12-23', now)).toBe(true);
    expect(expiresSoon('2026-12-24', now)).toBe(false);
    expect(expiresSoon('2027-12-31', now)).toBe(false);
    expect(expiresSoon('2026-11-22', now)).toBe(false);
  });

  it('takes another window when given one', () => {
    expect(expiresSoon('2026-12-03', now, 7)).toBe(false);
    expect(expiresSoon('2026-11-30', now, 7)).toBe(true);
  });
});
