import { Text, View } from '@tarojs/components';
import type { GiftRedemptionView, PurchaseView } from '@contract';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { useConfirmedAction } from '../../components/confirmed-action';
import { EmptyState, ErrorState, ListFooter, ListSkeleton } from '../../components/list-states';
import { useCheckout } from '../../stores/checkout';
import { useGiftVerification } from '../../stores/staff-gift';
import { refundPurchase, undoGiftRedemption, useStaffDay, useStaffIdentity, useStaffPurchases } from '../../stores/staff';
import { formatFen, formatPoints, formatSignedPoints, formatTime } from '../../utils/format';
import { messageOf } from '../../api';
import { useNow } from '../components/use-now';
import { canUndo, undoTimeLeft } from '../gift/undo-window';
import { refundAsk, refundOutcome } from './refund-text';
import '../staff.scss';
import './index.scss';

/** The cashier's home: which store, one big 扫码收银 button, 兑换券核销, and today's log with refunds and undos. */
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
      <View
        id='staff-gift'
        className='btn btn--ghost btn--big staff-home__gift'
        hoverClass='btn--hover'
        onClick={() => {
          useGiftVerification.getState().restart();
          void Taro.navigateTo({ url: '/staff/gift/index' });
        }}
      >
        <Text>兑换券核销</Text>
      </View>
      <View id='staff-channel' className='btn btn--ghost staff-home__gift' hoverClass='btn--hover' onClick={() => void Taro.navigateTo({ url: '/staff/channel/index' })}>
        <Text>我的导购码</Text>
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
  const { count, takenFen, discountFen, couponsUsed, giftRedemptions } = useStaffDay();
  const ready = status === 'ready';

  return (
    <View id='staff-log'>
      <View className='staff-home__log-head'>
        <Text className='section-title staff-home__log-title'>今日记录</Text>
        {ready ? (
          <Text className='staff-home__log-total' id='staff-log-count'>
            {count} 笔
          </Text>
        ) : null}
      </View>
      {ready ? (
        <View className='staff-home__totals' id='staff-day-totals'>
          <DayTotal id='day-taken' label='收款' value={formatFen(takenFen)} />
          <DayTotal id='day-discount' label='优惠' value={formatFen(discountFen)} />
          <DayTotal id='day-coupons' label='用券' value={`${couponsUsed} 张`} />
        </View>
      ) : null}
      {ready && giftRedemptions.length > 0 ? <GiftRedemptions redemptions={giftRedemptions} /> : null}
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

function DayTotal({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <View className='staff-home__total' id={id}>
      <Text className='staff-home__total-label'>{label}</Text>
      <Text className='staff-home__total-value'>{value}</Text>
    </View>
  );
}

function PurchaseRow({ purchase }: { purchase: PurchaseView }) {
  const refunded = purchase.status === 'refunded';
  const { busy, start } = useConfirmedAction(
    () => refundPurchase(purchase.purchaseId),
    (result) => refundOutcome(result, purchase),
  );
  const used = [
    purchase.discountFen > 0 ? `优惠 ${formatFen(purchase.discountFen)}` : '',
    purchase.coupons.length > 0 ? `用券 ${purchase.coupons.map((coupon) => coupon.name).join('、')}` : '',
    purchase.pointsSpent > 0 ? `抵现 ${formatPoints(purchase.pointsSpent)} 积分` : '',
  ].filter(Boolean);

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
        {used.length > 0 ? (
          <Text className='row__sub staff-home__used' id={`purchase-used-${purchase.purchaseId}`}>
            {used.join(' · ')}
          </Text>
        ) : null}
      </View>
      {refunded ? (
        <Text className='staff-home__refunded'>已退款</Text>
      ) : (
        <View className={`btn btn--danger btn--small${busy ? ' btn--disabled' : ''}`} id={`refund-${purchase.purchaseId}`} hoverClass='btn--hover' onClick={() => void start({ ...refundAsk(purchase), confirmText: '确认退款', cancelText: '取消' })}>
          <Text>{busy ? '退款中…' : '退款'}</Text>
        </View>
      )}
    </View>
  );
}

/** 今日兑换: the gift items this cashier handed over today, with 撤销 while the window is open. */
function GiftRedemptions({ redemptions }: { redemptions: GiftRedemptionView[] }) {
  const now = useNow(1000);
  const undone = redemptions.filter((r) => r.status === 'undone').length;
  return (
    <View className='list staff-home__gifts' id='staff-gift-log'>
      <Text className='staff-home__gifts-title'>
        今日兑换 {redemptions.filter((r) => r.status === 'redeemed').length} 件{undone > 0 ? `（另撤销 ${undone} 件）` : ''}
      </Text>
      {redemptions.map((redemption) => (
        <GiftRow key={redemption.redemptionId} redemption={redemption} now={now} />
      ))}
    </View>
  );
}

function GiftRow({ redemption, now }: { redemption: GiftRedemptionView; now: number }) {
  const { busy, start } = useConfirmedAction(
    async () => {
      try {
        return await undoGiftRedemption(redemption.redemptionId);
      } catch (error) {
        // Said plainly, in a dialog rather than a toast: e.g. 核销已超过 10 分钟，不能撤销；如需退回请走退款.
        await Taro.showModal({ title: '不能撤销', content: messageOf(error), showCancel: false, confirmText: '知道了' });
        throw error;
      }
    },
    () => ({ title: '已撤销', content: `「${redemption.itemName}」的核销已撤销，兑换券已退回会员。` }),
  );
  const undoable = canUndo(redemption, now);
  return (
    <View className='row' id={`gift-${redemption.redemptionId}`} data-status={redemption.status}>
      <View className='row__main'>
        <Text className='row__title'>{redemption.itemName}</Text>
        <Text className='row__sub'>
          {formatTime(redemption.redeemedAt)} · {redemption.memberNoMasked} · {redemption.name}
        </Text>
      </View>
      {redemption.status === 'undone' ? (
        <Text className='staff-home__refunded'>已撤销</Text>
      ) : undoable ? (
        <View
          className={`btn btn--ghost btn--small${busy ? ' btn--disabled' : ''}`}
          id={`gift-undo-${redemption.redemptionId}`}
          hoverClass='btn--hover'
          onClick={() =>
            void start({ title: `撤销核销「${redemption.itemName}」`, content: `兑换券退回会员（${undoTimeLeft(redemption.undoUntil, now)} 内可撤销）。`, confirmText: '确认撤销', cancelText: '取消' })
          }
        >
          <Text>{busy ? '撤销中…' : '撤销'}</Text>
        </View>
      ) : (
        <Text className='staff-home__refunded'>已核销</Text>
      )}
    </View>
  );
}
