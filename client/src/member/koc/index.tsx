import { Text, View } from '@tarojs/components';
import type { LeaderboardRow } from '@contract';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { MonthSwitcher } from '../../components/month-switcher';
import { useKocLeaderboard } from '../../stores/referral';
import './index.scss';

/** 邀请达人榜: this month's inviters by friends who completed a purchase; my own row highlighted. */
export default function KocLeaderboardPage() {
  const data = useKocLeaderboard((state) => state.data);
  const status = useKocLeaderboard((state) => state.status);
  const error = useKocLeaderboard((state) => state.error);
  const load = useKocLeaderboard((state) => state.load);
  // The current month as the server names it: the switcher goes no further.
  const [latest, setLatest] = useState<string | null>(null);

  async function show(month?: string) {
    await load(month ?? useKocLeaderboard.getState().key ?? '');
    const answer = useKocLeaderboard.getState().data;
    if (answer && (month ?? useKocLeaderboard.getState().key) === '') setLatest((current) => current ?? answer.month);
  }

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void show();
  });
  usePullDownRefresh(() => {
    void show().finally(() => Taro.stopPullDownRefresh());
  });

  const mineListed = data?.rows.some((row) => row.me) ?? false;

  return (
    <View className='page koc'>
      {data ? <MonthSwitcher id='koc-month' month={data.month} latest={latest} onChange={(month) => void show(month)} /> : null}
      {status === 'idle' || status === 'loading' ? (
        <View className='list'>
          <ListSkeleton id='koc-loading' rows={5} />
        </View>
      ) : status === 'error' || !data ? (
        <ErrorState id='koc-error' title='排行榜没有加载出来' message={error ?? ''} onRetry={() => void show()} />
      ) : data.rows.length === 0 ? (
        <EmptyState
          id='koc-empty'
          icon='榜'
          text='这个月还没有好友通过邀请完成消费，成为第一个上榜的人吧。'
          next={{ id: 'koc-empty-invite', label: '去邀请好友', onClick: () => void Taro.navigateTo({ url: '/member/invite/index' }) }}
        />
      ) : (
        <>
          <View className='list' id='koc-rows'>
            {data.rows.map((row) => (
              <Row key={`${row.rank}-${row.name}`} row={row} />
            ))}
          </View>
          {data.mine && !mineListed ? (
            <>
              <Text className='section-title'>我的排名</Text>
              <View className='list'>
                <Row row={data.mine} />
              </View>
            </>
          ) : null}
        </>
      )}
      <Text className='koc__hint'>按当月邀请的好友中完成首次消费的人数排名，名字已隐去部分字。</Text>
    </View>
  );
}

function Row({ row }: { row: LeaderboardRow }) {
  return (
    <View className={`row koc__row${row.me ? ' koc__row--me' : ''}`} id={row.me ? 'koc-me' : `koc-rank-${row.rank}`}>
      <Text className={`koc__rank${row.rank <= 3 ? ' koc__rank--top' : ''}`}>{row.rank}</Text>
      <View className='row__main'>
        <Text className='row__title'>
          {row.name}
          {row.me ? '（我）' : ''}
        </Text>
        {row.koc ? <Text className='koc__badge'>KOC</Text> : null}
      </View>
      <Text className='koc__count'>{row.qualified} 人</Text>
    </View>
  );
}
