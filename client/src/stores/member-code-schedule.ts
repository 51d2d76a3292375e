import type { LoadStatus } from './member';

// When the member code page asks for a new code: on the code's own schedule while refreshes
// succeed, and after a failure with a growing pause, so a phone offline at the counter does not
// call the server every second.

const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 30_000;

/** The pause after the n-th failure in a row: 2 s, 4 s, 8 s, 16 s, then 30 s. */
export function retryDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  // Capped before the power grows past what a number holds exactly.
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(failures - 1, 10));
}

export interface CodeSchedule {
  code: { refreshAfterMs: number } | null;
  receivedAt: number;
  status: LoadStatus;
  /** After a failure: when the next automatic try is due. */
  retryAt: number;
}

/** The phone-clock time the next automatic load is due: the retry after a failure, else the code's refresh time, else now. */
export function nextLoadAt({ code, receivedAt, status, retryAt }: CodeSchedule): number {
  if (status === 'error') return retryAt;
  if (!code) return 0;
  return receivedAt + code.refreshAfterMs;
}
