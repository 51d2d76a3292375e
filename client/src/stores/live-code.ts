import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { messageOf } from '../api';
import type { LoadStatus } from './member';
import { retryDelayMs } from './member-code-schedule';
import { forgetOnSignOut } from './session';

/** A code shown at the counter: a signed token that lives briefly and is fetched again on its schedule. */
export interface LiveCode {
  token: string;
  refreshAfterMs: number;
}

export interface LiveCodeState<T extends LiveCode> {
  /** What the code is of (a coupon id); '' for the member code, which is of the caller. */
  key: string;
  code: T | null;
  /** When the code arrived, by this phone's clock: refresh and expiry count from here, so a phone whose clock is off still refreshes on time. */
  receivedAt: number;
  status: LoadStatus;
  error: string | null;
  /** A call is on its way (the first code, or a refresh with the old code still on screen). */
  refreshing: boolean;
  /** Failed loads in a row: each makes the next automatic try wait longer. */
  failures: number;
  /** After a failure, when the next automatic try is due (phone clock); 0 otherwise. */
  retryAt: number;
  /** Fetches a fresh code; the old one stays on screen while it loads. */
  load: () => Promise<void>;
  /** Shows the code of another target: the last one's code is forgotten, never shown for this one. */
  open: (key: string) => void;
  reset: () => void;
}

export type LiveCodeStore<T extends LiveCode> = UseBoundStore<StoreApi<LiveCodeState<T>>>;

/**
 * The member-code mechanism for any code: one call in flight, the old code kept on screen while
 * a new one loads, a growing pause after failures, and answers for a forgotten target dropped.
 */
export function createLiveCode<T extends LiveCode>(fetch: (key: string) => Promise<T>): LiveCodeStore<T> {
  let inFlight: Promise<void> | null = null;
  let generation = 0;
  const blank = { code: null, receivedAt: 0, status: 'idle' as LoadStatus, error: null, refreshing: false, failures: 0, retryAt: 0 };

  const store = create<LiveCodeState<T>>()((set, get) => ({
    key: '',
    ...blank,
    load: () => {
      if (inFlight) return inFlight;
      const mine = generation;
      // The error stays until the answer: the page keeps saying the last try failed while it retries.
      set((state) => ({ status: state.code || state.status === 'error' ? state.status : 'loading', refreshing: true }));
      const call: Promise<void> = fetch(get().key)
        .then((code) => {
          // A success puts the page back on the code's own refresh cycle.
          if (mine === generation) set({ code, receivedAt: Date.now(), status: 'ready', error: null, refreshing: false, failures: 0, retryAt: 0 });
        })
        .catch((error: unknown) => {
          if (mine !== generation) return;
          set((state) => {
            const failures = state.failures + 1;
            return { status: 'error', error: messageOf(error), refreshing: false, failures, retryAt: Date.now() + retryDelayMs(failures) };
          });
        })
        .finally(() => {
          if (inFlight === call) inFlight = null;
        });
      inFlight = call;
      return call;
    },
    open: (key) => {
      if (key === get().key) return;
      generation += 1;
      inFlight = null;
      set({ key, ...blank });
    },
    reset: () => {
      generation += 1;
      inFlight = null;
      set({ key: '', ...blank });
    },
  }));
  forgetOnSignOut(() => store.getState().reset());
  return store;
}
