import { countdown, type CountdownInput } from './countdown';

describe('the line under a live code', () => {
  const received = 1_000_000;
  const base: CountdownInput = { code: { refreshAfterMs: 30_000 }, receivedAt: received, status: 'ready', refreshing: false, retryAt: 0, validUntil: received + 60_000 };

  it.each<[string, Partial<CountdownInput>, number, boolean, number, string]>([
    ['just arrived', {}, received, true, 1, '30 秒后自动刷新 · 点此刷新'],
    ['7.5 s later', {}, received + 7_500, true, 0.75, '23 秒后自动刷新 · 点此刷新'],
    ['a phone clock behind the arrival', {}, received - 5_000, true, 1, '30 秒后自动刷新 · 点此刷新'],
    ['refresh due, on its way', { refreshing: true }, received + 30_000, true, 0, '正在刷新…'],
    ['refresh failed, old code still valid', { status: 'error', retryAt: received + 34_000 }, received + 30_000, true, 0, '刷新失败，4 秒后重试 · 点此重试'],
    ['retrying after a failure', { status: 'error', refreshing: true }, received + 31_000, true, 0, '正在重试…'],
    ['past its lifetime', {}, received + 60_000, false, 0, '点此刷新'],
    ['nothing yet', { code: null, receivedAt: 0, status: 'loading', refreshing: true, validUntil: 0 }, received, false, 0, '正在刷新…'],
  ])('%s', (_name, change, now, valid, fraction, label) => {
    const shown = countdown({ ...base, ...change }, now);
    expect(shown.valid).toBe(valid);
    expect(shown.fraction).toBeCloseTo(fraction, 5);
    expect(shown.label).toBe(label);
  });
});
