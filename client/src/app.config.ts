// Consumer pages live in the main package; the cashier's and the operator's pages are
// subpackages, loaded only by those who open them. The dev login page exists only in the H5
// build (local development and browser tests).
const devPages = process.env.TARO_ENV === 'h5' ? ['pages/dev-login/index'] : [];

export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/code/index',
    'pages/coupons/index',
    'pages/mine/index',
    'pages/points/index',
    'pages/tier/index',
    'pages/wallet/index',
    ...devPages,
  ],
  subPackages: [
    // The member's pages that are not tabs: 领券中心, a coupon's detail and code, 积分商城,
    // 个人资料, 隐私与授权 with its documents, 我的数据 and 注销.
    {
      root: 'member',
      pages: [
        'center/index',
        'coupon/index',
        'mall/index',
        'profile/index',
        'privacy/index',
        'privacy-policy/index',
        'stored-value-agreement/index',
        'my-data/index',
        'delete-account/index',
        'membership/index',
        // 每日签到: the calendar, 签到 and 补签.
        'checkin/index',
        // 邀请有礼 (share card, poster), 我的邀请 and 邀请达人榜.
        'invite/index',
        'invites/index',
        'koc/index',
      ],
    },
    { root: 'staff', pages: ['home/index', 'scan/index', 'bind/index', 'gift/index', 'channel/index'] },
    {
      root: 'admin',
      pages: [
        'index/index',
        'overview/index',
        'members/index',
        'member/index',
        'bulk-grant/index',
        'rules/index',
        'stores/index',
        'operators/index',
        'audit/index',
        'bind/index',
        'coupons/index',
        'coupon/index',
        'coupon-issue/index',
        // 邀请活动, 邀请奖励审核, 邀请数据, 门店码 and 导购设置.
        'referral-campaigns/index',
        'referral-rewards/index',
        'referral-report/index',
        'store-codes/index',
        'guide-settings/index',
        'paid-plans/index',
        'messages/index',
      ],
    },
  ],
  // Opening 券包 or 首页 fetches the member subpackage in the background: a tap on 领券中心 or
  // 积分商城 opens at once.
  preloadRule: {
    'pages/coupons/index': { network: 'all', packages: ['member'] },
    'pages/index/index': { network: 'all', packages: ['member'] },
  },
  tabBar: {
    color: '#8f948f',
    selectedColor: '#2f5d50',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/code/index', text: '会员码', iconPath: 'assets/tab/code.png', selectedIconPath: 'assets/tab/code-active.png' },
      { pagePath: 'pages/coupons/index', text: '券包', iconPath: 'assets/tab/coupon.png', selectedIconPath: 'assets/tab/coupon-active.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab/mine.png', selectedIconPath: 'assets/tab/mine-active.png' },
    ],
  },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#2f5d50',
    navigationBarTitleText: '鹿角咖啡',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f6f1e9',
  },
});
