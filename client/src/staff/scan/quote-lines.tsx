import { Text, View } from '@tarojs/components';
import type { PriceLineView } from '@contract';
import { lineAmountText } from './pay-text';

/**
 * The server's breakdown, line by line and worded as it sent them (原价, 会员价, 优惠券, 积分抵现,
 * 储值支付, 还需支付): the cashier and the member read the same lines. `stale` dims them while
 * the next price is on its way. Once the order is `settled`, what was still to pay reads as what
 * the till took (门店收款).
 */
export function QuoteLines({ id, lines, stale = false, settled = false }: { id: string; lines: PriceLineView[]; stale?: boolean; settled?: boolean }) {
  return (
    <View className={`quote${stale ? ' quote--stale' : ''}`} id={id}>
      {lines.map((line, index) => (
        <View
          key={`${line.kind}-${line.couponId ?? index}`}
          className={`quote-line quote-line--${line.kind}`}
          data-kind={line.kind}
          data-fen={String(line.amountFen)}
        >
          <Text className='quote-line__label'>{settled && line.kind === 'remainder' ? '门店收款' : line.label}</Text>
          <Text className='quote-line__amount'>{lineAmountText(line)}</Text>
        </View>
      ))}
    </View>
  );
}
