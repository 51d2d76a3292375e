import { Input, Text, View } from '@tarojs/components';
import type { RewardStatus, RewardView } from '@contract';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useState } from 'react';
import { messageOf } from '../../api';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { EmptyState, ErrorState, ListFooter, ListSkeleton } from '../../components/list-states';
import { useConsoleIdentity } from '../../stores/console';
import { reviewReferralReward, useReferralRewards, type RewardFilter } from '../../stores/referral-admin';
import { formatDate, formatDateTime, formatFen, formatPoints } from '../../utils/format';
import { DataTable, type Column } from '../console/data-table';
import { ConsoleShell } from '../console/shell';
import { Choices, Tag } from '../referral-shared/fields';

const REWARD_STATUS_TEXT: Record<RewardStatus, string> = {
  pending: '等待期',
  flagged: '待审核',
  approved: '已批准',
  paid: '已发放',
  cancelled: '已取消',
  clawed_back: '已扣回',
  rejected: '已驳回',
  capped: '超出上限',
};

const TONE: Record<RewardStatus, 'plain' | 'good' | 'warn' | 'off'> = {
  pending: 'plain',
  flagged: 'warn',
  approved: 'good',
  paid: 'good',
  cancelled: 'off',
  clawed_back: 'off',
  rejected: 'off',
  capped: 'plain',
};

const FILTERS: { value: RewardFilter; label: string }[] = [
  { value: 'flagged', label: '待审核' },
  { value: 'pending', label: '等待期' },
  { value: 'paid', label: '已发放' },
  { value: 'approved', label: '已批准' },
  { value: 'capped', label: '超出上限' },
  { value: 'cancelled', label: '已取消' },
  { value: 'clawed_back', label: '已扣回' },
  { value: 'rejected', label: '已驳回' },
  { value: 'all', label: '全部' },
];

function rewardText(reward: RewardView): string {
  if (reward.couponTemplateId) return `券 ${reward.couponTemplateId}`;
  return `${formatPoints(reward.points)} 积分`;
}

function qualifiedText(reward: RewardView): string {
  if (!reward.qualifiedBy) return reward.role === 'invitee' ? '注册绑定' : '—';
  return `${reward.qualifiedBy.kind === 'purchase' ? '消费' : '储值'} ${formatFen(reward.qualifiedBy.amountFen)}`;
}

/** "小鹿 · 6216310781", or the number alone for a member without a nickname (not "· 6216310781"). */
function memberLabel(member: { name: string; memberNo: string }): string {
  return member.name ? `${member.name} · ${member.memberNo}` : member.memberNo;
}

const COLUMNS: Column<RewardView>[] = [
  { key: 'beneficiary', title: '获奖会员', primary: true, render: (r) => <Text>{memberLabel(r.beneficiary)}</Text> },
  { key: 'role', title: '类型', render: (r) => <Text>{r.role === 'inviter' ? '邀请人奖励' : '新人奖励'}</Text> },
  { key: 'invitee', title: '被邀请人', render: (r) => <Text>{memberLabel(r.invitee)}</Text> },
  { key: 'campaign', title: '活动', render: (r) => <Text>{r.campaignName}</Text> },
  { key: 'reward', title: '奖励', numeric: true, render: (r) => <Text>{rewardText(r)}</Text> },
  { key: 'qualified', title: '达标', render: (r) => <Text>{qualifiedText(r)}</Text> },
  { key: 'risk', title: '风险等级', numeric: true, render: (r) => <Text>{r.riskRank === null ? '—' : String(r.riskRank)}</Text> },
  { key: 'status', title: '状态', primary: true, render: (r) => <Tag text={REWARD_STATUS_TEXT[r.status]} tone={TONE[r.status]} id={`reward-status-${r.rewardId}`} /> },
  {
    key: 'dates',
    title: '时间',
    render: (r) => <Text>{r.status === 'pending' && r.holdUntil ? `${formatDate(r.holdUntil)} 后审核` : formatDateTime(r.decidedAt ?? r.createdAt)}</Text>,
  },
];

