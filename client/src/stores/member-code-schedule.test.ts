import { nextLoadAt, retryDelayMs } from './member-code-schedule';

describe('when the member code page asks for a new code', () => {
  it('waits longer after each failure in a row, up to 30 seconds', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(retryDelayMs)).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(retryDelayMs(0)).toBe(0);
  });

  it('follows the code\'s refresh time while refreshes succeed', () => {
    expect(nextLoadAt({ code: { refreshAfterMs: 30_000 }, receivedAt: 1_000, status: 'ready', retryAt: 0 })).toBe(31_000);
    expect(nextLoadAt({ code: null, receivedAt: 0, status: 'idle', retryAt: 0 })).toBe(0);
  });

  it('waits for the retry time after a failure, with or without a code on screen', () => {
    expect(nextLoadAt({ code: { refreshAfterMs: 30_000 }, receivedAt: 1_000, status: 'error', retryAt: 39_000 })).toBe(39_000);
    expect(nextLoadAt({ code: null, receivedAt: 0, status: 'error', retryAt: 5_000 })).toBe(5_000);
  });
});
