export default definePageConfig({
  navigationBarTitleText: '券详情',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
