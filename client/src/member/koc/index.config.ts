export default definePageConfig({
  navigationBarTitleText: '邀请达人榜',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
