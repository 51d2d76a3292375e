import type { LedgerEntryView } from '@contract';
import { callFunction } from '../api';
import { createPagedList } from './paged-list';

/** The filter tabs of 积分明细: all entries, or one kind of entry. */
export type PointsFilter = 'all' | 'earn' | 'spend' | 'expire' | 'reversal';

export const POINTS_FILTERS: { value: PointsFilter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'earn', label: '获得' },
  { value: 'spend', label: '使用' },
  { value: 'expire', label: '过期' },
  { value: 'reversal', label: '退款扣回' },
];

const PAGE_SIZE = 20;

export const usePointsHistory = createPagedList<LedgerEntryView, PointsFilter>('all', (filter, before, silent) =>
  callFunction(
    'member',
    'history',
    { book: 'points', limit: PAGE_SIZE, ...(filter === 'all' ? {} : { kind: filter }), ...(before ? { before } : {}) },
    { silent },
  ),
);
