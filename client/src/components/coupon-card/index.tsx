import type { CouponView } from '@contract';
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { formatDateTime } from '../../utils/format';
import { benefitFace } from './benefit';
import { expiryBadge, statusStamp, validityText } from './validity';
import './index.scss';

export type TicketTone = 'primary' | 'accent' | 'muted';

/**
 * The ticket shape every coupon is drawn in: the face (value) on the left, a perforation with a
 * notch at each end, the body on the right. The 领券中心 and the 积分商城 use it too.
 */
export function Ticket({ face, children, tone = 'primary', id, className, onClick }: { face: ReactNode; children: ReactNode; tone?: TicketTone; id?: string; className?: string; onClick?: () => void }) {
  return (
    <View className={`ticket ticket--${tone}${className ? ` ${className}` : ''}`} id={id} hoverClass={onClick ? 'ticket--hover' : undefined} onClick={onClick}>
      <View className='ticket__face'>{face}</View>
      <View className='ticket__body'>{children}</View>
    </View>
  );
}

/** The large value of a held coupon: ¥20 / 8.5折 / 兑换, its condition under it. */
export function CouponFace({ benefit }: { benefit: CouponView['benefit'] }) {
  const face = benefitFace(benefit);
  return (
    <>
      <View className='ticket__value'>
        {face.prefix ? <Text className='ticket__unit'>{face.prefix}</Text> : null}
        <Text className={`ticket__number${face.value.length > 4 ? ' ticket__number--long' : ''}`}>{face.value}</Text>
        {face.suffix ? <Text className='ticket__unit'>{face.suffix}</Text> : null}
      </View>
      <Text className='ticket__condition'>{face.condition}</Text>
    </>
  );
}

/**
 * A coupon in 券包: tapping it opens its detail; 去使用 opens what the counter scans (the member
 * code, or the gift coupon's own code on its detail page).
 */
export function CouponCard({ coupon, now, onOpen, onUse }: { coupon: CouponView; now: number; onOpen: () => void; onUse: () => void }) {
  const badge = expiryBadge(coupon, now);
  const stamp = statusStamp(coupon.status);
  const tone: TicketTone = coupon.status !== 'available' ? 'muted' : coupon.benefit.kind === 'gift_item' ? 'accent' : 'primary';
  return (
    <Ticket face={<CouponFace benefit={coupon.benefit} />} tone={tone} id={`coupon-${coupon.couponId}`} className={`coupon-card coupon-card--${coupon.status}`} onClick={onOpen}>
      <View className='ticket__head'>
        <Text className='ticket__name'>{coupon.name}</Text>
        {badge ? <Text className='ticket__badge coupon-card__expiring'>{badge.label}</Text> : null}
      </View>
      <Text className='ticket__line'>{coupon.status === 'used' && coupon.usedAt ? `${formatDateTime(coupon.usedAt)} 使用` : validityText(coupon.validFrom, coupon.validUntil, now)}</Text>
      {badge ? <Text className='ticket__line ticket__line--warn'>{badge.detail}</Text> : null}
      <View className='ticket__foot'>
        {stamp ? (
          <Text className='ticket__stamp'>{stamp}</Text>
        ) : (
          <View
            className='btn btn--primary btn--small ticket__action coupon-card__use'
            id={`coupon-use-${coupon.couponId}`}
            hoverClass='btn--hover'
            onClick={(event) => {
              // The card opens the detail; this button goes straight to the counter code.
              event.stopPropagation();
              onUse();
            }}
          >
            <Text>去使用</Text>
          </View>
        )}
      </View>
    </Ticket>
  );
}
