export default definePageConfig({
  navigationBarTitleText: '批量发放',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