/** 邀请奖励审核: referral rewards by status; a flagged one is approved (paid now) or rejected with a reason. */
export default function ReferralRewardsPage() {
  const filter = useReferralRewards((state) => state.filter);
  const items = useReferralRewards((state) => state.items);
  const status = useReferralRewards((state) => state.status);
  const error = useReferralRewards((state) => state.error);
  const nextCursor = useReferralRewards((state) => state.nextCursor);
  const loadingMore = useReferralRewards((state) => state.loadingMore);
  const moreError = useReferralRewards((state) => state.moreError);
  const refresh = useReferralRewards((state) => state.refresh);
  const loadMore = useReferralRewards((state) => state.loadMore);
  const setFilter = useReferralRewards((state) => state.setFilter);
  const role = useConsoleIdentity((state) => state.data?.role);
  const mayReview = role === 'owner' || role === 'manager';
  const [selected, setSelected] = useState<string | null>(null);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void refresh();
  });
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void loadMore());

  const chosen = selected ? items.find((r) => r.rewardId === selected) ?? null : null;

  return (
    <ConsoleShell page='referral-rewards' title='邀请奖励审核'>
      <Choices id='reward-filter' label='状态' value={filter} options={FILTERS} onChange={(value) => void setFilter(value)} />
      {chosen && chosen.status === 'flagged' && mayReview ? <ReviewCard reward={chosen} onDone={() => setSelected(null)} /> : null}
      {status === 'idle' || status === 'loading' ? (
        <ListSkeleton id='rewards-loading' rows={4} />
      ) : status === 'error' ? (
        <ErrorState id='rewards-error' title='奖励没有加载出来' message={error ?? ''} onRetry={() => void refresh()} />
      ) : items.length === 0 ? (
        <EmptyState id='rewards-empty' icon='奖' text={filter === 'flagged' ? '没有待审核的奖励。风险等级达到活动阈值的奖励会出现在这里。' : '这个状态下没有奖励。'} />
      ) : (
        <>
          {filter === 'flagged' && mayReview ? <Text className='ref-page__muted'>点一行审核：批准后立即发放，驳回需填写原因。</Text> : null}
          <DataTable
            id='rewards-table'
            columns={COLUMNS}
            rows={items}
            rowId={(r) => `reward-${r.rewardId.replace(/:/g, '-')}`}
            onRowClick={mayReview ? (r) => setSelected(r.rewardId) : undefined}
          />
          <ListFooter loadingMore={loadingMore} hasMore={nextCursor !== null} error={moreError} onRetry={() => void loadMore()} />
        </>
      )}
    </ConsoleShell>
  );
}

function ReviewCard({ reward, onDone }: { reward: RewardView; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function decide(decision: 'approve' | 'reject') {
    if (busy) return;
    if (!reason.trim()) {
      setFailure(decision === 'reject' ? '请填写驳回原因' : '请填写审核说明');
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const reviewed = await reviewReferralReward(reward.rewardId, decision, reason.trim());
      void Taro.showToast({ title: reviewed.status === 'paid' ? '已批准并发放' : REWARD_STATUS_TEXT[reviewed.status], icon: 'none' });
      onDone();
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className='card ref-page__card ref-form' id='reward-review'>
      <Text className='ref-form__section'>
        审核：{reward.beneficiary.name} 的{reward.role === 'inviter' ? '邀请人奖励' : '新人奖励'} {rewardText(reward)}
      </Text>
      <Text className='ref-form__hint'>
        被邀请人 {reward.invitee.name}（{reward.invitee.memberNo}），风险等级 {reward.riskRank ?? '未知'}，{qualifiedText(reward)}
      </Text>
      <View className='ref-form__field'>
        <Text className='ref-form__label'>审核说明（记入审计日志）</Text>
        <Input id='reward-reason' className='ref-form__input' value={reason} maxlength={100} placeholder='例如 已电话核实为真实新客' onInput={(e) => setReason(e.detail.value)} />
      </View>
      {failure ? (
        <Text className='ref-form__message' id='reward-failure'>
          {failure}
        </Text>
      ) : null}
      <View className='ref-form__actions'>
        <View className={`btn btn--primary btn--small${busy ? ' btn--disabled' : ''}`} id='reward-approve' hoverClass='btn--hover' onClick={() => void decide('approve')}>
          <Text>批准并发放</Text>
        </View>
        <View className={`btn btn--danger btn--small${busy ? ' btn--disabled' : ''}`} id='reward-reject' hoverClass='btn--hover' onClick={() => void decide('reject')}>
          <Text>驳回</Text>
        </View>
        <View className='btn btn--ghost btn--small' id='reward-review-close' hoverClass='btn--hover' onClick={onDone}>
          <Text>取消</Text>
        </View>
      </View>
    </View>
  );
}
