import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { messageOf } from '../api';
import type { LoadStatus } from './member';
import { forgetOnSignOut } from './session';

export interface ResourceState<T> {
  /** Exactly what the server last answered. */
  data: T | null;
  status: LoadStatus;
  /** The Chinese message of the last failed load, while there is nothing to show instead. */
  error: string | null;
  /** The failed load's code (e.g. FORBIDDEN), for screens that answer it with a next step. */
  errorCode: string | null;
  /** Loads now; the first load shows a skeleton, later ones keep the data on screen. */
  load: () => Promise<void>;
  reset: () => void;
}

/**
 * One server answer a screen shows (the tier page, the wallet, the cashier's identity). Loads
 * share the call in flight; an answer that arrives after reset() is dropped.
 */
export function createResource<T>(fetch: (silent: boolean) => Promise<T>): UseBoundStore<StoreApi<ResourceState<T>>> {
  let inFlight: Promise<void> | null = null;
  let generation = 0;

  const store = create<ResourceState<T>>()((set, get) => {
    async function run(): Promise<void> {
      const mine = generation;
      const hadData = get().data !== null;
      if (!hadData) set({ status: 'loading', error: null, errorCode: null });
      try {
        const data = await fetch(!hadData);
        if (mine === generation) set({ data, status: 'ready', error: null, errorCode: null });
      } catch (error) {
        if (mine !== generation || get().data !== null) return;
        const code = (error as { code?: unknown }).code;
        set({ status: 'error', error: messageOf(error), errorCode: typeof code === 'string' ? code : null });
      }
    }

    return {
      data: null,
      status: 'idle',
      error: null,
      errorCode: null,
      load: () => {
        if (inFlight) return inFlight;
        const call: Promise<void> = run().finally(() => {
          if (inFlight === call) inFlight = null;
        });
        inFlight = call;
        return call;
      },
      reset: () => {
        generation += 1;
        inFlight = null;
        set({ data: null, status: 'idle', error: null, errorCode: null });
      },
    };
  });
  forgetOnSignOut(() => store.getState().reset());
  return store;
}
