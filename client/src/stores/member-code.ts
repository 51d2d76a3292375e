import type { MemberCodeResult } from '@contract';
import { create } from 'zustand';
import { callFunction, messageOf } from '../api';
import type { LoadStatus } from './member';
import { forgetOnSignOut } from './session';

export interface MemberCodeState {
  code: MemberCodeResult | null;
  /** When the code arrived, by this phone's clock: refresh and expiry count from here, so a phone whose clock is off still refreshes on time. */
  receivedAt: number;
  status: LoadStatus;
  error: string | null;
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
  load: () => {
    if (inFlight) return inFlight;
    const mine = generation;
    set((state) => ({ status: state.code ? state.status : 'loading', error: null }));
    const call: Promise<void> = callFunction('member', 'memberCode', {}, { silent: true })
      .then((code) => {
        if (mine === generation) set({ code, receivedAt: Date.now(), status: 'ready', error: null });
      })
      .catch((error: unknown) => {
        if (mine === generation) set({ status: 'error', error: messageOf(error) });
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
    set({ code: null, receivedAt: 0, status: 'idle', error: null });
  },
}));

forgetOnSignOut(() => useMemberCode.getState().reset());

/** Milliseconds the shown code stays valid, by the phone's clock. */
export function codeValidUntil(code: MemberCodeResult, receivedAt: number): number {
  return receivedAt + (Date.parse(code.expiresAt) - Date.parse(code.issuedAt));
}
