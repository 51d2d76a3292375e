import { Text, View } from '@tarojs/components';
import type { InviteView } from '@contract';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { EmptyState, ErrorState, ListFooter, ListSkeleton } from '../../components/list-states';
import { useInviteSummary, useMyInvites } from '../../stores/referral';
import { formatDate, formatPoints } from '../../utils/format';
import { INVITE_STATUS_TEXT, INVITE_STATUS_TONE, INVITE_STEPS, inviteNote, stepsDone } from './status';
import './index.scss';

/** 我的邀请: every friend who registered through my invite, with their progress and my reward. */
export default function MyInvitesPage() {
  const items = useMyInvites((state) => state.items);
  const status = useMyInvites((state) => state.status);
  const error = useMyInvites((state) => state.error);
  const nextCursor = useMyInvites((state) => state.nextCursor);
  const loadingMore = useMyInvites((state) => state.loadingMore);
  const moreError = useMyInvites((state) => state.moreError);
  const refresh = useMyInvites((state) => state.refresh);
  const loadMore = useMyInvites((state) => state.loadMore);
  const summary = useInviteSummary((state) => state.summary);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void refresh();
  });
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void loadMore());

  return (
    <View className='page invites'>
      {summary ? (
        <View className='card invites__summary' id='invites-summary'>
          <View className='invites__figure'>
            <Text className='invites__figure-value'>{summary.registered}</Text>
            <Text className='invites__figure-label'>已注册</Text>
          </View>
          <View className='invites__figure'>
            <Text className='invites__figure-value'>{summary.qualified}</Text>
            <Text className='invites__figure-label'>已消费</Text>
          </View>
          <View className='invites__figure'>
            <Text className='invites__figure-value'>{summary.pending + summary.flagged}</Text>
            <Text className='invites__figure-label'>待发放</Text>
          </View>
          <View className='invites__figure'>
            <Text className='invites__figure-value invites__figure-value--accent' id='invites-points'>
              {formatPoints(summary.pointsEarned)}
            </Text>
            <Text className='invites__figure-label'>获得积分</Text>
          </View>
        </View>
      ) : null}

      {status === 'idle' || status === 'loading' ? (
        <View className='list'>
          <ListSkeleton id='invites-loading' rows={4} />
        </View>
      ) : status === 'error' ? (
        <ErrorState id='invites-error' title='邀请记录没有加载出来' message={error ?? ''} onRetry={() => void refresh()} />
      ) : items.length === 0 ? (
        <EmptyState
          id='invites-empty'
          icon='邀'
          text='还没有好友通过你的邀请注册，分享邀请卡片或海报给好友吧。'
          next={{ id: 'invites-empty-invite', label: '去邀请好友', primary: true, onClick: () => void Taro.redirectTo({ url: '/member/invite/index' }) }}
        />
      ) : (
        <>
          <View id='invites-list'>
            {items.map((invite, index) => (
              <InviteRow key={`${invite.registeredAt}-${index}`} invite={invite} index={index} />
            ))}
          </View>
          <ListFooter loadingMore={loadingMore} hasMore={nextCursor !== null} error={moreError} onRetry={() => void loadMore()} />
        </>
      )}
    </View>
  );
}

function InviteRow({ invite, index }: { invite: InviteView; index: number }) {
  const done = stepsDone(invite);
  const tone = INVITE_STATUS_TONE[invite.status];
  return (
    <View className='card invites__item' id={`invite-${index}`} data-status={invite.status}>
      <View className='invites__head'>
        <Text className='invites__name'>{invite.name}</Text>
        <Text className={`invites__status invites__status--${tone}`}>{INVITE_STATUS_TEXT[invite.status]}</Text>
      </View>
      <View className='invites__steps'>
        {INVITE_STEPS.map((step, i) => (
          <View key={step} className={`invites__step${i < done ? ' invites__step--done' : ''}`}>
            <View className='invites__dot' />
            <Text className='invites__step-label'>{step}</Text>
          </View>
        ))}
      </View>
      <Text className='invites__note'>{inviteNote(invite, formatDate)}</Text>
      <Text className='invites__dates'>
        {formatDate(invite.registeredAt)} 注册
        {invite.qualifiedAt ? ` · ${formatDate(invite.qualifiedAt)} 消费` : ''}
        {invite.paidAt ? ` · ${formatDate(invite.paidAt)} 到账` : ''}
      </Text>
    </View>
  );
}
