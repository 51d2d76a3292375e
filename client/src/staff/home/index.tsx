import { Text, View } from '@tarojs/components';
import type { PurchaseView } from '@contract';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { useConfirmedAction } from '../../components/confirmed-action';
import { EmptyState, ErrorState, ListFooter, ListSkeleton } from '../../components/list-states';
import { refundPurchase, useCheckout, useStaffDay, useStaffIdentity, useStaffPurchases } from '../../stores/staff';
import { formatFen, formatPoints, formatSignedPoints, formatTime } from '../../utils/format';
import '../staff.scss';
import './index.scss';

/** The cashier's home: which store, one big 扫码收银 button, and today's log with refunds. */
export default function StaffHomePage() {
  const identity = useStaffIdentity((state) => state.data);
  const status = useStaffIdentity((state) => state.status);
  const error = useStaffIdentity((state) => state.error);
  const errorCode = useStaffIdentity((state) => state.errorCode);
  const loadIdentity = useStaffIdentity((state) => state.load);
  const refreshPurchases = useStaffPurchases((state) => state.refresh);
  const loadMore = useStaffPurchases((state) => state.loadMore);

  /** Who the cashier is, then (once that is known) today's log: on show and on 重试 alike. */
  function loadAll() {
    return loadIdentity().then(() => {
      if (useStaffIdentity.getState().data) return refreshPurchases();
    });
  }

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void loadAll();
  });
  usePullDownRefresh(() => {
    void loadAll().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void loadMore());

  if (!identity) {
    if (status === 'error' && errorCode === 'FORBIDDEN') {
      return (
        <View className='staff'>
          <EmptyState
            id='staff-not-bound'
            icon='店'
            title='尚未绑定门店'
            text='请向运营索取 8 位绑定码，绑定后即可扫码收银。'
            next={{ id: 'staff-go-bind', label: '输入绑定码', primary: true, onClick: () => void Taro.navigateTo({ url: '/staff/bind/index' }) }}
          />
        </View>
      );
    }
    return (
      <View className='staff'>
        {status === 'error' ? (
          <ErrorState title='工作台没有加载出来' message={error ?? ''} onRetry={() => void loadAll()} />
        ) : (
          <View className='list'>
            <ListSkeleton rows={3} />
          </View>
        )}
      </View>
    );
  }

  return (
    <View className='staff'>
      <View className='staff__head' id='staff-identity'>
        <Text className='staff__store'>{identity.storeName}</Text>
        <Text className='staff__who'>店员 {identity.staffName}</Text>
      </View>
      <View
        id='staff-scan'
        className='btn btn--primary btn--big staff__big-action staff-home__scan'
        hoverClass='btn--hover'
        onClick={() => {
          useCheckout.getState().restart();
          void Taro.navigateTo({ url: '/staff/scan/index' });
        }}
      >
        <Text>扫码收银</Text>
      </View>
      <TodayLog />
    </View>
  );
}

function TodayLog() {
  const items = useStaffPurchases((state) => state.items);
  const status = useStaffPurchases((state) => state.status);
  const error = useStaffPurchases((state) => state.error);
  const nextCursor = useStaffPurchases((state) => state.nextCursor);
  const loadingMore = useStaffPurchases((state) => state.loadingMore);
  const moreError = useStaffPurchases((state) => state.moreError);
  const refresh = useStaffPurchases((state) => state.refresh);
  const loadMore = useStaffPurchases((state) => state.loadMore);
  const { count, takenFen } = useStaffDay();
  const ready = status === 'ready';

  return (
    <View id='staff-log'>
      <View className='staff-home__log-head'>
        <Text className='section-title staff-home__log-title'>今日记录</Text>
        {ready ? (
          <Text className='staff-home__log-total'>
            {count} 笔 · {formatFen(takenFen)}
          </Text>
        ) : null}
      </View>
      {!ready ? (
        status === 'error' ? (
          <ErrorState message={error ?? ''} onRetry={() => void refresh()} />
        ) : (
          <View className='list'>
            <ListSkeleton rows={3} />
          </View>
        )
      ) : items.length === 0 ? (
        <View className='list'>
          <EmptyState id='staff-log-empty' icon='收' text='今天还没有收银记录，点上方「扫码收银」开始第一笔。' />
        </View>
      ) : (
        <View className='list'>
          {items.map((purchase) => (
            <PurchaseRow key={purchase.purchaseId} purchase={purchase} />
          ))}
          <ListFooter loadingMore={loadingMore} hasMore={nextCursor !== null} error={moreError} onRetry={() => void loadMore()} />
        </View>
      )}
    </View>
  );
}

function PurchaseRow({ purchase }: { purchase: PurchaseView }) {
  const refunded = purchase.status === 'refunded';
  const { busy, start } = useConfirmedAction(
    () => refundPurchase(purchase.purchaseId),
    (result) => {
      const owed = result.pointsOwed > 0 ? `；会员已用掉其中 ${formatPoints(result.pointsOwed)} 积分，记为待抵扣` : '';
      const back = result.walletReturnedFen > 0 ? `；已退回储值 ${formatFen(result.walletReturnedFen)}` : '';
      // Paid from a top-up the member has since refunded: that part goes back to their WeChat Pay.
      const cash = result.cashRefundedFen > 0 ? `；${formatFen(result.cashRefundedFen)} 原路退回会员微信` : '';
      return { title: '已退款', content: `扣回 ${formatPoints(result.pointsReversed)} 积分${owed}${back}${cash}。` };
    },
  );

  function askRefund() {
    const wallet = purchase.walletPaidFen > 0 ? `，退回储值 ${formatFen(purchase.walletPaidFen)}` : '';
    return start({
      title: `退款 ${formatFen(purchase.amountFen)}`,
      content: `将扣回本单 ${formatPoints(purchase.pointsEarned)} 积分${wallet}。现金或其他支付部分请按门店流程退还。`,
      confirmText: '确认退款',
      cancelText: '取消',
    });
  }

  return (
    <View className='row' id={`purchase-${purchase.purchaseId}`}>
      <View className='row__main'>
        <Text className='row__title'>
          {formatFen(purchase.amountFen)}
          {purchase.walletPaidFen > 0 ? `（储值 ${formatFen(purchase.walletPaidFen)}）` : ''}
        </Text>
        <Text className='row__sub'>
          {formatTime(purchase.createdAt)} · 会员 {purchase.memberNo.slice(-4)} · {formatSignedPoints(purchase.pointsEarned)} 积分
        </Text>
      </View>
      {refunded ? (
        <Text className='staff-home__refunded'>已退款</Text>
      ) : (
        <View className={`btn btn--danger btn--small${busy ? ' btn--disabled' : ''}`} id={`refund-${purchase.purchaseId}`} hoverClass='btn--hover' onClick={() => void askRefund()}>
          <Text>{busy ? '退款中…' : '退款'}</Text>
        </View>
      )}
    </View>
  );
}
