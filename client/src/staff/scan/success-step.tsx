import { Text, View } from '@tarojs/components';
import type { RecordPurchaseResult } from '@contract';
import Taro from '@tarojs/taro';
import { useCheckout } from '../../stores/checkout';
import { readableOn, tierColor } from '../../theme';
import { formatFen, formatPoints, formatSignedPoints } from '../../utils/format';
import { Fact } from '../components/fact';
import { QuoteLines } from './quote-lines';

/** ✓ 收款成功: the breakdown as confirmed, what was used and what the order earned. */
export function SuccessStep({ onNext }: { onNext: () => void }) {
  const result = useCheckout((state) => state.result);
  if (!result) return null;
  return (
    <View>
      <View className='staff__outcome' id='staff-result'>
        <View className='staff__mark staff__mark--ok'>
          <View className='staff__tick' />
        </View>
        <Text className='staff__outcome-title'>收款成功</Text>
        <Text className='staff__points' id='staff-result-points'>
          {formatSignedPoints(result.pointsEarned)} 积分
        </Text>
        {result.upgraded ? <UpgradeBanner result={result} /> : null}
        <View className='staff__facts'>
          <QuoteLines id='result-lines' lines={result.lines} settled />
        </View>
        <View className='staff__facts' id='result-used'>
          {result.coupons.map((coupon) => (
            <Fact key={coupon.couponId} label={`已用券 ${coupon.name}`} value={`-${formatFen(coupon.discountFen)}`} />
          ))}
          {result.pointsSpent > 0 ? <Fact label='抵现积分' value={`${formatPoints(result.pointsSpent)} 积分`} /> : null}
          {result.walletPaidFen > 0 ? (
            <Fact label='储值支付' value={`${formatFen(result.walletPaidFen)}（本金 ${formatFen(result.walletPaid.principal)} · 赠送 ${formatFen(result.walletPaid.bonus)}）`} />
          ) : null}
          <Fact label='获得积分' value={formatSignedPoints(result.pointsEarned)} id='result-earned' />
          <Fact label='获得成长值' value={formatSignedPoints(result.growthEarned)} />
          <Fact label='积分余额' value={formatPoints(result.balances.points)} />
          {result.balances.walletFen !== null ? <Fact label='储值余额' value={formatFen(result.balances.walletFen)} /> : null}
        </View>
        {result.debtSettled > 0 ? <Text className='staff__note'>其中 {formatPoints(result.debtSettled)} 积分抵扣了此前退款欠下的积分</Text> : null}
        {result.pointsCappedBy > 0 ? <Text className='staff__note'>已达每日积分上限，本单少计 {formatPoints(result.pointsCappedBy)} 积分</Text> : null}
      </View>
      <View className='staff__actions'>
        <View id='staff-next' className='btn btn--primary btn--big' hoverClass='btn--hover' onClick={onNext}>
          <Text>继续收银</Text>
        </View>
        <View className='btn btn--ghost staff__secondary' hoverClass='btn--hover' onClick={() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/staff/home/index' }))}>
          <Text>返回今日记录</Text>
        </View>
      </View>
    </View>
  );
}

function UpgradeBanner({ result }: { result: RecordPurchaseResult }) {
  const color = tierColor(result.tier.code, result.tier.color);
  return (
    <View className='staff__banner' id='staff-upgraded' style={{ backgroundColor: color, color: readableOn(color) }}>
      <Text>会员升级为 {result.tier.name}！</Text>
    </View>
  );
}
