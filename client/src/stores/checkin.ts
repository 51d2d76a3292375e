import Taro from '@tarojs/taro';
import type { CheckInCalendarResult, CheckInResult } from '@contract';
import { create } from 'zustand';
import { callFunction, createRequestIdSlot, createRequestIdSlots } from '../api';
import { createKeyedResource } from './keyed-resource';
import { forgetOnSignOut } from './session';

/** The month shown: 'now' until the server has said which month today is in. */
export type CalendarKey = 'now' | string;

/** 签到日历: one month of check-ins with the streak, the next reward and what may be made up. */
export const useCheckInCalendar = createKeyedResource<CalendarKey, CheckInCalendarResult>((key, silent) =>
  callFunction('member', 'checkInCalendar', key === 'now' ? {} : { month: key }, { silent }),
);

interface CheckInActionsState {
  /** 'today' while checking in, a day while making it up. */
  busy: string | null;
  checkIn: () => Promise<CheckInResult | null>;
  makeUp: (day: string) => Promise<CheckInResult | null>;
}

const checkInSlot = createRequestIdSlot();
const makeUpSlots = createRequestIdSlots();

/** The answer's calendar is this month's: shown at once when this month is on screen. */
function showCalendar(calendar: CheckInCalendarResult): void {
  const shown = useCheckInCalendar.getState();
  if (shown.key === 'now' || shown.key === calendar.month) useCheckInCalendar.setState({ key: calendar.month, data: calendar, status: 'ready', error: null });
}

export const useCheckInActions = create<CheckInActionsState>()((set, get) => ({
  busy: null,
  checkIn: async () => {
    if (get().busy) return null;
    set({ busy: 'today' });
    try {
      const result = await checkInSlot.run((requestId) => callFunction('member', 'checkIn', {}, { requestId }));
      showCalendar(result.calendar);
      const coupon = result.reward.couponName ? `，得 ${result.reward.couponName}` : '';
      void Taro.showToast({ title: result.reward.points > 0 ? `签到成功 +${result.reward.points} 积分${coupon}` : `签到成功${coupon}`, icon: 'none' });
      return result;
    } catch {
      // Toasted by the call; ALREADY_CHECKED_IN means the calendar is stale.
      void useCheckInCalendar.getState().load();
      return null;
    } finally {
      set({ busy: null });
    }
  },
  makeUp: async (day) => {
    if (get().busy) return null;
    set({ busy: day });
    try {
      const result = await makeUpSlots(day).run((requestId) => callFunction('member', 'makeUpCheckIn', { day }, { requestId }));
      showCalendar(result.calendar);
      void Taro.showToast({ title: '补签成功', icon: 'success' });
      return result;
    } catch {
      void useCheckInCalendar.getState().load();
      return null;
    } finally {
      set({ busy: null });
    }
  },
}));

forgetOnSignOut(() => useCheckInActions.setState({ busy: null }));
