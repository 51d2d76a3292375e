import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { LedgerRow } from '../../components/ledger-row';
import { EmptyState, ErrorState, ListFooter, ListSkeleton } from '../../components/list-states';
import { useMemberStore } from '../../stores/member';
import { POINTS_FILTERS, usePointsHistory } from '../../stores/points';
import { formatPoints } from '../../utils/format';
import './index.scss';

const EMPTY_TEXT: Record<string, string> = {
  all: '还没有积分记录，到店消费出示会员码即可累积积分。',
  earn: '还没有获得过积分，到店消费出示会员码即可累积。',
  spend: '还没有使用过积分。',
  expire: '没有过期的积分。',
  reversal: '没有因退款扣回的积分。',
};

const EARN_FILTERS = new Set(['all', 'earn']);

/** 积分明细: every points entry, newest first, a page at a time, filtered by kind. */
export default function PointsPage() {
  const history = usePointsHistory();
  const points = useMemberStore((state) => state.me?.balances.points);
  const debt = useMemberStore((state) => state.me?.pointsDebt ?? 0);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void history.refresh();
    void useMemberStore.getState().load();
  });
  usePullDownRefresh(() => {
    void Promise.all([history.refresh(), useMemberStore.getState().refresh()]).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void history.loadMore();
  });

  /** 重试 after an error: the balance at the top comes from the member card, so load it again too. */
  function retry() {
    void Promise.all([history.refresh(), useMemberStore.getState().refresh()]);
  }

  return (
    <View className='page points'>
      <View className='card points__summary'>
        <Text className='points__label'>当前积分</Text>
        <Text className='points__value' id='points-balance'>
          {points === undefined ? '—' : formatPoints(points)}
        </Text>
        {debt > 0 ? <Text className='points__debt'>另有 {formatPoints(debt)} 积分待抵扣，之后获得的积分会先抵扣</Text> : null}
      </View>

      <View className='tabs points__tabs' id='points-filters'>
        {POINTS_FILTERS.map((filter) => (
          <View
            key={filter.value}
            id={`points-filter-${filter.value}`}
            className={`tabs__tab${history.filter === filter.value ? ' tabs__tab--active' : ''}`}
            onClick={() => void history.setFilter(filter.value)}
          >
            <Text>{filter.label}</Text>
          </View>
        ))}
      </View>

      <View className='points__list' id='points-history'>
        {history.status === 'loading' || history.status === 'idle' ? (
          <View className='list'>
            <ListSkeleton id='points-loading' />
          </View>
        ) : history.status === 'error' ? (
          <ErrorState id='points-error' message={history.error ?? ''} onRetry={retry} />
        ) : history.items.length === 0 ? (
          <EmptyState
            id='points-empty'
            icon='积'
            text={EMPTY_TEXT[history.filter]}
            // Showing the code is the next step only where earning is what is missing.
            next={EARN_FILTERS.has(history.filter) ? { label: '出示会员码', onClick: () => void Taro.switchTab({ url: '/pages/code/index' }) } : undefined}
          />
        ) : (
          <>
            <View className='list'>
              {history.items.map((entry) => (
                <LedgerRow key={entry.entryId} entry={entry} />
              ))}
            </View>
            <ListFooter
              loadingMore={history.loadingMore}
              hasMore={history.nextCursor !== null}
              error={history.moreError}
              onRetry={() => void history.loadMore()}
            />
          </>
        )}
      </View>
    </View>
  );
}
