import { Text, View } from '@tarojs/components';
import type { LedgerEntryView } from '@contract';
import { formatDateTime, formatFen, formatPoints, formatSignedFen, formatSignedPoints } from '../../utils/format';

/** One ledger row: why, when (brand time), and the signed amount in green or red. */
export function LedgerRow({ entry }: { entry: LedgerEntryView }) {
  const money = entry.asset === 'wallet';
  const amount = money ? formatSignedFen(entry.amount) : formatSignedPoints(entry.amount);
  const after = money ? `余额 ${formatFen(entry.balanceAfter)}` : `余额 ${formatPoints(entry.balanceAfter)}`;
  return (
    <View className='row ledger-row' data-kind={entry.kind} data-entry={entry.entryId}>
      <View className='row__main'>
        <Text className='row__title'>{entry.reason}</Text>
        <Text className='row__sub'>{formatDateTime(entry.createdAt)}</Text>
        {entry.split ? <Text className='row__sub ledger-row__split'>{describeSplit(entry.split)}</Text> : null}
      </View>
      <View className='row__side'>
        <Text className={`amount ${entry.amount >= 0 ? 'amount--plus' : 'amount--minus'}`}>{amount}</Text>
        <Text className='row__sub'>{after}</Text>
      </View>
    </View>
  );
}

/** "本金 -¥33.48 · 赠送 -¥5.02": what one wallet movement took from or gave to each part. */
export function describeSplit(split: { principal: number; bonus: number }): string {
  const parts = [
    split.principal !== 0 ? `本金 ${formatSignedFen(split.principal)}` : null,
    split.bonus !== 0 ? `赠送 ${formatSignedFen(split.bonus)}` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : '已原路退回';
}
