import { Text, View } from '@tarojs/components';
import type { CheckInCalendarResult, CheckInRewardView } from '@contract';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { ErrorState, ListSkeleton } from '../../components/list-states';
import { useCheckInActions, useCheckInCalendar } from '../../stores/checkin';
import { askForReminders } from '../../utils/subscribe';
import { monthGrid, monthLabel, shiftMonth } from './model';
import './index.scss';

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

function rewardText(reward: CheckInRewardView): string {
  const parts = [reward.points > 0 ? `${reward.points} 积分` : '', reward.couponName ?? (reward.couponTemplateId ? '优惠券' : '')].filter(Boolean);
  return parts.length ? parts.join(' + ') : '无奖励';
}

/** 每日签到: this month's calendar, the streak and the next reward, 签到, 补签 of this week's missed days, earlier months. */
export default function CheckInPage() {
  const key = useCheckInCalendar((state) => state.key);
  const data = useCheckInCalendar((state) => state.data);
  const status = useCheckInCalendar((state) => state.status);
  const error = useCheckInCalendar((state) => state.error);
  const load = useCheckInCalendar((state) => state.load);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void load(key ?? 'now');
  });
  usePullDownRefresh(() => {
    void load(key ?? 'now').finally(() => Taro.stopPullDownRefresh());
  });

  return (
    <View className='page checkin' id='checkin-page'>
      {data ? (
        <CalendarView calendar={data} onMonth={(month) => void load(month)} />
      ) : status === 'error' ? (
        <ErrorState id='checkin-error' message={error ?? '签到信息没有加载出来'} onRetry={() => void load(key ?? 'now')} />
      ) : (
        <ListSkeleton id='checkin-loading' rows={5} />
      )}
    </View>
  );
}

function CalendarView({ calendar, onMonth }: { calendar: CheckInCalendarResult; onMonth: (month: string) => void }) {
  const busy = useCheckInActions((state) => state.busy);
  const checkIn = useCheckInActions((state) => state.checkIn);
  const makeUp = useCheckInActions((state) => state.makeUp);
  const thisMonth = calendar.today.slice(0, 7);
  const checked = new Set(calendar.checkedDays);
  const madeUp = new Set(calendar.madeUpDays);
  const missable = new Set(calendar.makeUp.days);

  const onCheckIn = () => {
    // The tap may ask for the account reminders (one message per consent); the check-in does not wait.
    void askForReminders(['pointsExpiry', 'couponExpiry']);
    void checkIn();
  };

  const onMakeUp = async (day: string) => {
    if (busy) return;
    const { makeUp: rule } = calendar;
    if (rule.leftThisMonth <= 0) {
      void Taro.showToast({ title: '本月补签次数已用完', icon: 'none' });
      return;
    }
    const answer = await Taro.showModal({
      title: `补签 ${Number(day.slice(5, 7))}月${Number(day.slice(8))}日`,
      content: `${rule.costPoints > 0 ? `需要 ${rule.costPoints} 积分，` : ''}本月还可补签 ${rule.leftThisMonth} 次。补签可接上连续签到，当天不再发签到奖励。`,
      confirmText: '补签',
    });
    if (answer.confirm) void makeUp(day);
  };

  return (
    <>
      <View className='card checkin__head' id='checkin-head'>
        <Text className='checkin__streak' id='checkin-streak'>
          {calendar.streak > 0 ? `已连续签到 ${calendar.streak} 天` : '今天开始连续签到'}
        </Text>
        {calendar.next ? (
          <Text className='checkin__next' id='checkin-next'>
            {calendar.next.inDays === 1 ? (calendar.checkedToday ? '明天签到' : '今天签到') : `再签 ${calendar.next.inDays} 天`}得 {rewardText(calendar.next.reward)}
          </Text>
        ) : null}
        <View
          id='checkin-button'
          className={`btn btn--primary btn--big checkin__button${calendar.checkedToday || busy ? ' btn--disabled' : ''}`}
          hoverClass={calendar.checkedToday ? 'none' : 'btn--hover'}
          onClick={calendar.checkedToday || busy ? undefined : onCheckIn}
        >
          {busy === 'today' ? '正在签到…' : calendar.checkedToday ? '今日已签到' : '签到'}
        </View>
      </View>

      <View className='card checkin__calendar' id='checkin-calendar'>
        <View className='checkin__months'>
          <View className='checkin__month-button' id='checkin-prev-month' hoverClass='btn--hover' onClick={() => onMonth(shiftMonth(calendar.month, -1))}>
            <Text>‹</Text>
          </View>
          <Text className='checkin__month' id='checkin-month'>{monthLabel(calendar.month)}</Text>
          <View
            className={`checkin__month-button${calendar.month >= thisMonth ? ' btn--disabled' : ''}`}
            id='checkin-next-month'
            hoverClass='btn--hover'
            onClick={calendar.month >= thisMonth ? undefined : () => onMonth(shiftMonth(calendar.month, 1))}
          >
            <Text>›</Text>
          </View>
        </View>
        <View className='checkin__row'>
          {WEEKDAYS.map((w) => (
            <Text key={w} className='checkin__weekday'>{w}</Text>
          ))}
        </View>
        {monthGrid(calendar.month).map((row, i) => (
          <View key={i} className='checkin__row'>
            {row.map((day, j) => {
              if (!day) return <View key={`pad-${j}`} className='checkin__day checkin__day--pad' />;
              const state = madeUp.has(day) ? 'made-up' : checked.has(day) ? 'checked' : missable.has(day) ? 'missable' : day === calendar.today ? 'today' : day > calendar.today ? 'future' : 'missed';
              return (
                <View
                  key={day}
                  id={`checkin-day-${day}`}
                  className={`checkin__day checkin__day--${state}${day === calendar.today ? ' checkin__day--is-today' : ''}`}
                  onClick={state === 'missable' ? () => void onMakeUp(day) : undefined}
                >
                  <Text className='checkin__date'>{Number(day.slice(8))}</Text>
                  <Text className='checkin__mark'>{state === 'checked' ? '✓' : state === 'made-up' ? '补' : state === 'missable' ? (busy === day ? '…' : '补签') : ''}</Text>
                </View>
              );
            })}
          </View>
        ))}
        {calendar.checkedDays.length === 0 ? (
          <Text className='checkin__empty' id='checkin-empty'>
            {calendar.month === thisMonth ? '本月还没有签到，今天就开始吧' : '这个月没有签到记录'}
          </Text>
        ) : null}
        {calendar.month === thisMonth && calendar.makeUp.days.length > 0 ? (
          <Text className='checkin__hint' id='checkin-makeup-hint'>
            点“补签”补上本周漏签的日子{calendar.makeUp.costPoints > 0 ? `，每次 ${calendar.makeUp.costPoints} 积分` : ''}，本月还可补签 {calendar.makeUp.leftThisMonth} 次
          </Text>
        ) : null}
      </View>

      <Text className='section-title'>连续签到奖励</Text>
      <View className='list' id='checkin-rewards'>
        {calendar.rewards.map((reward) => (
          <View key={reward.streakDay} className={`row${reward.streakDay === calendar.streak ? ' checkin__reward--current' : ''}`}>
            <Text className='row__title'>第 {reward.streakDay} 天</Text>
            <Text className='checkin__reward'>{rewardText(reward)}</Text>
          </View>
        ))}
      </View>
    </>
  );
}
