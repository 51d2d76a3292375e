import type { CouponView } from '@contract';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { CouponCard } from '../../components/coupon-card';
import { EmptyState, ErrorState, ListFooter, ListSkeleton } from '../../components/list-states';
import { COUPON_TABS, type CouponStatus, useMyCoupons } from '../../stores/coupons';
import { COUPON_CENTER_URL, couponDetailUrl } from './routes';
import './index.scss';

const EMPTY_TEXT: Record<CouponStatus, string> = {
  available: '还没有可以使用的券，去领券中心看看今天有什么好券。',
  used: '还没有用过券。',
  expired: '没有过期的券。',
};

/** 券包 (a tab): the member's coupons by status, a ticket each, a page at a time. */
export default function CouponsPage() {
  const list = useMyCoupons();
  // Badges and "有效期至" are judged at the time the list was shown; a refresh updates it.
  const now = Date.now();

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    // A coupon claimed, redeemed or used since the last visit shows at once.
    void list.refresh();
  });
  usePullDownRefresh(() => {
    void list.refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void list.loadMore();
  });

  function use(coupon: CouponView) {
    // A gift item is handed over by scanning its own code; any other coupon rides on the member code.
    if (coupon.benefit.kind === 'gift_item') void Taro.navigateTo({ url: couponDetailUrl(coupon.couponId) });
    else void Taro.switchTab({ url: '/pages/code/index' });
  }

  return (
    <View className='page coupons'>
      <View className='tabs coupons__tabs' id='coupon-tabs'>
        {COUPON_TABS.map((tab) => (
          <View
            key={tab.value}
            id={`coupon-tab-${tab.value}`}
            className={`tabs__tab${list.filter === tab.value ? ' tabs__tab--active' : ''}`}
            onClick={() => void list.setFilter(tab.value)}
          >
            <Text>{tab.label}</Text>
          </View>
        ))}
      </View>

      <View
        className='coupons__center-link'
        id='coupons-open-center'
        hoverClass='row--hover'
        onClick={() => void Taro.navigateTo({ url: COUPON_CENTER_URL })}
      >
        <Text>领券中心</Text>
        <Text className='coupons__center-more'>去领券 ›</Text>
      </View>

      <View className='coupons__list' id='coupon-list' data-status={list.filter}>
        {list.status === 'loading' || list.status === 'idle' ? (
          <View className='list'>
            <ListSkeleton id='coupons-loading' rows={3} />
          </View>
        ) : list.status === 'error' ? (
          <ErrorState id='coupons-error' message={list.error ?? ''} onRetry={() => void list.refresh()} />
        ) : list.items.length === 0 ? (
          <EmptyState
            id='coupons-empty'
            icon='券'
            text={EMPTY_TEXT[list.filter]}
            next={{ id: 'coupons-empty-center', label: '去领券中心', primary: list.filter === 'available', onClick: () => void Taro.navigateTo({ url: COUPON_CENTER_URL }) }}
          />
        ) : (
          <>
            {list.items.map((coupon) => (
              <CouponCard
                key={coupon.couponId}
                coupon={coupon}
                now={now}
                onOpen={() => void Taro.navigateTo({ url: couponDetailUrl(coupon.couponId) })}
                onUse={() => use(coupon)}
              />
            ))}
            <ListFooter loadingMore={list.loadingMore} hasMore={list.nextCursor !== null} error={list.moreError} onRetry={() => void list.loadMore()} />
          </>
        )}
      </View>
    </View>
  );
}
