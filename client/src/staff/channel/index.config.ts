export default definePageConfig({
  navigationBarTitleText: '我的导购码',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
