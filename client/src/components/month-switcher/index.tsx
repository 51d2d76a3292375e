import { Text, View } from '@tarojs/components';
import { monthLabel, shiftMonth } from '../../utils/month';
import './index.scss';

/** ‹ 2026年3月 ›: the month a leaderboard shows; never past `latest` (the current month). */
export function MonthSwitcher({ month, latest, onChange, id }: { month: string; latest: string | null; onChange: (month: string) => void; id?: string }) {
  const atLatest = latest !== null && month >= latest;
  return (
    <View className='month-switcher' id={id}>
      <View className='month-switcher__arrow' id={id ? `${id}-prev` : undefined} hoverClass='btn--hover' onClick={() => onChange(shiftMonth(month, -1))}>
        <Text>‹</Text>
      </View>
      <Text className='month-switcher__label'>{monthLabel(month)}</Text>
      <View
        className={`month-switcher__arrow${atLatest ? ' month-switcher__arrow--off' : ''}`}
        id={id ? `${id}-next` : undefined}
        hoverClass={atLatest ? 'none' : 'btn--hover'}
        onClick={atLatest ? undefined : () => onChange(shiftMonth(month, 1))}
      >
        <Text>›</Text>
      </View>
    </View>
  );
}
