export default definePageConfig({
  navigationBarTitleText: '邀请活动',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
