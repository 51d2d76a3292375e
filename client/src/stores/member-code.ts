import type { MemberCodeResult } from '@contract';
import { create } from 'zustand';
import { callFunction, messageOf } from '../api';
import type { LoadStatus } from './member';
import { retryDelayMs } from './member-code-schedule';
import { forgetOnSignOut } from './session';

export { nextLoadAt, retryDelayMs } from './member-code-schedule';

export interface MemberCodeState {
  code: MemberCodeResult | null;
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
  reset: () => void;
}

let inFlight: Promise<void> | null = null;
let generation = 0;

export const useMemberCode = create<MemberCodeState>()((set) => ({
  code: null,
  receivedAt: 0,
  status: 'idle',
  error: null,
  refreshing: false,
  failures: 0,
  retryAt: 0,
  load: () => {
    if (inFlight) return inFlight;
    const mine = generation;
    // The error stays until the answer: the page keeps saying the last try failed while it retries.
    set((state) => ({ status: state.code || state.status === 'error' ? state.status : 'loading', refreshing: true }));
    const call: Promise<void> = callFunction('member', 'memberCode', {}, { silent: true })
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
  reset: () => {
    generation += 1;
    inFlight = null;
    set({ code: null, receivedAt: 0, status: 'idle', error: null, refreshing: false, failures: 0, retryAt: 0 });
  },
}));

forgetOnSignOut(() => useMemberCode.getState().reset());

/** Milliseconds the shown code stays valid, by the phone's clock. */
export function codeValidUntil(code: MemberCodeResult, receivedAt: number): number {
  return receivedAt + (Date.parse(code.expiresAt) - Date.parse(code.issuedAt));
}
