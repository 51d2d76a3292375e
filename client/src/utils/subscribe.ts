import Taro from '@tarojs/taro';
import { useMemberStore } from '../stores/member';

/**
 * Asks the member, once per tap, whether the brand may send them these reminders (a coupon about
 * to expire, points about to expire). WeChat delivers a subscribe message only after such a
 * consent, and only lets a tap ask for it, so the handler of the tap calls this first, without
 * waiting. A refusal or an H5 build (no such API) is not an error: the action goes on.
 */
export function askForReminders(kinds: ('couponExpiry' | 'pointsExpiry')[]): void {
  if (process.env.TARO_ENV !== 'weapp') return;
  const templates = useMemberStore.getState().me?.subscribeTemplates;
  const tmplIds = templates ? kinds.map((kind) => templates[kind]).filter(Boolean) : [];
  if (tmplIds.length === 0) return;
  Promise.resolve(Taro.requestSubscribeMessage({ tmplIds } as Parameters<typeof Taro.requestSubscribeMessage>[0])).catch(() => undefined);
}
