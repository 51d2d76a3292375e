import { Text, View } from '@tarojs/components';
import type { LedgerEntryView } from '@contract';
import { formatDateTime, formatFen, formatPoints, formatSignedFen, formatSignedPoints } from '../../utils/format';

const ASSET_NAMES: Record<LedgerEntryView['asset'], string> = {
  points: '积分',
  growth: '成长值',
  wallet_principal: '本金',
  wallet_bonus: '赠送',
};

/** One ledger entry: why, when (brand time), and the signed amount in green or red. */
export function LedgerRow({ entry }: { entry: LedgerEntryView }) {
  const money = entry.asset === 'wallet_principal' || entry.asset === 'wallet_bonus';
  const amount = money ? formatSignedFen(entry.amount) : formatSignedPoints(entry.amount);
  const after = money ? `${ASSET_NAMES[entry.asset]}余额 ${formatFen(entry.balanceAfter)}` : `余额 ${formatPoints(entry.balanceAfter)}`;
  return (
    <View className='row ledger-row' data-kind={entry.kind} data-entry={entry.entryId}>
      <View className='row__main'>
        <Text className='row__title'>{entry.reason}</Text>
        <Text className='row__sub'>{formatDateTime(entry.createdAt)}</Text>
      </View>
      <View className='row__side'>
        <Text className={`amount ${entry.amount >= 0 ? 'amount--plus' : 'amount--minus'}`}>{amount}</Text>
        <Text className='row__sub'>{after}</Text>
      </View>
    </View>
  );
}
