// The export's counts (`{ profile: 1, ledgerEntries: 42, … }`) as lines a member reads. A key
// this list does not know yet still shows, under its own name, so nothing in the file is hidden.

const LABELS: Record<string, string> = {
  profile: '个人资料',
  accounts: '积分与储值账户',
  balances: '积分与储值账户',
  ledgerEntries: '积分与储值流水',
  purchases: '消费记录',
  coupons: '优惠券',
  consents: '授权记录',
  policies: '协议同意记录',
  acceptances: '协议同意记录',
  topups: '充值订单',
  topupOrders: '充值订单',
  refunds: '退款记录',
  walletRefunds: '储值退款记录',
  redemptions: '兑换记录',
  couponRedemptions: '优惠券核销记录',
  couponClaims: '领券记录',
  planOrders: '付费会员订单',
  paidMembership: '付费会员',
  checkins: '签到记录',
  checkinStreak: '连续签到记录',
  subscribeQuotas: '消息订阅次数',
  inviteVisits: '邀请访问记录',
  referralRewards: '邀请奖励',
  exports: '导出记录',
  identities: '微信账号关联',
};

export interface CountLine {
  key: string;
  label: string;
  count: number;
}

export function countLines(counts: Record<string, number>): CountLine[] {
  return Object.entries(counts).map(([key, count]) => ({ key, label: LABELS[key] ?? key, count }));
}
