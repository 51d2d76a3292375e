import type { MallItem } from '@contract';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useUnload } from '@tarojs/taro';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { Ticket } from '../../components/coupon-card';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { couponDetailUrl } from '../../pages/coupons/routes';
import { useMyCoupons } from '../../stores/coupons';
import { usePointsMall, usePointsMallRedeem } from '../../stores/points-mall';
import { formatPoints } from '../../utils/format';
import { askForReminders } from '../../utils/subscribe';
import './index.scss';

const KIND_TEXT: Record<MallItem['kind'], string> = {
  amount_off: '满减券',
  no_threshold: '无门槛券',
  percent_off: '折扣券',
  gift_item: '兑换礼品',
};

/** 积分商城: rewards bought with points; each gives a coupon (a gift item is picked up in store with its code). */
export default function PointsMallPage() {
  const data = usePointsMall((state) => state.data);
  const status = usePointsMall((state) => state.status);
  const error = usePointsMall((state) => state.error);
  const load = usePointsMall((state) => state.load);
  const redeeming = usePointsMallRedeem((state) => state.redeeming);
  const last = usePointsMallRedeem((state) => state.last);
  const redeem = usePointsMallRedeem((state) => state.redeem);
  const dismiss = usePointsMallRedeem((state) => state.dismiss);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });
  // The success card belongs to this visit.
  useUnload(() => dismiss());

  async function confirmRedeem(item: MallItem) {
    if (redeeming) return;
    const answer = await Taro.showModal({
      title: '确认兑换',
      content: `使用 ${formatPoints(item.pointsCost)} 积分兑换「${item.name}」？兑换后积分将从你的账户扣除。`,
      confirmText: '兑换',
      cancelText: '再想想',
      confirmColor: '#2f5d50',
    });
    if (!answer.confirm) return;
    askForReminders(['couponExpiry', 'pointsExpiry']);
    const result = await redeem(item);
    if (result) void useMyCoupons.getState().refresh();
  }

  return (
    <View className='page mall'>
      <View className='card mall__balance' id='mall-balance-card'>
        <Text className='mall__label'>我的积分</Text>
        <Text className='mall__value' id='mall-balance'>
          {data ? formatPoints(data.balance) : '—'}
        </Text>
        <Text className='mall__hint'>到店消费出示会员码即可累积积分</Text>
      </View>

      {last ? (
        <View className='card mall__done' id='mall-redeemed'>
          <Text className='mall__done-title'>兑换成功：{last.name}</Text>
          <Text className='mall__done-text' id='mall-redeemed-balance'>
            使用 {formatPoints(last.pointsSpent)} 积分，剩余 {formatPoints(last.balance)} 积分
          </Text>
          <View className='mall__done-actions'>
            <View className='btn btn--ghost btn--small' id='mall-redeemed-close' hoverClass='btn--hover' onClick={dismiss}>
              <Text>继续逛逛</Text>
            </View>
            <View
              className='btn btn--primary btn--small'
              id='mall-redeemed-open'
              hoverClass='btn--hover'
              onClick={() => void Taro.navigateTo({ url: couponDetailUrl(last.couponId) })}
            >
              <Text>查看这张券</Text>
            </View>
          </View>
        </View>
      ) : null}

      <Text className='section-title'>积分兑好礼</Text>
      {status === 'loading' || status === 'idle' ? (
        <View className='list'>
          <ListSkeleton id='mall-loading' rows={3} />
        </View>
      ) : status === 'error' || !data ? (
        <ErrorState id='mall-error' message={error ?? ''} onRetry={() => void load()} />
      ) : data.items.length === 0 ? (
        <EmptyState
          id='mall-empty'
          icon='礼'
          text='积分商城正在上新，先攒着积分吧。'
          next={{ id: 'mall-empty-points', label: '查看积分明细', onClick: () => void Taro.navigateTo({ url: '/pages/points/index' }) }}
        />
      ) : (
        <View id='mall-list'>
          {data.items.map((item) => (
            <MallCard key={item.templateId} item={item} busy={redeeming !== null} redeeming={redeeming === item.templateId} onRedeem={() => void confirmRedeem(item)} />
          ))}
        </View>
      )}
    </View>
  );
}

function MallCard({ item, busy, redeeming, onRedeem }: { item: MallItem; busy: boolean; redeeming: boolean; onRedeem: () => void }) {
  const blocked = item.blockedReason !== null;
  const [benefit] = item.summary;
  return (
    <Ticket
      face={
        <>
          <Text className='mall__cost'>{formatPoints(item.pointsCost)}</Text>
          <Text className='ticket__condition'>积分</Text>
        </>
      }
      tone={blocked ? 'muted' : item.kind === 'gift_item' ? 'accent' : 'primary'}
      id={`mall-item-${item.templateId}`}
      className='mall-card'
    >
      <View className='ticket__head'>
        <Text className='ticket__name'>{item.name}</Text>
        <Text className='mall__kind'>{KIND_TEXT[item.kind]}</Text>
      </View>
      {benefit ? <Text className='ticket__line'>{benefit}</Text> : null}
      {item.description ? <Text className='ticket__line'>{item.description}</Text> : null}
      <View className='ticket__foot mall__foot'>
        {blocked ? (
          <Text className='mall__blocked' id={`mall-blocked-${item.templateId}`}>
            {item.blockedReason}
          </Text>
        ) : (
          <View
            className={`btn btn--primary btn--small ticket__action${busy ? ' btn--disabled' : ''}`}
            id={`mall-redeem-${item.templateId}`}
            hoverClass='btn--hover'
            onClick={busy ? undefined : onRedeem}
          >
            <Text>{redeeming ? '兑换中…' : '兑换'}</Text>
          </View>
        )}
      </View>
    </Ticket>
  );
}
