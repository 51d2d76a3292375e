export default definePageConfig({
  navigationBarTitleText: '券包',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
  onReachBottomDistance: 120,
});
