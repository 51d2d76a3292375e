export default definePageConfig({
  navigationBarTitleText: '门店码',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
