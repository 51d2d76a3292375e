import type { AdjustPointsResult, LedgerEntryView, MemberDetail, MemberRow, MemberSearchKey, PurchaseView, TierOverrideResult } from '@contract';
import { create } from 'zustand';
import { callFunction, createRequestIdSlots, messageOf } from '../api';
import type { LoadStatus } from './member';
import { forgetOnSignOut } from './session';

// The operator console's member search and member page (admin subpackage).

export interface MemberSearchState {
  query: string;
  searchedBy: MemberSearchKey | null;
  masked: boolean;
  items: MemberRow[];
  nextCursor: string | null;
  status: LoadStatus;
  error: string | null;
  loadingMore: boolean;
  search: (query: string) => Promise<void>;
  loadMore: () => Promise<void>;
  reset: () => void;
}

const EMPTY_SEARCH = { query: '', searchedBy: null, masked: false, items: [], nextCursor: null, status: 'idle' as LoadStatus, error: null, loadingMore: false };

export const useMemberSearch = create<MemberSearchState>()((set, get) => {
  let generation = 0;
  return {
    ...EMPTY_SEARCH,
    search: async (raw) => {
      const query = raw.trim();
      const mine = ++generation;
      if (!query) {
        set({ ...EMPTY_SEARCH });
        return;
      }
      set({ query, status: 'loading', error: null, items: [], nextCursor: null });
      try {
        const result = await callFunction('admin', 'searchMembers', { query }, { silent: true });
        if (mine !== generation) return;
        set({ searchedBy: result.searchedBy, masked: result.masked, items: result.items, nextCursor: result.nextCursor, status: 'ready' });
      } catch (error) {
        if (mine === generation) set({ status: 'error', error: messageOf(error) });
      }
    },
    loadMore: async () => {
      const { query, nextCursor, loadingMore } = get();
      if (!nextCursor || loadingMore) return;
      const mine = generation;
      set({ loadingMore: true });
      try {
        const result = await callFunction('admin', 'searchMembers', { query, cursor: nextCursor });
        if (mine !== generation) return;
        set((state) => ({ items: [...state.items, ...result.items], nextCursor: result.nextCursor, loadingMore: false }));
      } catch {
        if (mine === generation) set({ loadingMore: false });
      }
    },
    reset: () => {
      generation++;
      set({ ...EMPTY_SEARCH });
    },
  };
});

export type MemberTab = 'points' | 'purchases' | 'growth';

export interface MemberDetailState {
  memberNo: string | null;
  data: MemberDetail | null;
  status: LoadStatus;
  error: string | null;
  errorCode: string | null;
  loadingMore: MemberTab | null;
  /** Loads (or reloads) a member's page; another member's page starts from a skeleton. */
  load: (memberNo: string) => Promise<void>;
  /** The next page of a tab, appended. */
  loadMore: (tab: MemberTab) => Promise<void>;
  reset: () => void;
}

export const useMemberDetail = create<MemberDetailState>()((set, get) => {
  let generation = 0;
  return {
    memberNo: null,
    data: null,
    status: 'idle',
    error: null,
    errorCode: null,
    loadingMore: null,
    load: async (memberNo) => {
      const mine = ++generation;
      const same = get().memberNo === memberNo && get().data !== null;
      set(same ? { error: null } : { memberNo, data: null, status: 'loading', error: null, errorCode: null, loadingMore: null });
      try {
        const data = await callFunction('admin', 'getMember', { memberNo }, { silent: !same });
        if (mine === generation) set({ data, status: 'ready', loadingMore: null });
      } catch (error) {
        if (mine !== generation || get().data) return;
        const code = (error as { code?: unknown }).code;
        set({ status: 'error', error: messageOf(error), errorCode: typeof code === 'string' ? code : null });
      }
    },
    loadMore: async (tab) => {
      const { data, memberNo, loadingMore } = get();
      const before = data?.[tab].nextCursor;
      if (!data || !memberNo || !before || loadingMore) return;
      const mine = generation;
      set({ loadingMore: tab });
      try {
        const page = await callFunction('admin', 'memberHistory', { memberNo, book: tab, before });
        if (mine !== generation) return;
        set((state) => {
          if (!state.data) return { loadingMore: null };
          const current = state.data[tab];
          const items = [...current.items, ...page.items] as LedgerEntryView[] & PurchaseView[];
          return { data: { ...state.data, [tab]: { items, nextCursor: page.nextCursor } }, loadingMore: null };
        });
      } catch {
        if (mine === generation) set({ loadingMore: null });
      }
    },
    reset: () => {
      generation++;
      set({ memberNo: null, data: null, status: 'idle', error: null, errorCode: null, loadingMore: null });
    },
  };
});

const adjustSlots = createRequestIdSlots();
const overrideSlots = createRequestIdSlots();

/** A manual grant (positive) or deduction (negative); the page reloads afterwards. */
export async function adjustMemberPoints(memberNo: string, amount: number, reason: string): Promise<AdjustPointsResult> {
  const result = await adjustSlots(memberNo).run((requestId) => callFunction('admin', 'adjustPoints', { memberNo, amount, reason }, { requestId }));
  await useMemberDetail.getState().load(memberNo);
  return result;
}

/** `until`: the last day of the override in the brand's zone, as YYYY-MM-DD (it ends when that day does). */
export async function overrideMemberTier(memberNo: string, tierCode: string, until: string, reason: string): Promise<TierOverrideResult> {
  const end = new Date(`${until}T23:59:59+08:00`).toISOString();
  const result = await overrideSlots(memberNo).run((requestId) => callFunction('admin', 'setTierOverride', { memberNo, tierCode, until: end, reason }, { requestId }));
  await useMemberDetail.getState().load(memberNo);
  return result;
}

forgetOnSignOut(() => {
  useMemberSearch.getState().reset();
  useMemberDetail.getState().reset();
});
