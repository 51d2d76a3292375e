// What a live code's page shows under the code, from the store's state and the page's clock:
// whether the code may be drawn, how far the refresh bar has run, and the line under it.

export interface CountdownInput {
  code: { refreshAfterMs: number } | null;
  receivedAt: number;
  status: 'idle' | 'loading' | 'ready' | 'error';
  refreshing: boolean;
  retryAt: number;
  /** Phone time until which the shown code is valid (0 without a code). */
  validUntil: number;
}

export interface Countdown {
  /** The code may be drawn: an expired one never is, a cashier must not scan a dead code. */
  valid: boolean;
  failed: boolean;
  /** 1 just after a refresh, 0 when the next is due. */
  fraction: number;
  /** "23 秒后自动刷新 · 点此刷新", "刷新失败，4 秒后重试 · 点此重试", "正在刷新…" */
  label: string;
}

export function countdown(input: CountdownInput, now: number): Countdown {
  const { code, receivedAt, status, refreshing, retryAt, validUntil } = input;
  // The clock ticks once a second; a code that arrived since counts from its own arrival.
  const at = Math.max(now, receivedAt);
  const valid = code !== null && at < validUntil;
  const failed = status === 'error';
  const left = code && !failed ? Math.max(0, receivedAt + code.refreshAfterMs - at) : 0;
  const refreshIn = Math.ceil(left / 1000);
  const fraction = code ? left / code.refreshAfterMs : 0;
  const retryIn = Math.ceil(Math.max(0, retryAt - at) / 1000);
  // A failed refresh says so and when the next try comes, never "0 秒后自动刷新".
  const label = refreshing
    ? failed
      ? '正在重试…'
      : '正在刷新…'
    : failed
      ? `刷新失败，${retryIn} 秒后重试 · 点此重试`
      : valid
        ? `${refreshIn} 秒后自动刷新 · 点此刷新`
        : '点此刷新';
  return { valid, failed, fraction, label };
}
