import { Text, View } from '@tarojs/components';
import type { CheckoutQuote } from '@contract';
import { lastValidText } from '../../components/coupon-card/validity';
import { formatFen } from '../../utils/format';
import { orderCoupons } from './coupon-selection';

interface CouponChipsProps {
  quote: CheckoutQuote;
  busy: boolean;
  onToggle: (couponId: string) => void;
  onNone: () => void;
}

/**
 * The member's coupons for this order: usable ones as chips (the quote's pick checked; tap to
 * choose another, a second stackable one, or 不使用优惠券), unusable ones greyed with the reason.
 */
export function CouponChips({ quote, busy, onToggle, onNone }: CouponChipsProps) {
  if (quote.coupons.length === 0) {
    return (
      <Text className='staff__hint' id='quote-coupons-empty'>
        该会员没有优惠券
      </Text>
    );
  }
  const noneChosen = quote.selectedCouponIds.length === 0;
  const anyUsable = quote.coupons.some((coupon) => coupon.usable);
  return (
    <View className='quote-coupons' id='quote-coupons'>
      {orderCoupons(quote.coupons).map((coupon) => {
        const selected = quote.selectedCouponIds.includes(coupon.couponId);
        return (
          <View
            key={coupon.couponId}
            id={`coupon-${coupon.couponId}`}
            className={`quote-coupon${selected ? ' quote-coupon--selected' : ''}${coupon.usable ? '' : ' quote-coupon--unusable'}`}
            data-selected={selected ? 'true' : 'false'}
            data-usable={coupon.usable ? 'true' : 'false'}
            hoverClass={coupon.usable ? 'quote-coupon--hover' : 'none'}
            onClick={() => !busy && coupon.usable && onToggle(coupon.couponId)}
          >
            <View className='quote-coupon__check'>{selected ? <Text>✓</Text> : null}</View>
            <View className='quote-coupon__text'>
              <Text className='quote-coupon__rule'>{coupon.rule}</Text>
              <Text className='quote-coupon__name'>
                {coupon.name} · {lastValidText(coupon.validUntil)} 到期
              </Text>
              {coupon.usable ? null : <Text className='quote-coupon__reason'>{coupon.reasonText ?? '本单不可用'}</Text>}
            </View>
            {coupon.usable && coupon.discountAloneFen > 0 ? <Text className='quote-coupon__save'>-{formatFen(coupon.discountAloneFen)}</Text> : null}
          </View>
        );
      })}
      {anyUsable ? (
        <View
          id='coupon-none'
          className={`quote-coupon quote-coupon--none${noneChosen ? ' quote-coupon--selected' : ''}`}
          data-selected={noneChosen ? 'true' : 'false'}
          hoverClass='quote-coupon--hover'
          onClick={() => !busy && !noneChosen && onNone()}
        >
          <View className='quote-coupon__check'>{noneChosen ? <Text>✓</Text> : null}</View>
          <Text className='quote-coupon__rule'>不使用优惠券</Text>
        </View>
      ) : null}
    </View>
  );
}
