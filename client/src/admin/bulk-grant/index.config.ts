export default definePageConfig({
  navigationBarTitleText: '批量发放积分',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
