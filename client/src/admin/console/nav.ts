import type { OperatorRole } from '@contract';

// The console's pages, in the order the navigation shows them, and the roles each is for (the
// server checks every action again; this only hides what a role cannot use).

export interface ConsolePage {
  key: string;
  title: string;
  path: string;
  roles: readonly OperatorRole[];
}

const ALL: readonly OperatorRole[] = ['owner', 'manager', 'analyst', 'store_manager'];
const READERS: readonly OperatorRole[] = ['owner', 'manager', 'analyst'];
const MANAGERS: readonly OperatorRole[] = ['owner', 'manager'];
const STORE_KEEPERS: readonly OperatorRole[] = ['owner', 'manager', 'store_manager'];

export const CONSOLE_PAGES: ConsolePage[] = [
  { key: 'overview', title: '概览', path: '/admin/overview/index', roles: ALL },
  { key: 'members', title: '会员', path: '/admin/members/index', roles: READERS },
  { key: 'bulk-grant', title: '批量发积分', path: '/admin/bulk-grant/index', roles: MANAGERS },
  { key: 'coupons', title: '优惠券', path: '/admin/coupons/index', roles: READERS },
  { key: 'coupon-issue', title: '批量发券', path: '/admin/coupon-issue/index', roles: MANAGERS },
  { key: 'paid-plans', title: '付费会员卡', path: '/admin/paid-plans/index', roles: READERS },
  { key: 'messages', title: '消息发送', path: '/admin/messages/index', roles: READERS },
  { key: 'rules', title: '规则', path: '/admin/rules/index', roles: READERS },
  { key: 'referral-campaigns', title: '邀请活动', path: '/admin/referral-campaigns/index', roles: READERS },
  { key: 'referral-rewards', title: '邀请奖励审核', path: '/admin/referral-rewards/index', roles: READERS },
  { key: 'referral-report', title: '邀请数据', path: '/admin/referral-report/index', roles: ALL },
  { key: 'stores', title: '门店与店员', path: '/admin/stores/index', roles: ALL },
  { key: 'store-codes', title: '门店码', path: '/admin/store-codes/index', roles: STORE_KEEPERS },
  { key: 'guide-settings', title: '导购设置', path: '/admin/guide-settings/index', roles: READERS },
  { key: 'operators', title: '运营人员', path: '/admin/operators/index', roles: ['owner'] },
  { key: 'audit', title: '审计日志', path: '/admin/audit/index', roles: ALL },
];

export function pagesFor(role: OperatorRole): ConsolePage[] {
  return CONSOLE_PAGES.filter((page) => page.roles.includes(role));
}

/** Where an operator lands on opening the console. */
export function homeFor(role: OperatorRole): string {
  return pagesFor(role)[0]?.path ?? '/admin/stores/index';
}
