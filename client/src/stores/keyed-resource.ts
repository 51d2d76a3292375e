import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { messageOf } from '../api';
import type { LoadStatus } from './member';
import { forgetOnSignOut } from './session';

export interface KeyedResourceState<K, T> {
  /** What the data is for (a month, a date range, a store); null before the first load. */
  key: K | null;
  /** The server's answer for `key`. */
  data: T | null;
  status: LoadStatus;
  error: string | null;
  /** Loads for `key` (the current key when omitted); another key clears the data first. */
  load: (key?: K) => Promise<void>;
  reset: () => void;
}

/**
 * One server answer that depends on a choice on the page (a leaderboard's month, a report's date
 * range, a store's channel code). An answer for a key the page has left is dropped.
 */
export function createKeyedResource<K, T>(
  fetch: (key: K, silent: boolean) => Promise<T>,
  sameKey: (a: K, b: K) => boolean = (a, b) => JSON.stringify(a) === JSON.stringify(b),
): UseBoundStore<StoreApi<KeyedResourceState<K, T>>> {
  let generation = 0;
  const store = create<KeyedResourceState<K, T>>()((set, get) => ({
    key: null,
    data: null,
    status: 'idle',
    error: null,
    load: async (next) => {
      const current = get().key;
      const key = next ?? current;
      if (key === null) return;
      const mine = ++generation;
      const changed = current === null || !sameKey(current, key);
      if (changed || get().data === null) set({ key, data: changed ? null : get().data, status: 'loading', error: null });
      try {
        const data = await fetch(key, get().data === null);
        if (mine === generation) set({ data, status: 'ready', error: null });
      } catch (error) {
        if (mine !== generation || get().data !== null) return;
        set({ status: 'error', error: messageOf(error) });
      }
    },
    reset: () => {
      generation += 1;
      set({ key: null, data: null, status: 'idle', error: null });
    },
  }));
  forgetOnSignOut(() => store.getState().reset());
  return store;
}
