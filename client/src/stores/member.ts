import type { MeResult } from '@contract';
import { create } from 'zustand';
import { ApiError, callFunction, NETWORK_MESSAGE } from '../api';
import { settleLaunchInvite } from './invite-launch';
import { forgetOnSignOut } from './session';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface MemberState {
  /** The home screen's snapshot, exactly as the server last answered it. */
  me: MeResult | null;
  status: LoadStatus;
  /** The Chinese message of the last failed load, while there is nothing to show instead. */
  error: string | null;
  /** The member registered during this session: the welcome line stays until the app restarts. */
  joinedNow: boolean;
  /** First load shows the skeleton; later loads refresh in the background. */
  load: () => Promise<void>;
  /** Reloads now (pull to refresh, 重试); keeps the card on screen if it fails. */
  refresh: () => Promise<void>;
  /** Forgets everything (another identity signed in). */
  reset: () => void;
}

// One `me` request at a time: a page shown twice quickly (launch + show) shares the same call.
let inFlight: Promise<void> | null = null;
// Bumped by reset(): an answer for the identity that was signed out must not land afterwards.
let generation = 0;

export const useMemberStore = create<MemberState>()((set, get) => {
  async function fetchMe(): Promise<void> {
    const mine = generation;
    const hadCard = get().me !== null;
    if (!hadCard) set({ status: 'loading', error: null });
    try {
      // An invite the app was opened with is recorded first: `me` registers a new visitor, and
      // registration binds only a visit already recorded. Never fails, never waits long.
      await settleLaunchInvite();
      // Silent while the error state is what the user sees; a toast only when the card stays.
      const me = await callFunction('member', 'me', {}, { silent: !hadCard });
      if (mine !== generation) return;
      set((state) => ({ me, status: 'ready', error: null, joinedNow: state.joinedNow || me.registeredNow }));
    } catch (error) {
      if (mine === generation && get().me === null) {
        set({ status: 'error', error: error instanceof ApiError ? error.message : NETWORK_MESSAGE });
      }
    }
  }

  function once(): Promise<void> {
    if (inFlight) return inFlight;
    const call: Promise<void> = fetchMe().finally(() => {
      if (inFlight === call) inFlight = null;
    });
    inFlight = call;
    return call;
  }

  return {
    me: null,
    status: 'idle',
    error: null,
    joinedNow: false,
    load: once,
    refresh: once,
    reset: () => {
      generation += 1;
      inFlight = null;
      set({ me: null, status: 'idle', error: null, joinedNow: false });
    },
  };
});

forgetOnSignOut(() => useMemberStore.getState().reset());
