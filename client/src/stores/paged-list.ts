import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { messageOf } from '../api';
import type { LoadStatus } from './member';
import { forgetOnSignOut } from './session';

export interface Page<T> {
  items: T[];
  /** Passed back for the next page; null at the end. */
  nextCursor: string | null;
}

export interface PagedListState<T, F> {
  /** The current filter (e.g. a ledger entry kind); changing it starts again from the first page. */
  filter: F;
  items: T[];
  nextCursor: string | null;
  /** The first page: skeleton while loading, error state when it fails with nothing to show. */
  status: LoadStatus;
  error: string | null;
  /** A later page: a footer shows it, the rows stay. */
  loadingMore: boolean;
  moreError: string | null;
  /** First page now (open, pull to refresh, 重试); keeps the rows on screen while it loads. */
  refresh: () => Promise<void>;
  /** Next page (reach bottom); does nothing at the end or while a page is on its way. */
  loadMore: () => Promise<void>;
  setFilter: (filter: F) => Promise<void>;
  reset: () => void;
}

/**
 * A list read a page at a time with a cursor, as the ledger's history is. Answers that arrive
 * after the filter changed or the list was refreshed again are dropped, so a slow page never
 * lands under the wrong tab.
 */
export function createPagedList<T, F>(
  initialFilter: F,
  fetchPage: (filter: F, before: string | undefined, silent: boolean) => Promise<Page<T>>,
): UseBoundStore<StoreApi<PagedListState<T, F>>> {
  let generation = 0;

  const store = create<PagedListState<T, F>>()((set, get) => ({
    filter: initialFilter,
    items: [],
    nextCursor: null,
    status: 'idle',
    error: null,
    loadingMore: false,
    moreError: null,

    refresh: async () => {
      const mine = ++generation;
      const { filter, items } = get();
      set({ status: items.length > 0 ? get().status : 'loading', error: null, moreError: null });
      try {
        // Silent while the error state would say it; a toast when the rows stay on screen.
        const page = await fetchPage(filter, undefined, items.length === 0);
        if (mine !== generation) return;
        set({ items: page.items, nextCursor: page.nextCursor, status: 'ready', error: null, loadingMore: false });
      } catch (error) {
        if (mine !== generation) return;
        // With rows on screen a failed refresh keeps them (the call already toasted).
        if (get().items.length === 0) set({ status: 'error', error: messageOf(error) });
      }
    },

    loadMore: async () => {
      const { nextCursor, loadingMore, status, filter } = get();
      if (!nextCursor || loadingMore || status !== 'ready') return;
      const mine = generation;
      set({ loadingMore: true, moreError: null });
      try {
        const page = await fetchPage(filter, nextCursor, true);
        if (mine !== generation) return;
        set((state) => ({ items: [...state.items, ...page.items], nextCursor: page.nextCursor, loadingMore: false }));
      } catch (error) {
        if (mine !== generation) return;
        set({ loadingMore: false, moreError: messageOf(error) });
      }
    },

    setFilter: async (filter) => {
      if (filter === get().filter && get().status !== 'idle') return;
      generation += 1;
      set({ filter, items: [], nextCursor: null, status: 'idle', error: null, moreError: null, loadingMore: false });
      await get().refresh();
    },

    reset: () => {
      generation += 1;
      set({ filter: initialFilter, items: [], nextCursor: null, status: 'idle', error: null, loadingMore: false, moreError: null });
    },
  }));
  forgetOnSignOut(() => store.getState().reset());
  return store;
}
