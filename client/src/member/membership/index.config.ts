export default definePageConfig({
  navigationBarTitleText: '付费会员',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
