export default definePageConfig({
  navigationBarTitleText: '付费会员卡',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
