import { countLines } from './counts';

describe('countLines', () => {
  it.each([
    [{}, []],
    [{ profile: 1 }, [{ key: 'profile', label: '个人资料', count: 1 }]],
    [
      { ledgerEntries: 12, purchases: 3, coupons: 0 },
      [
        { key: 'ledgerEntries', label: '积分与储值流水', count: 12 },
        { key: 'purchases', label: '消费记录', count: 3 },
        { key: 'coupons', label: '优惠券', count: 0 },
      ],
    ],
    [
      // exportMyData's keys, each with a Chinese label.
      { accounts: 4, topupOrders: 1, walletRefunds: 1, couponRedemptions: 0, couponClaims: 2, consents: 3 },
      [
        { key: 'accounts', label: '积分与储值账户', count: 4 },
        { key: 'topupOrders', label: '充值订单', count: 1 },
        { key: 'walletRefunds', label: '储值退款记录', count: 1 },
        { key: 'couponRedemptions', label: '优惠券核销记录', count: 0 },
        { key: 'couponClaims', label: '领券记录', count: 2 },
        { key: 'consents', label: '授权记录', count: 3 },
      ],
    ],
    [
      // Issue 11 and 12 keys (paid membership, check-in, messages, referral).
      { planOrders: 1, paidMembership: 1, checkins: 5, checkinStreak: 1, subscribeQuotas: 1, inviteVisits: 2, referralRewards: 1 },
      [
        { key: 'planOrders', label: '付费会员订单', count: 1 },
        { key: 'paidMembership', label: '付费会员', count: 1 },
        { key: 'checkins', label: '签到记录', count: 5 },
        { key: 'checkinStreak', label: '连续签到记录', count: 1 },
        { key: 'subscribeQuotas', label: '消息订阅次数', count: 1 },
        { key: 'inviteVisits', label: '邀请访问记录', count: 2 },
        { key: 'referralRewards', label: '邀请奖励', count: 1 },
      ],
    ],
    [{ somethingNew: 2 }, [{ key: 'somethingNew', label: 'somethingNew', count: 2 }]],
  ] as [Record<string, number>, ReturnType<typeof countLines>][])('%j', (counts, lines) => {
    expect(countLines(counts)).toEqual(lines);
  });
});
