export default definePageConfig({
  navigationBarTitleText: '邀请奖励审核',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
